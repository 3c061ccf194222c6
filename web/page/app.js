// The page: choose a scenario, change its fields, run it against the scenario as it stands, and
// show the answer. The address holds the view (url_state.js), so a link reproduces it.

import { getJSON, run, RequestFailed } from "./api.js";
import { renderCharts } from "./charts.js";
import { applyChanges, changesOf, focusField, renderFields, resetFields } from "./fields.js";
import { renderResults } from "./results.js";
import { decodeState, encodeState } from "./url_state.js";

const $ = (id) => document.getElementById(id);
let scenario = null;  // GET /api/scenarios/<id>
let running = null;   // the AbortController of the run in progress

function settings() {
  return {
    scenario: scenario.id,
    days: $("days").value.trim(),
    replications: $("replications").value.trim(),
    seed: $("seed").value.trim(),
    changes: changesOf(scenario.fields),
  };
}

function setStatus(text) {
  $("status").textContent = text;
}

function showError(error) {
  $("error").textContent = error ? error.message : "";
  if (error && error.field) focusField(error.field);
}

async function chooseScenario(id, state) {
  scenario = await getJSON(`/api/scenarios/${encodeURIComponent(id)}`);
  $("scenario").value = scenario.id;
  $("scenario-description").textContent = scenario.description;
  renderFields(scenario.fields, $("capacity-fields"), $("lever-fields"));
  $("days").value = state && state.days ? state.days : scenario.run.days;
  $("replications").value = state && state.replications ? state.replications : scenario.run.replications;
  $("seed").value = state && state.seed ? state.seed : scenario.run.seed;
  if (state) {
    const unknown = applyChanges(scenario.fields, state.changes);
    if (unknown.length) showError(new Error(`The link changes fields this scenario does not have: ${unknown.join(", ")}`));
  }
}

function updateLinks(state) {
  const query = encodeState(state);
  history.replaceState(null, "", `#${query}`);
  $("share-link").href = `${location.pathname}#${query}`;
  $("download-toml").href = `/api/download/scenario.toml?${query}`;
  $("download-csv").href = `/api/download/results.csv?${query}`;
  $("download-unchanged-h5").href = `/api/download/unchanged.h5?${query}`;
  $("download-changed-h5").href = `/api/download/changed.h5?${query}`;
}

async function runNow() {
  if (running) running.abort();
  showError(null);
  const state = settings();
  const controller = new AbortController();
  running = controller;
  const started = performance.now();
  $("cancel").disabled = false;  // Run stays enabled (and keeps the focus): pressing it again starts afresh
  $("progress").hidden = false;
  $("progress").value = 0;
  document.body.dataset.state = "running";
  setStatus("Starting the run…");
  try {
    const result = await run(
      { scenario: state.scenario, days: state.days, replications: state.replications, seed: state.seed,
        changes: state.changes },
      {
        signal: controller.signal,
        onQueued: (ahead) => setStatus(ahead > 0 ? `Waiting: ${ahead} runs ahead of this one` : "Starting the run…"),
        onProgress: (done, total) => {
          $("progress").max = total;
          $("progress").value = done;
          setStatus(`Running: ${done} of ${total} replications done`);
        },
      });
    renderResults(result);
    renderCharts(result, $("charts"));
    $("results").hidden = false;
    updateLinks(state);
    const ms = performance.now() - started;
    document.body.dataset.runToChartsMs = ms.toFixed(0);
    document.body.dataset.state = "done";
    setStatus(`Done in ${(ms / 1000).toFixed(2)} s: ${result.run.replications} replications of ${result.run.days} days.`);
  } catch (error) {
    document.body.dataset.state = error.name === "AbortError" ? "cancelled" : "failed";
    if (error.name === "AbortError") setStatus("Cancelled.");
    else {
      setStatus("");
      showError(error instanceof RequestFailed || error instanceof Error ? error : new Error(String(error)));
    }
  } finally {
    if (running === controller) running = null;
    $("cancel").disabled = true;
    $("progress").hidden = true;
  }
}

async function start() {
  const list = await getJSON("/api/scenarios");
  // Scenario files first, then each care system of a run of several (England's), in a group.
  const groups = new Map();
  for (const s of list.scenarios) {
    const option = document.createElement("option");
    option.value = s.id;
    option.textContent = s.group ? s.name : s.description ? `${s.name}: ${s.description}` : s.name;
    if (!s.group) {
      $("scenario").append(option);
      continue;
    }
    if (!groups.has(s.group)) {
      const optgroup = document.createElement("optgroup");
      optgroup.label = `One care system of ${s.group}, run on its own`;
      groups.set(s.group, optgroup);
      $("scenario").append(optgroup);
    }
    groups.get(s.group).append(option);
  }
  const state = decodeState(location.hash);
  await chooseScenario(state ? state.scenario : list.scenarios[0].id, state);
  $("scenario").addEventListener("change", () => chooseScenario($("scenario").value, null).then(runNow));
  $("scenario-form").addEventListener("submit", (event) => {
    event.preventDefault();
    runNow();
  });
  $("cancel").addEventListener("click", () => running && running.abort());
  $("undo").addEventListener("click", () => resetFields(scenario.fields));
  document.body.dataset.state = "ready";
  runNow();  // the scenario as it stands (or the link's view) at once
}

start().catch((error) => showError(error));
