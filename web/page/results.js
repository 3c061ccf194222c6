// A run's answer as text: the board-paper line, the steady-state warnings, the key measures
// and every measure. Each figure's cell carries the exact value (data-value) it was rounded from.

import { changeWithInterval, isClearChange, readable } from "./format.js";

export const KEY_MEASURES = [
  ["NCTR patients in acute beds", "Medically ready patients in acute beds (no criteria to reside)"],
  ["delay days", "Mean delay from medically ready to discharge"],
  ["delay days P1 mean", "Mean delay, P1: home with support"],
  ["delay days P2 mean", "Mean delay, P2: rehabilitation bed"],
  ["delay days P3 mean", "Mean delay, P3: care home"],
  ["acute occupancy", "Acute bed occupancy"],
  ["days above 95% occupancy", "Days above 95% occupancy"],
  ["ED wait", "Mean wait in the ED for a bed"],
  ["ED waits over 12 hours", "ED waits over 12 hours"],
  ["excess bed days per day", "Excess bed days per day"],
  ["cost per day", "Cost per day"],
];

function cell(text, value, extra = {}) {
  const td = document.createElement("td");
  td.textContent = text;
  if (value !== undefined && value !== null) td.dataset.value = String(value);
  for (const [k, v] of Object.entries(extra)) if (v !== undefined && v !== null) td.dataset[k] = String(v);
  return td;
}

function measureRow(m, label, withClearColumn) {
  const tr = document.createElement("tr");
  tr.dataset.measure = m.name;
  const th = document.createElement("th");
  th.scope = "row";
  th.textContent = label;
  tr.append(th);
  if (!withClearColumn) tr.append(cell(m.unit));
  const unchanged = m.unchanged || {};
  const changed = m.changed || {};
  tr.append(cell(readable(unchanged.mean, m.unit), unchanged.mean, { ci: unchanged.ci_half_width, column: "unchanged" }));
  tr.append(cell(readable(changed.mean, m.unit), changed.mean, { ci: changed.ci_half_width, column: "changed" }));
  const d = m.difference;
  tr.append(cell(changeWithInterval(d, m.unit), d ? d.mean : null, { ci: d ? d.ci_half_width : null, column: "difference" }));
  if (withClearColumn) {
    const clear = isClearChange(d);
    const td = cell(clear ? "Yes" : "No");
    td.className = clear ? "clear-yes" : "clear-no";
    tr.append(td);
  }
  return tr;
}

export function renderResults(result) {
  document.getElementById("summary").textContent = result.summary;

  const warnings = document.getElementById("warnings");
  warnings.replaceChildren();
  for (const [who, run] of [["As it stands", result.unchanged], ["With the changes", result.changed]]) {
    if (!run.steady_state_warning) continue;
    const p = document.createElement("p");
    p.className = "warning";
    p.setAttribute("role", "alert");
    p.textContent = `${who}: ${run.steady_state_warning}. The means depend on how long the run is: run longer, or treat them with care.`;
    warnings.append(p);
  }
  if (result.start_trimmed && result.start_trimmed.length > 0) {
    // Capacity cut below the starting state: say where the people it could not hold went.
    const p = document.createElement("p");
    p.className = "note";
    p.textContent = `With the changes, the starting state was trimmed to the capacities: ${result.start_trimmed.join("; ")}.`;
    warnings.append(p);
  }

  const byName = new Map(result.measures.map((m) => [m.name, m]));
  const keyBody = document.querySelector("#key-results tbody");
  keyBody.replaceChildren();
  for (const [name, label] of KEY_MEASURES) {
    if (byName.has(name)) keyBody.append(measureRow(byName.get(name), label, true));
  }
  const allBody = document.querySelector("#all-measures tbody");
  allBody.replaceChildren(...result.measures.map((m) => measureRow(m, m.name, false)));
}
