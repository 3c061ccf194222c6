// The server's JSON API (docs/api.md): plain reads, and a run answered as JSON lines.

export async function getJSON(url) {
  const response = await fetch(url);
  const body = await response.json();
  if (!response.ok) throw new RequestFailed(response.status, body);
  return body;
}

export class RequestFailed extends Error {
  constructor(status, body) {
    super(body && body.error ? body.error : `the server answered ${status}`);
    this.status = status;
    this.field = body && body.field ? body.field : "";
  }
}

// Runs `request`; onQueued(ahead) and onProgress(done, total) as lines arrive; the result at
// the end. Aborting `signal` closes the connection, which stops the run on the server.
export async function run(request, { onQueued, onProgress, signal }) {
  const response = await fetch("/api/run", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(request),
    signal,
  });
  if (!response.ok) throw new RequestFailed(response.status, await response.json());
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffered = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffered += decoder.decode(value, { stream: true });
    let newline;
    while ((newline = buffered.indexOf("\n")) >= 0) {
      const line = JSON.parse(buffered.slice(0, newline));
      buffered = buffered.slice(newline + 1);
      if (line.queued) onQueued(line.queued.ahead);
      if (line.progress) onProgress(line.progress.done, line.progress.total);
      if (line.result) return line.result;
      if (line.error) throw new RequestFailed(500, line);
      if (line.cancelled) throw new DOMException("cancelled", "AbortError");
    }
  }
  throw new Error("the server closed the connection before the result");
}
