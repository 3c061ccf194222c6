#!/usr/bin/python3
"""Draw a self-contained HTML report comparing careflow runs (HDF5 traces).

    /usr/bin/python3 analysis/report.py A.h5 B.h5 --html report.html [--png report.png]
        --comparison compare.json

`careflow report` runs this with the output of `careflow compare --format json A.h5 B.h5` as
--comparison: the statistics are computed once, in careflow, and the table of key measures is
exactly what `compare` prints. Exit codes: 0 done, 1 the page or picture could not be written
(a full disk), 2 bad input (a file that is not a careflow trace, or a damaged one).
"""

import argparse
import base64
import html
import io
import json
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

sys.path.insert(0, __import__("os").path.dirname(__file__))
import careflow_trace  # noqa: E402

KEY_MEASURES = [
    "acute occupancy", "NCTR patients in acute beds", "delay days", "excess bed days per day",
    "ED wait", "ED waits over 12 hours", "admission queue", "cost per day",
    "cost of idle held places per day",
]
BAND = ("line: the mean of the replications' daily values; shaded band: their 5th to 95th "
        "percentile, day by day")
CHARTS = [
    ("occupancy", "Acute occupancy"),
    ("nctr", "Medically ready patients in acute beds (NCTR)"),
    ("delays", "Discharge delay by pathway"),
    ("ed-waits", "ED waits for a bed"),
    ("community-queues", "Waiting for community services"),
    ("cost", "Cost per day"),
]
DAILY_BAND_CHARTS = {"occupancy", "nctr", "community-queues"}
COLOURS = plt.rcParams["axes.prop_cycle"].by_key()["color"]


def missing(ax, text):
    ax.text(0.5, 0.5, text, ha="center", va="center", transform=ax.transAxes, color="grey")
    ax.set_xticks([])
    ax.set_yticks([])


def shade_warmup(ax, runs):
    warmup = max(run.warmup_days for run in runs)
    if warmup > 0:
        ax.axvspan(0, warmup, color="0.92", zorder=0)
        ax.text(warmup / 2, 1.0, "warm-up", transform=ax.get_xaxis_transform(), ha="center",
                va="bottom", fontsize=8, color="grey")


def daily_bands(ax, runs, by_day, ylabel):
    """One line per run, the mean over replications by day, in its 5th-95th percentile band;
    by_day(daily) gives a frame indexed by day with a column per replication."""
    drawn = False
    for i, run in enumerate(runs):
        if not run.has("daily"):
            continue
        wide = by_day(run.daily_frame)
        day = wide.index.to_numpy() + 1
        ax.fill_between(day, wide.quantile(0.05, axis=1), wide.quantile(0.95, axis=1),
                        color=COLOURS[i % 10], alpha=0.2, lw=0)
        ax.plot(day, wide.mean(axis=1), color=COLOURS[i % 10], lw=1.2, label=run.name)
        drawn = True
    if not drawn:
        missing(ax, "no daily series in these traces (run with --trace patients)")
        return
    shade_warmup(ax, runs)
    ax.set_xlabel("day")
    ax.set_ylabel(ylabel)
    ax.legend(fontsize=8)


def is_acute_unit(units):
    """The acute units: "acute", or "<care system> acute" in a run of several care systems."""
    names = units.astype(str)
    return (names == "acute") | names.str.endswith(" acute")


def acute(daily, column):
    """A day by replication frame of an acute column, summed over the care systems of England."""
    rows = daily[is_acute_unit(daily["unit"])]
    return rows.groupby(["day", "replication"])[column].sum().unstack("replication")


def mean_delays_chart(ax, runs, comparison):
    """Without patient tables (a summary trace, or England's care systems): each pathway's mean
    delay from the measures, with its 95% CI."""
    rows = {m["name"]: m for m in comparison["measures"]}
    pathways = [p for p in ["P1", "P2", "P3"] if f"delay days {p} mean" in rows]
    if not pathways:
        missing(ax, "no patient table or delay measures in these traces")
        return
    x = np.arange(len(pathways))
    width = 0.8 / len(runs)
    for i, run in enumerate(runs):
        cells = [rows[f"delay days {p} mean"]["scenarios"][i] for p in pathways]
        means = [c["mean"] if c and c["mean"] is not None else 0 for c in cells]
        errors = [c["ci_half_width"] if c and c["ci_half_width"] is not None else 0 for c in cells]
        ax.bar(x + (i - (len(runs) - 1) / 2) * width, means, width, yerr=errors, capsize=3,
               color=COLOURS[i % 10], alpha=0.8, label=run.name)
    ax.set_xticks(x, pathways)
    ax.set_ylabel("mean days from medically ready to discharge (95% CI)")
    ax.legend(fontsize=8)


