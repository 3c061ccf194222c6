// The scenario's editable fields as labelled inputs (capacities as numbers, levers as switches
// with their settings after them), and the changes a person has made to them.

const idOf = (key) => "field-" + key.replace(/[^A-Za-z0-9_-]/g, "-");

function unitText(field) {
  return field.unit ? ` <span class="unit">(${field.unit})</span>` : "";
}

function numberField(field) {
  const div = document.createElement("div");
  div.className = "field" + (field.depends_on ? " tuning" : "");
  const id = idOf(field.key);
  div.innerHTML = `<label for="${id}"></label><input id="${id}" type="number">`;
  div.querySelector("label").innerHTML = field.label + unitText(field);
  const input = div.querySelector("input");
  input.dataset.key = field.key;
  input.min = field.min;
  input.max = field.max;
  input.step = field.kind === "count" ? "1" : "any";
  input.value = field.value;
  input.title = field.meaning;
  input.setAttribute("aria-describedby", id + "-meaning");
  const meaning = document.createElement("span");
  meaning.id = id + "-meaning";
  meaning.hidden = true;
  meaning.textContent = `${field.meaning} As bundled: ${field.value}.`;
  div.append(meaning);
  return div;
}

function switchField(field) {
  const div = document.createElement("div");
  div.className = "field switch";
  const id = idOf(field.key);
  div.innerHTML = `<input id="${id}" type="checkbox"><label for="${id}"></label>`;
  div.querySelector("label").textContent = field.label;
  const input = div.querySelector("input");
  input.dataset.key = field.key;
  input.checked = field.value;
  input.title = field.meaning;
  return div;
}

// Fills the two containers; returns the fields by key.
export function renderFields(fields, capacityBox, leverBox) {
  capacityBox.replaceChildren();
  leverBox.replaceChildren();
  const byKey = new Map();
  for (const field of fields) {
    byKey.set(field.key, field);
    const element = field.kind === "switch" ? switchField(field) : numberField(field);
    (field.group === "capacity" ? capacityBox : leverBox).append(element);
  }
  const refresh = (event) => {
    if (event && event.target.closest) event.target.closest(".field").classList.remove("invalid");
    markChanged(fields);
  };
  for (const box of [capacityBox, leverBox]) box.addEventListener("input", refresh);
  markChanged(fields);
  return byKey;
}

function inputOf(field) {
  return document.getElementById(idOf(field.key));
}

function currentText(field) {
  const input = inputOf(field);
  if (field.kind === "switch") return input.checked ? "true" : "false";
  return input.value.trim();
}

function bundledText(field) {
  if (field.kind === "switch") return field.value ? "true" : "false";
  return String(field.value);
}

// Shows which fields differ from the bundled scenario, and dims a setting whose switch is off.
export function markChanged(fields) {
  for (const field of fields) {
    const input = inputOf(field);
    input.closest(".field").classList.toggle("changed", currentText(field) !== bundledText(field));
    if (field.depends_on) {
      const on = document.getElementById(idOf(field.depends_on)).checked;
      input.closest(".field").classList.toggle("off", !on);
    }
  }
}

// { key: text } for every field that differs from the bundled scenario.
export function changesOf(fields) {
  const changes = {};
  for (const field of fields) {
    const text = currentText(field);
    if (text !== bundledText(field)) changes[field.key] = text;
  }
  return changes;
}

// Puts `changes` ({ key: text }) into the inputs; returns the keys it did not know.
export function applyChanges(fields, changes) {
  const unknown = [];
  for (const [key, text] of Object.entries(changes)) {
    const field = fields.find((f) => f.key === key);
    if (!field) {
      unknown.push(key);
      continue;
    }
    const input = inputOf(field);
    if (field.kind === "switch") input.checked = text === "true";
    else input.value = text;
  }
  markChanged(fields);
  return unknown;
}

export function resetFields(fields) {
  for (const field of fields) {
    const input = inputOf(field);
    if (field.kind === "switch") input.checked = field.value;
    else input.value = field.value;
  }
  markChanged(fields);
}

export function focusField(key) {
  const input = document.getElementById(idOf(key));
  if (input) {
    input.focus();
    input.closest(".field").classList.add("invalid");
  }
}
