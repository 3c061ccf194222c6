#!/usr/bin/python3
"""Draw a self-contained HTML page of a careflow sweep (one HDF5 file from `careflow sweep`).

    /usr/bin/python3 analysis/sweep_report.py SWEEP.h5 --html page.html [--png page.png]
        --sensitivity sensitivity.json

`careflow report SWEEP.h5 --html page.html` runs this with the output of
`careflow sensitivity --format json SWEEP.h5` as --sensitivity, so every index on the page is the
one `sensitivity` prints. The page: a banner when points were not in steady state; response
curves (each kept measure against each factor, with 95% CI bands; a heat map for two factors of
a grid); the indices as a bar chart (Sobol S1 and ST, Morris mu*, or standardized regression
coefficients); the points not in steady state; and a table of the points.
Exit codes: 0 done, 1 the page or picture could not be written, 2 bad input.
"""

import argparse
import base64
import html
import json
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

sys.path.insert(0, __import__("os").path.dirname(__file__))
import careflow_trace  # noqa: E402
from report import PAGE_STYLE, exit_with, missing, png  # noqa: E402

MAX_MEASURES = 4      # response curves and index charts for the first measures kept
MAX_TABLE_POINTS = 60
UNSTEADY = "#b00020"


def response_curves(ax, sweep, points, summary, factor, measure):
    """The measure's point means against one factor. On a one-factor grid: the curve with its
    95% CI band. Otherwise every point as a dot, and the mean over the points at each value (or
    in each fifth of the range) as a line: the factor's main effect."""
    rows = summary[summary.measure == measure].set_index("point")
    x = np.asarray(points[factor], dtype=float)
    y = rows["mean"].to_numpy()
    half = rows["ci_half_width"].to_numpy()
    steady = points["steady"].to_numpy() == 1
    order = np.argsort(x, kind="stable")
    if sweep.design == "grid" and len(sweep.factors) == 1:
        ax.fill_between(x[order], (y - half)[order], (y + half)[order], alpha=0.25, label="95% CI")
        ax.plot(x[order], y[order], marker="o", label="mean")
    else:
        ax.scatter(x, y, s=10, alpha=0.5, label="point means")
        distinct = np.unique(x)
        if len(distinct) <= 12:
            centres, means = distinct, [y[x == v].mean() for v in distinct]
        else:
            bins = np.array_split(order, 5)
            centres = [x[b].mean() for b in bins]
            means = [y[b].mean() for b in bins]
        ax.plot(centres, means, color="black", marker="o", label="main effect")
    if (~steady).any():
        ax.scatter(x[~steady], y[~steady], marker="x", color=UNSTEADY, s=40, zorder=5,
                   label="not in steady state")
    ax.set_xlabel(sweep.labels.get(factor, factor))
    ax.set_ylabel(f"{measure} ({sweep.units[measure]})")
    ax.legend(fontsize=8)


def heat_map(ax, sweep, points, summary, measure):
    """Two factors of a grid: the measure's mean at every combination."""
    first, second = sweep.factors[:2]
    rows = summary[summary.measure == measure].set_index("point")
    xs = np.unique(np.asarray(points[first], dtype=float))
    ys = np.unique(np.asarray(points[second], dtype=float))
    grid = np.full((len(ys), len(xs)), np.nan)
    for point, row in points.iterrows():
        i = np.searchsorted(ys, float(row[second]))
        j = np.searchsorted(xs, float(row[first]))
        grid[i, j] = rows.loc[point, "mean"]
    image = ax.imshow(grid, origin="lower", aspect="auto", cmap="viridis")
    ax.set_xticks(range(len(xs)), [f"{v:g}" for v in xs])
    ax.set_yticks(range(len(ys)), [f"{v:g}" for v in ys])
    ax.set_xlabel(sweep.labels.get(first, first))
    ax.set_ylabel(sweep.labels.get(second, second))
    for i in range(len(ys)):
        for j in range(len(xs)):
            if np.isfinite(grid[i, j]):
                ax.text(j, i, f"{grid[i, j]:.3g}", ha="center", va="center", fontsize=7, color="white")
    plt.colorbar(image, ax=ax, label=f"{measure} ({sweep.units[measure]})")


def difference_chart(ax, sweep, rows, measure):
    """A grid's paired comparisons: each level's difference from the level before, with its 95%
    interval over replications (common random numbers make these tight)."""
    mine = [r for r in rows if r["measure"] == measure and r["method"] == "main effect"
            and r["statistic"] == "difference" and r["value"] is not None]
    if not mine:
        missing(ax, "no level to compare with the one before")
        return
    for k, factor in enumerate(sweep.factors):
        steps = [r for r in mine if r["factor"] == factor]
        if not steps:
            continue
        labels = [r["level"] for r in steps]
        values = np.array([r["value"] for r in steps])
        low = np.array([r["low"] for r in steps])
        high = np.array([r["high"] for r in steps])
        ax.errorbar(range(len(steps)), values, yerr=np.vstack([values - low, high - values]), fmt="o",
                    capsize=3, label=sweep.labels.get(factor, factor), color=f"C{k}")
        ax.set_xticks(range(len(steps)), labels)
    ax.axhline(0, color="grey", linewidth=0.8)
    ax.set_xlabel("level (against the level before it)")
    ax.set_ylabel(f"change in {measure}")
    ax.legend(fontsize=8)