def delays_chart(ax, runs, comparison):
    data, labels, colours = [], [], []
    for pathway in ["P1", "P2", "P3"]:
        for i, run in enumerate(runs):
            if not run.has("patients"):
                continue
            p = run.patients_frame
            chosen = p[(p["pathway"] == pathway) & (p["ready_day"] >= run.warmup_days)
                       & p["delay_days"].notna()]
            if len(chosen) == 0:
                continue
            data.append(chosen["delay_days"].to_numpy())
            labels.append(f"{pathway}\n{run.name}")
            colours.append(COLOURS[i % 10])
    if not data:
        mean_delays_chart(ax, runs, comparison)
        return
    parts = ax.boxplot(data, labels=labels, showfliers=False, patch_artist=True, whis=(5, 95))
    for patch, colour in zip(parts["boxes"], colours):
        patch.set_facecolor(colour)
        patch.set_alpha(0.5)
    ax.set_ylabel("days from medically ready to discharge")
    ax.tick_params(axis="x", labelsize=7)


def ed_waits_chart(ax, runs):
    drawn = False
    for i, run in enumerate(runs):
        if not run.has("patients"):
            continue
        p = run.patients_frame
        admitted = p[(p["arrival_day"] >= run.warmup_days) & p["admitted_day"].notna()]
        hours = np.sort((admitted["admitted_day"] - admitted["arrival_day"]).to_numpy() * 24)
        if len(hours) == 0:
            continue
        # Every curve starts at 100% at hour 0 (everyone arrives waiting) and drops at once by
        # the share admitted without a wait, so that runs are compared from the same point.
        hours = np.concatenate([[0.0], hours])
        share_waiting = np.concatenate([[1.0], 1 - np.arange(1, len(hours)) / (len(hours) - 1)])
        ax.step(hours, share_waiting * 100, where="post", color=COLOURS[i % 10], label=run.name)
        drawn = True
    if not drawn:
        missing(ax, "no patient table in these traces (run with --trace patients)")
        return
    ax.axvline(12, color="grey", ls=":", lw=1)
    ax.set_xlabel("hours from arrival to an acute bed")
    ax.set_ylabel("% of admissions still waiting")
    ax.legend(fontsize=8)


def community_queues(daily):
    # Not the acute units' own rows ("acute medicine", with several; "QHL acute" in England):
    # those queue for a bed.
    names = daily["unit"].astype(str)
    acute_rows = names.str.match(r"acute( |$)") | is_acute_unit(daily["unit"])
    queues = daily[~acute_rows & daily["queue"].notna()]
    return queues.groupby(["replication", "day"])["queue"].sum().unstack("replication")


def cost_chart(ax, runs, comparison):
    rows = {m["name"]: m for m in comparison["measures"]}
    names = [run.name for run in runs]
    x = np.arange(len(runs))
    for measure, offset, hatch in [("cost per day", -0.2, None),
                                   ("cost of idle held places per day", 0.2, "//")]:
        if measure not in rows:
            continue
        cells = rows[measure]["scenarios"]
        # A run without the measure, or whose values were not finite numbers, draws no bar.
        means = [c["mean"] / 1000 if c and c["mean"] is not None else 0 for c in cells]
        errors = [c["ci_half_width"] / 1000 if c and c["ci_half_width"] is not None else 0
                  for c in cells]
        ax.bar(x + offset, means, 0.4, yerr=errors, capsize=3, hatch=hatch,
               color=[COLOURS[i % 10] for i in range(len(runs))], alpha=0.8 if hatch is None else 0.4,
               label=measure)
    ax.set_xticks(x, names)
    ax.set_ylabel("£ thousand per day (95% CI)")
    ax.legend(fontsize=8)


def png(figure):
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
    plt.close(figure)
    return buffer.getvalue()


