// The view as the page's address: #scenario=baseline&days=365&replications=10&seed=2023 and
// each changed field (services.p2_north.capacity=120), so that a link reproduces the view. The
// same string is the download links' query.

export function encodeState({ scenario, days, replications, seed, changes }) {
  const params = new URLSearchParams();
  params.set("scenario", scenario);
  if (days !== undefined) params.set("days", String(days));
  if (replications !== undefined) params.set("replications", String(replications));
  if (seed !== undefined) params.set("seed", String(seed));
  for (const [key, value] of Object.entries(changes)) params.set(key, String(value));
  return params.toString();
}

export function decodeState(text) {
  const params = new URLSearchParams(text.replace(/^#/, ""));
  if (!params.has("scenario")) return null;
  const state = { scenario: params.get("scenario"), changes: {} };
  for (const [key, value] of params) {
    if (key === "scenario") continue;
    if (key === "days" || key === "replications" || key === "seed") state[key] = value;
    else state.changes[key] = value;
  }
  return state;
}
