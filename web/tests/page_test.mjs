// The page in a real browser (Debian's chromium, driven by playwright-core): loads it, changes a
// capacity and a lever, runs, waits for the charts, and checks that every key figure on the page
// is what `careflow run` and `careflow compare` give for the same scenario and seed. Saves a
// screenshot and logs the time from Run to charts (measured, not asserted).
//
// node web/tests/page_test.mjs CAREFLOW_BINARY ARTEFACT_DIR

import { spawn, execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const [careflow, artefacts] = process.argv.slice(2);
if (!careflow || !artefacts) {
  console.error("usage: node page_test.mjs CAREFLOW_BINARY ARTEFACT_DIR");
  process.exit(2);
}
const source = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
mkdirSync(artefacts, { recursive: true });
let failures = 0;
function check(ok, what) {
  if (!ok) {
    failures++;
    console.error(`FAILED: ${what}`);
  }
}

// The server on a free port; its first lines say where.
function startServer() {
  const server = spawn(careflow, ["serve", "--port", "0", "--threads", "2"], { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    let out = "";
    server.stdout.on("data", (chunk) => {
      out += chunk;
      const match = out.match(/open (http:\/\/127\.0\.0\.1:\d+\/)/);
      if (match) resolve({ server, address: match[1] });
    });
    server.on("exit", (code) => reject(new Error(`careflow serve exited with ${code}: ${out}`)));
  });
}

// A figure as the page shows it, back to a number, with how far rounding may have moved it.
function parseShown(text) {
  const t = text.replace(/−/g, "-").replace(/[£,]/g, "").trim();
  const match = t.match(/^([-+]?\d+(?:\.(\d+))?)\s*(%|pp|days|hours)?/);
  if (!match) return null;
  const decimals = match[2] ? match[2].length : 0;
  const scale = match[3] === "%" || match[3] === "pp" ? 0.01 : 1;
  return { value: Number(match[1]) * scale, tolerance: 0.5 * 10 ** -decimals * scale * (1 + 1e-9) };
}

// Waits for the page to finish a run; fails the test, with the page's error, unless it is `want`.
async function finished(page, want = "done") {
  await page.waitForFunction(() => ["done", "failed", "cancelled"].includes(document.body.dataset.state), null,
                             { timeout: 120000 });
  const state = await page.evaluate(() => document.body.dataset.state);
  if (state !== want) {
    throw new Error(`the page ${state} where it should have ${want}: ${await page.textContent("#error")}`);
  }
}

async function keyFigures(page) {
  return page.$$eval("#key-results tbody tr", (rows) =>
    rows.map((row) => {
      const cells = {};
      for (const td of row.querySelectorAll("td[data-column]")) {
        cells[td.dataset.column] = { text: td.textContent, value: Number(td.dataset.value), ci: Number(td.dataset.ci) };
      }
      return { measure: row.dataset.measure, ...cells };
    }));
}

const { server, address } = await startServer();
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
});
try {
  // Generous timeouts: a loaded machine is slow, and the test measures speed without asserting it.
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  context.setDefaultTimeout(120000);
  context.setDefaultNavigationTimeout(120000);
  const page = await context.newPage();
  page.on("pageerror", (e) => check(false, `the page threw: ${e.message}`));
  await page.goto(address);
  await finished(page);

  // Every input has a label a screen reader reads out.
  const unlabelled = await page.$$eval("input, select", (inputs) =>
    inputs.filter((i) => !(i.labels && i.labels.length) && !i.getAttribute("aria-label")).map((i) => i.id));
  check(unlabelled.length === 0, `inputs without a label: ${unlabelled.join(", ")}`);

  // A capacity and a lever, by their labels, as a person would; Run from the keyboard.
  await page.getByLabel("P2 rehabilitation beds, north (p2_north)").fill("130");
  await page.getByLabel("Seven-day working").check();
  await page.getByLabel("Home first").check();
  await page.getByLabel("Share of P2/P3 decisions moved to P1").fill("0.2");
  await page.locator("#run").focus();
  const runs = [];
  for (let attempt = 0; attempt < 3; attempt++) {
    await page.evaluate(() => (document.body.dataset.state = "waiting"));
    await page.keyboard.press("Enter");
    await finished(page);
    runs.push(Number(await page.evaluate(() => document.body.dataset.runToChartsMs)));
  }
  console.log(`run to charts (baseline with changes, 10 replications of 365 days, 2 threads): ${runs.join(" ms, ")} ms`);
  for (const id of ["chart-occupancy", "chart-nctr", "chart-delays", "chart-ed", "chart-community", "chart-queues", "chart-cost"]) {
    check(await page.locator(`#${id} svg`).count() > 0, `chart ${id} drawn`);
  }
  const summary = await page.textContent("#summary");
  check(summary.startsWith("Changing "), `the summary line names the changes: ${summary}`);
  check(summary.includes("Seven-day working from off to on"), "the summary says seven-day working was switched on");
  await page.screenshot({ path: path.join(artefacts, "page.png"), fullPage: true });
  await page.locator("#results").screenshot({ path: path.join(artefacts, "results.png") });

  // The changed scenario, downloaded as a person would, then run by careflow itself.
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#download-toml")]);
  const toml = path.join(artefacts, "changed.toml");
  await download.saveAs(toml);
  const shown = await keyFigures(page);
  const unchangedH5 = path.join(artefacts, "unchanged.h5");
  const changedH5 = path.join(artefacts, "changed.h5");
  execFileSync(careflow, ["run", path.join(source, "scenarios/baseline.toml"), "--out", unchangedH5, "--trace", "summary"]);
  execFileSync(careflow, ["run", toml, "--out", changedH5, "--trace", "summary"]);
  const compared = JSON.parse(execFileSync(careflow, ["compare", unchangedH5, changedH5, "--format", "json"]).toString());
  const byName = new Map(compared.measures.map((m) => [m.name, m]));
  check(shown.length >= 10, `the key table has its rows (${shown.length})`);
  for (const row of shown) {
    const m = byName.get(row.measure);
    if (!m) {
      check(false, `careflow compare has no measure ${row.measure}`);
      continue;
    }
    const want = {
      unchanged: [m.scenarios[0].mean, m.scenarios[0].ci_half_width],
      changed: [m.scenarios[1].mean, m.scenarios[1].ci_half_width],
      difference: [m.differences[0].mean, m.differences[0].ci_half_width],
    };
    for (const column of ["unchanged", "changed", "difference"]) {
      const [mean, half] = want[column];
      check(row[column].value === mean, `${row.measure}, ${column}: the page's ${row[column].value} is careflow's ${mean}`);
      check(row[column].ci === half, `${row.measure}, ${column}: CI ${row[column].ci} is careflow's ${half}`);
      const read = parseShown(row[column].text);
      check(read && Math.abs(read.value - mean) <= read.tolerance,
            `${row.measure}, ${column}: "${row[column].text}" shows ${mean}`);
    }
  }

  // The page's own trace of the changed run gives careflow compare the same answer.
  const [traceDownload] = await Promise.all([page.waitForEvent("download"), page.click("#download-changed-h5")]);
  const pageTrace = path.join(artefacts, "page-changed.h5");
  await traceDownload.saveAs(pageTrace);
  const fromPage = JSON.parse(execFileSync(careflow, ["compare", unchangedH5, pageTrace, "--format", "json"]).toString());
  check(JSON.stringify(fromPage.measures) === JSON.stringify(compared.measures),
        "the page's HDF5 trace of the changed run compares as careflow run's does");

  // The address reproduces the view: a new page from the link shows the same figures.
  const link = await page.getAttribute("#share-link", "href");
  const again = await context.newPage();
  await again.goto(new URL(link, address).href);
  await finished(again);
  const reproduced = await keyFigures(again);
  check(JSON.stringify(reproduced) === JSON.stringify(shown), "the link reproduces the view's figures");
  check(await again.inputValue("#field-services-p2_north-capacity") === "130", "the link restores the changed capacity");

  // Cancel stops a long run on the server too: its place is free and the server counts it stopped.
  await page.fill("#days", "3000");
  await page.click("#run");
  await page.waitForFunction(() => document.getElementById("progress").value > 0);
  await page.click("#cancel");
  await finished(page, "cancelled");
  let status;
  for (let i = 0; i < 100; i++) {
    status = await (await fetch(new URL("/api/status", address))).json();
    if (status.running === 0 && status.queued === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  check(status.running === 0 && status.queued === 0 && status.stopped >= 1,
        `a cancelled run frees its place: ${JSON.stringify(status)}`);
  await page.fill("#days", "365");

  // A refused value names the field on the page.
  await page.getByLabel("P2 rehabilitation beds, north (p2_north)").fill("-4");
  await page.click("#run");
  await finished(page, "failed");
  const error = await page.textContent("#error");
  check(error.includes("services.p2_north.capacity") && error.includes("-4"), `the error names the field: ${error}`);
  // One of England's care systems, chosen from its group, runs on its own with its own capacities.
  await page.evaluate(() => (document.body.dataset.state = "waiting"));
  await page.selectOption("#scenario", "england-QSL");
  await finished(page);
  check(await page.locator("#field-systems-capacity-QSL-acute").count() === 1, "Somerset's acute beds are a field");
  const somerset = await page.textContent("#summary");
  check(somerset.startsWith("The scenario as it stands"), `Somerset as it stands: ${somerset}`);

  writeFileSync(path.join(artefacts, "run_to_charts_ms.txt"), runs.join("\n") + "\n");
} finally {
  await browser.close();
  server.kill();
}
if (failures) {
  console.error(`${failures} checks failed`);
  process.exit(1);
}
console.log("page test passed");