def draw(chart, ax, runs, comparison):
    """Draws one chart; a chart the traces' data cannot give says so in its place, and on
    stderr, while the rest of the page is drawn."""
    try:
        draw_chart(chart, ax, runs, comparison)
    except (KeyError, ValueError, TypeError, IndexError, ZeroDivisionError,
            careflow_trace.TraceError) as error:
        ax.cla()
        missing(ax, f"this chart cannot be drawn from these traces:\n{error}")
        print(f"report: warning: chart '{chart}' not drawn: {error}", file=sys.stderr)


def draw_chart(chart, ax, runs, comparison):
    if chart == "occupancy":
        daily_bands(ax, runs, lambda d: 100 * acute(d, "occupied") / acute(d, "capacity"),
                    "% of beds occupied")
    elif chart == "nctr":
        daily_bands(ax, runs, lambda d: acute(d, "nctr"), "patients")
    elif chart == "delays":
        delays_chart(ax, runs, comparison)
    elif chart == "ed-waits":
        ed_waits_chart(ax, runs)
    elif chart == "community-queues":
        daily_bands(ax, runs, community_queues, "patients waiting for a community place")
    elif chart == "cost":
        cost_chart(ax, runs, comparison)


def steady_state_banner(comparison):
    """A warning above everything else when a run's queues were still growing: its means, and
    every difference involving it, would change with the run length."""
    items = [f"<li><b>{html.escape(s['label'])}</b>: {html.escape(s['steady_state_warning'])}</li>"
             for s in comparison["scenarios"] if s.get("steady_state_warning")]
    if not items:
        return ""
    return ('<div class="banner" id="steady-state-warning" role="alert"><h2>Not in steady state</h2>'
            f"<ul>{''.join(items)}</ul><p>A queue that is still growing at the end of the run means "
            "its averages, and every difference involving that run (marked ! in the table), would "
            "change if the run were longer. Read them as the outcome of this run length, not of "
            "the policy in the long run; <code>careflow check</code> shows which units are over "
            "capacity and why.</p></div>")


def format_cell(cell):
    if cell is None:
        return "-"
    mean, half = cell["mean"], cell["ci_half_width"]
    if cell.get("not_finite"):
        return "n/a"
    if mean is None:
        return "-"
    return f"{mean:.4g}" if half is None else f"{mean:.4g} ± {half:.2g}"


# The care network's units: how full each is, how many people hold a place waiting to move on to
# the next unit, and how long referrals from home wait.
UNIT_MEASURE_PREFIXES = ("utilisation ", "people supported ", "waiting to move on from ", "step-up wait ")


def is_key_measure(name):
    if name.startswith("delay days P"):
        return name.endswith("mean")
    return name in KEY_MEASURES


def is_unit_measure(name):
    return name.startswith(UNIT_MEASURE_PREFIXES)


def measures_table(runs, comparison, wanted=is_key_measure, table_id="key-measures"):
    head = "".join(f"<th>{html.escape(run.name)}</th>" for run in runs)
    head += "".join(f"<th>{html.escape(run.name)} − {html.escape(runs[0].name)}</th>"
                    for run in runs[1:])
    body = []
    for m in comparison["measures"]:
        if not wanted(m["name"]):
            continue
        cells = "".join(f"<td>{format_cell(c)}</td>" for c in m["scenarios"])
        for d in m["differences"]:
            mark = ""
            if (d and d["mean"] is not None and d["ci_half_width"] is not None
                    and abs(d["mean"]) > d["ci_half_width"]):
                mark = ' class="significant"'
            flag = " !" if d and d.get("depends_on_run_length") else ""
            cells += f"<td{mark}>{format_cell(d)}{flag}</td>"
        body.append(f"<tr><th>{html.escape(m['name'])}</th><td>{html.escape(m['unit'])}</td>{cells}</tr>")
    return (f'<table id="{table_id}"><tr><th>measure</th><th>unit</th>{head}</tr>'
            + "".join(body) + "</table>")


# Runs of several care systems (England): these measures care system by care system.
SYSTEM_MEASURES = ["acute occupancy", "NCTR patients in acute beds", "delay days", "ED wait"]


def system_cell(system, measure):
    for m in system["measures"]:
        if m["name"] == measure:
            return m
    return None