def index_chart(ax, sweep, rows, measure):
    """The factors' indices for one measure as horizontal bars with their 95% intervals,
    largest first (a tornado chart)."""
    mine = [r for r in rows if r["measure"] == measure]
    if sweep.design == "sobol":
        stats = [("ST", "total (ST)"), ("S1", "first order (S1)")]
    elif sweep.design == "morris":
        stats = [("mu*", "mu* (mean |elementary effect|)")]
    else:
        stats = [("SRC", "standardized regression coefficient")]
    by = {(r["factor"], r["statistic"]): r for r in mine}
    factors = [f for f in sweep.factors if (f, stats[0][0]) in by and by[(f, stats[0][0])]["value"] is not None]
    if not factors:
        missing(ax, "no index for this measure")
        return
    factors.sort(key=lambda f: abs(by[(f, stats[0][0])]["value"]))
    height = min(0.35, 0.8 / len(stats))
    for k, (stat, label) in enumerate(stats):
        values = np.array([by[(f, stat)]["value"] for f in factors], dtype=float)
        low = np.array([by[(f, stat)]["low"] if by[(f, stat)]["low"] is not None else np.nan for f in factors])
        high = np.array([by[(f, stat)]["high"] if by[(f, stat)]["high"] is not None else np.nan for f in factors])
        errors = np.vstack([np.clip(values - low, 0, None), np.clip(high - values, 0, None)])
        positions = np.arange(len(factors)) + (k - (len(stats) - 1) / 2) * height
        ax.barh(positions, values, height=height, xerr=np.nan_to_num(errors), capsize=3, label=label)
    ax.set_yticks(range(len(factors)), [sweep.labels.get(f, f) for f in factors])
    ax.set_ylim(-0.7, len(factors) - 0.3)
    ax.axvline(0, color="grey", linewidth=0.8)
    ax.set_xlabel(f"{measure}: " + ", ".join(label for _, label in stats) + " (bars: 95% interval)")
    ax.legend(fontsize=8)


def figure_html(figure, caption, chart_id):
    data = base64.b64encode(png(figure)).decode()
    return (f'<figure id="{chart_id}"><figcaption>{html.escape(caption)}</figcaption>'
            f'<img alt="{html.escape(caption)}" src="data:image/png;base64,{data}"></figure>')


