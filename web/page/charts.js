// The charts, drawn with Observable Plot (vendored from npm): day-by-day means of both runs, and
// means with their 95% CIs side by side. The runs differ in colour and in line style, so the
// charts read without colour too.

const RUNS = ["As it stands", "With the changes"];
const COLOURS = ["#4c6272", "#005eb8"];
const color = { domain: RUNS, range: COLOURS, legend: true };

function dailyRows(result, series) {
  const rows = [];
  for (const [run, outcome] of [[RUNS[0], result.unchanged], [RUNS[1], result.changed]]) {
    outcome.daily[series].forEach((value, day) => rows.push({ day, value, run }));
  }
  return rows;
}

function dailyChart(result, series, label, { percent = false, rules = [] } = {}) {
  const warmup = result.unchanged.warmup_days;
  return Plot.plot({
    width: 520,
    height: 260,
    color,
    x: { label: "Day of the run →" },
    y: { label: `↑ ${label}`, grid: true, percent, zero: !percent },
    ariaLabel: `${label}, day by day`,
    ariaDescription: `Daily means over the replications, as the scenario stands and with the changes; the first ${warmup} days are the warm-up, left out of every measure.`,
    marks: [
      Plot.ruleX([warmup], { stroke: "#aeb7bd", strokeDasharray: "2,3" }),
      ...rules.map((r) => Plot.ruleY([r], { stroke: "#d5281b", strokeOpacity: 0.5 })),
      Plot.lineY(dailyRows(result, series), {
        x: "day", y: "value", stroke: "run", strokeWidth: 1.6,
        strokeDasharray: (d) => (d.run === RUNS[0] ? "5,3" : null),
      }),
    ],
  });
}

function intervalRows(result, names) {
  const rows = [];
  for (const [name, label] of names) {
    const m = result.measures.find((x) => x.name === name);
    if (!m) continue;
    for (const [run, interval] of [[RUNS[0], m.unchanged], [RUNS[1], m.changed]]) {
      if (!interval || interval.mean === null) continue;
      const half = Number.isFinite(interval.ci_half_width) ? interval.ci_half_width : 0;
      rows.push({ label, run, mean: interval.mean, low: interval.mean - half, high: interval.mean + half });
    }
  }
  return rows;
}

function intervalChart(result, names, label) {
  const rows = intervalRows(result, names);
  const labels = names.map(([, l]) => l).filter((l) => rows.some((r) => r.label === l));
  return Plot.plot({
    width: 520,
    height: 50 + 36 * labels.length,
    marginLeft: 160,
    color,
    x: { label: `${label} →`, grid: true, zero: true },
    y: { axis: null, domain: RUNS },
    fy: { label: null, domain: labels },
    ariaLabel: label,
    ariaDescription: "Means over the replications with their 95% confidence intervals, as the scenario stands and with the changes.",
    marks: [
      Plot.ruleY(rows, { fy: "label", y: "run", x1: "low", x2: "high", stroke: "run", strokeWidth: 2 }),
      Plot.dot(rows, { fy: "label", y: "run", x: "mean", fill: "run", symbol: "run", r: 4 }),
    ],
  });
}

function figure(id, caption, chart) {
  const f = document.createElement("figure");
  f.id = id;
  const c = document.createElement("figcaption");
  c.textContent = caption;
  f.append(c, chart);
  return f;
}

export function renderCharts(result, box) {
  const services = result.measures
    .filter((m) => m.name.startsWith("queue "))
    .map((m) => [m.name, m.name.slice("queue ".length)]);
  box.replaceChildren(
    figure("chart-occupancy", "Acute bed occupancy, day by day (92% and 95% marked)",
           dailyChart(result, "occupancy", "occupancy", { percent: true, rules: [0.92, 0.95] })),
    figure("chart-nctr", "Medically ready patients in acute beds, day by day",
           dailyChart(result, "nctr", "patients")),
    figure("chart-delays", "Delay from medically ready to discharge, by pathway",
           intervalChart(result, [["delay days P1 mean", "P1 home with support"], ["delay days P2 mean", "P2 rehabilitation"],
                                  ["delay days P3 mean", "P3 care home"], ["delay days", "All pathways"]], "mean delay, days")),
    figure("chart-ed", "Waiting in the ED for a bed, day by day",
           dailyChart(result, "admission_queue", "patients waiting")),
    figure("chart-community", "Waiting for a community place, day by day",
           dailyChart(result, "community_waiting", "patients waiting")),
    figure("chart-queues", "Mean queue for each community service",
           intervalChart(result, services, "patients waiting")),
    figure("chart-cost", "Cost per day",
           intervalChart(result, [["cost per day", "Cost per day"], ["cost of idle held places per day", "Idle held places"]], "GBP a day")),
  );
}