def systems_figure(runs, comparison):
    """Small multiples, one panel per measure and a bar per care system, grouped by region: with
    one run, each care system's value; with more, each run's difference from the first (95% CI
    where there are replications to give one)."""
    systems = comparison["systems"]
    y = np.arange(len(systems))[::-1]
    figure, axes = plt.subplots(1, len(SYSTEM_MEASURES), figsize=(15, 0.2 * len(systems) + 1.6),
                                sharey=True)
    labels = [s["label"] for s in comparison["scenarios"]]
    others = range(1, len(runs)) if len(runs) > 1 else [None]
    height = 0.8 / len(others)
    for ax, measure in zip(np.atleast_1d(axes), SYSTEM_MEASURES):
        for j, k in enumerate(others):
            values, errors = [], []
            for system in systems:
                m = system_cell(system, measure)
                cell = (m["scenarios"][0] if k is None else m["differences"][k - 1]) if m else None
                values.append(cell["mean"] if cell and cell["mean"] is not None else np.nan)
                errors.append(cell["ci_half_width"] if cell and cell.get("ci_half_width") is not None else 0)
            colour = COLOURS[0] if k is None else COLOURS[k % 10]
            ax.barh(y - (j - (len(others) - 1) / 2) * height, values, height, xerr=errors,
                    color=colour, alpha=0.8, label=None if k is None else f"{labels[k]} − {labels[0]}")
        ax.axvline(0, color="grey", lw=0.8)
        ax.set_title(measure if len(runs) == 1 else f"{measure}: difference", fontsize=9)
        ax.tick_params(axis="x", labelsize=7)
        for i in range(1, len(systems)):  # a line between regions
            if systems[i]["region"] != systems[i - 1]["region"]:
                ax.axhline(y[i] + 0.5, color="0.8", lw=0.8)
    first = np.atleast_1d(axes)[0]
    first.set_yticks(y, [f"{system['code']} ({system['region']})" if i == 0 or
                         system["region"] != systems[i - 1]["region"] else system["code"]
                         for i, system in enumerate(systems)], fontsize=7)
    if len(runs) > 1:
        np.atleast_1d(axes)[-1].legend(fontsize=7, loc="lower right")
    figure.tight_layout()
    return figure


def systems_table(runs, comparison):
    labels = [html.escape(s["label"]) for s in comparison["scenarios"]]
    head = "".join(f"<th>{html.escape(m)} ({labels[0]})</th>"
                   + "".join(f"<th>{label} − {labels[0]}</th>" for label in labels[1:])
                   for m in SYSTEM_MEASURES)
    body = []
    for system in comparison["systems"]:
        cells = ""
        for measure in SYSTEM_MEASURES:
            m = system_cell(system, measure)
            cells += f"<td>{format_cell(m['scenarios'][0] if m else None)}</td>"
            for d in (m["differences"] if m else [None] * (len(runs) - 1)):
                flag = " !" if d and d.get("depends_on_run_length") else ""
                cells += f"<td>{format_cell(d)}{flag}</td>"
        body.append(f"<tr><th>{html.escape(system['code'])}</th><td>{html.escape(system['name'])}</td>"
                    f"<td>{html.escape(system['region'])}</td>{cells}</tr>")
    return (f'<table id="by-care-system"><tr><th>code</th><th>name</th><th>region</th>{head}</tr>'
            + "".join(body) + "</table>")


def systems_section(runs, comparison):
    """The care systems of a run of several, after England's own charts; "" for one care system."""
    if not comparison.get("systems"):
        return ""
    figure = systems_figure(runs, comparison)
    data = base64.b64encode(png(figure)).decode()
    unsteady = [f"<li>[{k + 1}] {html.escape(system['code'])}: {html.escape(warning)}</li>"
                for system in comparison["systems"]
                for k, warning in enumerate(system["steady_state_warnings"]) if warning]
    notes = (f'<p class="note">Not in steady state (! in the table):</p><ul class="note">{"".join(unsteady)}</ul>'
             if unsteady else "")
    what = ("each care system's value" if len(runs) == 1 else
            f"each run's difference from {html.escape(comparison['scenarios'][0]['label'])}, with its 95% CI where the runs "
            "have replications to give one")
    return (f'<h2>By care system</h2><p class="note">Bars: {what}; care systems grouped by region.</p>'
            f'<figure id="chart-by-care-system"><figcaption>Key measures by care system</figcaption>'
            f'<img alt="Key measures by care system" src="data:image/png;base64,{data}"></figure>'
            f"{systems_table(runs, comparison)}{notes}")