def points_table(sweep, points, summary, measures):
    header = "".join(f"<th>{html.escape(sweep.labels.get(f, f))}</th>" for f in sweep.factors)
    header += "".join(f"<th>{html.escape(m)}</th>" for m in measures)
    by_measure = {m: summary[summary.measure == m].set_index("point") for m in measures}
    rows = []
    for point, row in points.head(MAX_TABLE_POINTS).iterrows():
        cells = "".join(f"<td>{html.escape(str(row[f]))}</td>" for f in sweep.factors)
        for m in measures:
            mean, half = by_measure[m].loc[point, "mean"], by_measure[m].loc[point, "ci_half_width"]
            cells += f"<td>{mean:.4g} ± {half:.2g}</td>" if np.isfinite(half) else f"<td>{mean:.4g}</td>"
        flag = "" if row["steady"] == 1 else ' class="unsteady"'
        rows.append(f"<tr{flag}><th>{point}</th>{cells}</tr>")
    more = len(points) - MAX_TABLE_POINTS
    note = f'<p class="note">... and {more} more points (all are in the file).</p>' if more > 0 else ""
    return (f'<table id="points"><thead><tr><th>point</th>{header}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>{note}")


def steady_section(sweep, points):
    unsteady = points[points["steady"] != 1]
    if unsteady.empty:
        return '<p id="steady-state">Every point reached a steady state: no queue or level was still rising.</p>'
    items = "".join(
        f"<li>point {point} ({html.escape(', '.join(f'{f} = {row[f]}' for f in sweep.factors))}): "
        f"{html.escape(row['steady_state_warning'])}</li>" for point, row in unsteady.iterrows())
    return f'<ul id="steady-state">{items}</ul>'


def banner(sweep):
    if not sweep.steady_state_warning:
        return ""
    return ('<div class="banner" id="steady-state-warning" role="alert"><h2>Not in steady state</h2>'
            f"<p>{html.escape(sweep.steady_state_warning)}. A point whose queues were still growing at the "
            "end of its run has averages that describe this run length, not the long run; they are "
            f'marked <span style="color:{UNSTEADY}">x</span> on the charts and listed below.</p></div>')


PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>careflow sweep: {title}</title>
<style>
{style}
tr.unsteady th, tr.unsteady td {{ color: #b00020; }}
</style></head><body>
<h1>careflow sweep: {title}</h1>
<p>{description}</p>
<p class="note">{design} design: {points} points x {replications} replications of <b>{scenario}</b>
({days:g} days each), seed {seed}; replication r of every point sees the same patients (common random
numbers). Factors: {factors}.</p>
{banner}
<h2>Response</h2>
<p class="note">Each point's mean over its replications; bands and bars are 95% intervals.</p>
{responses}
<h2>What matters most</h2>
<p class="note">{index_note}</p>
{indices}
<h2>Steady state at every point</h2>
{steady}
<h2>Points</h2>
{table}
</body></html>
"""

INDEX_NOTES = {
    "sobol": "Sobol indices: S1 is the share of the measure's variance a factor explains alone, ST "
             "the share it explains with its interactions (Saltelli 2010, Jansen); a large ST - S1 gap "
             "means the factor matters through others. Intervals: bootstrap over base samples.",
    "morris": "Morris screening: mu* is the mean absolute change in the measure when the factor "
              "moves across its range; a large sigma means the effect depends on the other factors.",
    "grid": "Each level against the level before it: the difference in the measure, paired by "
            "replication (common random numbers), with its 95% interval. An interval clear of zero is a "
            "real step.",
    "lhs": "Standardized regression coefficients: the change in the measure, in standard deviations, "
           "per standard deviation of the factor; read them with R² (in `careflow sensitivity`).",
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sweep")
    parser.add_argument("--html", required=True)
    parser.add_argument("--png", help="also write the charts on one image")
    parser.add_argument("--sensitivity", required=True,
                        help="`careflow sensitivity --format json` of the same sweep")
    args = parser.parse_args()
    try:
        sweep = careflow_trace.open_sweep(args.sweep)
        points = sweep.points()
        summary = sweep.summary()
    except (careflow_trace.TraceError, KeyError, ValueError, OSError) as error:
        print(f"report: error: {args.sweep}: {error}", file=sys.stderr)
        return 2
    with open(args.sensitivity) as f:
        sensitivity = json.load(f)
    measures = [m for m in sweep.measures if np.isfinite(summary[summary.measure == m]["mean"]).all()]
    measures = measures[:MAX_MEASURES]
    numeric = [f for f in sweep.factors if points[f].dtype != object]

    responses, pictures = [], []
    if sweep.design == "grid" and len(numeric) >= 2:
        for measure in measures[:2]:
            figure, ax = plt.subplots(figsize=(8, 4.5))
            heat_map(ax, sweep, points, summary, measure)
            responses.append(figure_html(figure, f"{measure}: every combination of "
                                         f"{sweep.labels[numeric[0]]} and {sweep.labels[numeric[1]]}",
                                         f"heat-map-{len(responses)}"))
    for measure in measures:
        columns = min(3, max(1, len(numeric)))
        rows = (len(numeric) + columns - 1) // columns
        figure, axes = plt.subplots(rows, columns, figsize=(4.2 * columns, 3.4 * rows), squeeze=False)
        for ax, factor in zip(axes.flat, numeric):
            response_curves(ax, sweep, points, summary, factor, measure)
        for ax in list(axes.flat)[len(numeric):]:
            ax.axis("off")
        figure.tight_layout()
        responses.append(figure_html(figure, f"{measure} against each factor", f"response-{len(responses)}"))
        pictures.append(("response", measure))
    indices = []
    for measure in measures:
        if sweep.design == "grid":
            figure, ax = plt.subplots(figsize=(8, 3.6))
            difference_chart(ax, sweep, sensitivity["rows"], measure)
            caption = f"{measure}: each level against the level before (paired by replication)"
        else:
            figure, ax = plt.subplots(figsize=(8, 0.6 * len(sweep.factors) + 1.6))
            index_chart(ax, sweep, sensitivity["rows"], measure)
            caption = f"{measure}: indices by factor"
        indices.append(figure_html(figure, caption, f"indices-{len(indices)}"))

    description = html.escape(sweep.attrs.get("sweep_description", ""))
    page = PAGE.format(
        title=html.escape(sweep.name), description=description, design=html.escape(sweep.design),
        points=len(points), replications=sweep.replications,
        scenario=html.escape(sweep.attrs.get("scenario_name", "")), days=float(sweep.attrs.get("days", 0)),
        seed=sweep.attrs.get("seed"), factors=html.escape(", ".join(sweep.labels[f] for f in sweep.factors)),
        banner=banner(sweep), responses="\n".join(responses), index_note=html.escape(INDEX_NOTES[sweep.design]),
        indices="\n".join(indices), steady=steady_section(sweep, points),
        table=points_table(sweep, points, summary, measures), style=PAGE_STYLE)
    with open(args.html, "w", encoding="utf-8") as f:
        f.write(page)

    if args.png:
        shown = measures[:2]
        figure, axes = plt.subplots(len(shown), 2, figsize=(14, 4.5 * len(shown)), squeeze=False)
        for row, measure in zip(axes, shown):
            if numeric:
                response_curves(row[0], sweep, points, summary, numeric[0], measure)
            (difference_chart if sweep.design == "grid" else index_chart)(row[1], sweep, sensitivity["rows"], measure)
        figure.suptitle(f"careflow sweep: {sweep.name}")
        figure.tight_layout()
        with open(args.png, "wb") as f:
            f.write(png(figure))
    return 0


if __name__ == "__main__":
    exit_with(main)