# The look both report pages share (the sweep page adds its own rules).
PAGE_STYLE = """body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1100px; color: #222; }
h1 { font-size: 1.5em; } figure { margin: 1.5em 0; } figcaption { font-weight: 600; }
img { max-width: 100%; } table { border-collapse: collapse; font-size: 0.9em; }
td, th { border-bottom: 1px solid #ddd; padding: 0.3em 0.6em; text-align: right; }
.note { color: #555; font-size: 0.9em; font-weight: 400; }
.banner { border: 2px solid #b00020; background: #fdecee; padding: 0.6em 1em; margin: 1em 0; }
.banner h2 { margin: 0 0 0.3em; font-size: 1.1em; color: #b00020; }
"""

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>careflow report: {title}</title>
<style>
{style}
tr th:first-child {{ text-align: left; }} .significant {{ font-weight: 700; }}
.runs li {{ margin: 0.2em 0; }}
</style></head><body>
<h1>careflow report: {title}</h1>
<ul class="runs">{runs}</ul>
{banner}
<h2>Key measures</h2>
<p class="note">Means across replications with 95% confidence intervals. Differences are against
{first}, paired by replication where the runs share a seed; bold where the interval excludes zero.</p>
{table}
{figures}
{systems}
<h2>The care network's units</h2>
<p class="note">Each community unit: utilisation (people, beds, or care hours for a package
provider), people supported, places held by people whose stay is over and who wait to move on
to the next unit (blocking after service), and the wait of referrals from home.</p>
{units_table}
<p class="note">Bands show the 5th to 95th percentile across replications; the grey area is the
warm-up, excluded from every measure.</p>
</body></html>
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("traces", nargs="+")
    parser.add_argument("--html", required=True)
    parser.add_argument("--png", help="also write every chart on one image")
    parser.add_argument("--comparison", required=True,
                        help="`careflow compare --format json` of the same traces")
    args = parser.parse_args()
    try:
        runs = [careflow_trace.open_trace(path) for path in args.traces]
        for run in runs:
            run.daily_frame = run.daily() if run.has("daily") else None
            run.patients_frame = run.patients() if run.has("patients") else None
    except careflow_trace.TraceError as error:
        print(f"report: error: {error}", file=sys.stderr)
        return 2
    with open(args.comparison) as f:
        comparison = json.load(f)
    for run, scenario in zip(runs, comparison["scenarios"]):
        run.name = scenario["label"]  # two runs of one scenario are told apart by their files

    figures = []
    for chart, caption in CHARTS:
        figure, ax = plt.subplots(figsize=(9, 3.6))
        draw(chart, ax, runs, comparison)
        data = base64.b64encode(png(figure)).decode()
        note = f' <span class="note">({BAND})</span>' if chart in DAILY_BAND_CHARTS else ""
        figures.append(f'<figure id="chart-{chart}"><figcaption>{html.escape(caption)}{note}</figcaption>'
                       f'<img alt="{html.escape(caption)}" src="data:image/png;base64,{data}"></figure>')
    run_items = "".join(
        f"<li><b>{html.escape(run.name)}</b>: {html.escape(run.attrs.get('scenario_description', ''))}"
        f" ({run.replications} replications of {run.days:g} days, seed {run.attrs['seed']};"
        f" <code>{html.escape(run.path)}</code>)</li>" for run in runs)
    title = " vs ".join(run.name for run in runs)
    banner = steady_state_banner(comparison)
    page = PAGE.format(title=html.escape(title), runs=run_items, first=html.escape(runs[0].name),
                       table=measures_table(runs, comparison), figures="\n".join(figures),
                       units_table=measures_table(runs, comparison, is_unit_measure, "units"),
                       banner=banner, style=PAGE_STYLE, systems=systems_section(runs, comparison))
    with open(args.html, "w", encoding="utf-8") as f:
        f.write(page)

    if args.png:
        figure, axes = plt.subplots(3, 2, figsize=(15, 13))
        for (chart, caption), ax in zip(CHARTS, axes.flat):
            draw(chart, ax, runs, comparison)
            ax.set_title(caption)
        figure.suptitle(f"careflow report: {title}")
        figure.tight_layout()
        with open(args.png, "wb") as f:
            f.write(png(figure))
    return 0


def exit_with(main):
    """Runs a report script's main: its own exit code, or 1 when the page or picture could not be
    written (careflow then names the file)."""
    try:
        sys.exit(main())
    except OSError as error:
        print(f"report: error: {error.strerror or error}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    exit_with(main)
