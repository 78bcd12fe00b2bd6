#!/usr/bin/env python3
"""Turn the comparison records into report.md, PNG plots and a parity verdict.

    python bench/compare/report.py [--results DIR]

Reads build/compare-results/*__*__*.json and run.json (written by orchestrate.py) and writes:
- report.md                  the tables (metric, samples/s, ratio to River and to CapyMOA, peak
                             memory), the parity check, the goals of issue 7, machine and versions
- throughput_ratio.png       samples/s of every library relative to River, per (model, stream)
- curve_<stream>.png         prequential learning curves, one panel per model
Exits 1 if a streamwise metric differs from River's by more than the tolerances of the model
issues (accuracy points for classifiers, relative MAE for the tree regressor, 1e-9 relative for
linear models and stats, identical detections for ADWIN), so the benchmark is a parity check.
"""

import argparse
import json
import math
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import MODELS, RESULTS_DIR  # noqa: E402

LIB_ORDER = ["river", "capymoa", "capymoa_pyloop", "streamwise_py_dict", "streamwise_py_numpy",
             "streamwise_native"]
STREAMWISE = ["streamwise_py_dict", "streamwise_py_numpy", "streamwise_native"]
STREAM_ORDER = ["elec", "sea", "agrawal", "phishing", "friedman", "trump", "series"]

# (kind, tolerance): "abs" on accuracy (fraction: 0.003 = 0.3 points), "rel" relative difference,
# "exact" identical detection positions.
TOLERANCES = {
    "ht_clf": ("abs", 0.003),
    "ht_reg": ("rel", 0.003),
    "hat_clf": ("abs", 0.01),
    "arf10_clf": ("abs", 0.01),
    "scaler_logreg": ("rel", 1e-9),
    "linreg": ("rel", 1e-9),
    "var": ("rel", 1e-9),
    "quantile": ("rel", 1e-9),
    "adwin": ("exact", None),
}

# Goals of issue 7: (library, model, against, factor)
GOALS = [
    ("streamwise_native", "ht_clf", "river", 80),
    ("streamwise_native", "ht_clf", "capymoa", 4),
    ("streamwise_native", "arf10_clf", "river", 40),
    ("streamwise_native", "scaler_logreg", "river", 200),
    ("streamwise_py_dict", None, "river", 20),
]


# Stochastic models: on a short stream one seed says little (River's own ARF moves by several
# points across seeds on 2,000 rows). When orchestrate.py ran them under several seeds
# (seed_spread.json), the parity check compares the seed means, with a tolerance of the larger
# of the model's and three standard errors of the difference of the two means.
SPREAD_STANDARD_ERRORS = 3.0


def load_spread(results):
    path = results / "seed_spread.json"
    return json.loads(path.read_text()) if path.exists() else {}


def spread_of(spread, lib, model, stream):
    entry = spread.get(f"{lib}|{model}|{stream}")
    return entry["metrics"] if entry and len(entry.get("metrics", [])) >= 2 else None


def mean_and_var(values):
    m = sum(values) / len(values)
    return m, sum((v - m) ** 2 for v in values) / (len(values) - 1)


def load(results):
    recs = {}
    for path in sorted(results.glob("*__*__*.json")):
        rec = json.loads(path.read_text())
        recs[(rec["library"], rec["model"], rec["stream"])] = rec
    run = json.loads((results / "run.json").read_text()) if (results / "run.json").exists() else {}
    return recs, run


def fnum(v, digits=4):
    if v is None:
        return "–"
    if isinstance(v, str):
        return v
    if isinstance(v, int):
        return str(v)
    if v != 0 and (abs(v) >= 1e5 or abs(v) < 1e-3):
        return f"{v:.{digits}g}"
    return f"{v:.{digits}f}".rstrip("0").rstrip(".") if "." in f"{v:.{digits}f}" else f"{v}"


def md(text):
    """Escape a table cell (model names contain '|')."""
    return str(text).replace("|", "\\|")


def metric_value(rec):
    m = rec.get("metric")
    return float(m) if m is not None else math.nan


def cells(recs):
    seen = defaultdict(dict)
    for (lib, model, stream), rec in recs.items():
        seen[(model, stream)][lib] = rec
    order = {m: i for i, m in enumerate(MODELS)}
    sorder = {s: i for i, s in enumerate(STREAM_ORDER)}
    return sorted(seen.items(), key=lambda kv: (order.get(kv[0][0], 99),
                                                sorder.get(kv[0][1], 99), kv[0][1]))


def ratio(rec, ref):
    if not rec or not ref or rec.get("status") != "ok" or ref.get("status") != "ok":
        return None
    a, b = rec.get("samples_per_s"), ref.get("samples_per_s")
    return a / b if a and b else None


def spread_parity(spread, model, stream, lib, rec, native, tol):
    """The seed-means check of one cell, or None when the seeds were not run."""
    river_runs = spread_of(spread, "river", model, stream)
    ours = spread_of(spread, lib, model, stream)
    if ours is None and native and metric_value(rec) == metric_value(native):
        # the Python slots run the same C++ model: the native seeds stand for them
        ours = spread_of(spread, "streamwise_native", model, stream)
    if river_runs is None or ours is None:
        return None
    (a, va), (b, vb) = mean_and_var(river_runs), mean_and_var(ours)
    diff = abs(a - b)
    allowed = max(tol, SPREAD_STANDARD_ERRORS * math.sqrt(va / len(river_runs) + vb / len(ours)))
    return (model, stream, lib, a, b,
            f"{100 * diff:.3f} points (means of {len(river_runs)} and {len(ours)} seeds)",
            f"{100 * allowed:.3g} points", diff <= allowed)


def parity(recs, spread=None):
    """List of (model, stream, library, river metric, its metric, diff, tolerance, ok)."""
    rows = []
    spread = spread or {}
    for (model, stream), libs in cells(recs):
        river = libs.get("river")
        if not river or river.get("status") != "ok":
            continue
        kind, tol = TOLERANCES[model]
        for lib in STREAMWISE:
            rec = libs.get(lib)
            if not rec or rec.get("status") != "ok":
                continue
            a, b = metric_value(river), metric_value(rec)
            if rec.get("n") != river.get("n"):
                rows.append((model, stream, lib, a, b, "n differs", "same n", False))
                continue
            by_seeds = spread_parity(spread, model, stream, lib, rec,
                                     libs.get("streamwise_native"), tol)
            if by_seeds is not None:
                rows.append(by_seeds)
                continue
            if kind == "exact":
                ok = rec.get("detections") == river.get("detections")
                rows.append((model, stream, lib, a, b,
                             "identical" if ok else "detections differ", "identical", ok))
                continue
            if kind == "abs":
                diff = abs(a - b)
                shown = f"{100 * diff:.3f} points"
                tol_s = f"{100 * tol:g} points"
            else:
                diff = abs(a - b) / max(abs(a), 1e-300)
                shown = f"{diff:.3g} rel"
                tol_s = f"{tol:g} rel"
            ok = math.isfinite(diff) and diff <= tol
            rows.append((model, stream, lib, a, b, shown, tol_s, ok))
    return rows


def best_ratio(recs, lib, model, against):
    out = []
    for (m, stream), libs in cells(recs):
        if model is not None and m != model:
            continue
        r = ratio(libs.get(lib), libs.get(against))
        if r is not None:
            out.append((stream if model else f"{m}/{stream}", r))
    return out


def write_markdown(recs, run, results, plots):
    lines = ["# Side-by-side comparison: streamwise, River, CapyMOA", ""]
    for earlier in run.get("earlier_runs", []):
        lines += [f"Merged with an earlier run: started {earlier.get('started_utc', '?')} UTC, "
                  f"rows capped at {earlier.get('n_cap') or 'none'}, models "
                  f"{', '.join(earlier.get('models', []))}.", ""]
    if run:
        lines += [
            f"Run started {run.get('started_utc', '?')} UTC, finished "
            f"{run.get('finished_utc', '?')} UTC; rows per stream capped at "
            f"{run.get('n_cap') or 'none (full streams)'}.",
            "",
            f"Machine: {run.get('cpu', '?')}, {run.get('cpu_count', '?')} cores, "
            f"{run.get('mem_total', '?')} RAM, load average at start "
            f"{' '.join(run.get('loadavg_start', []))}; {run.get('platform', '?')}.",
            f"Python {run.get('python', '?')}, River {run.get('river', '?')}, CapyMOA "
            f"{run.get('capymoa', '?')} on {run.get('java', '?')}, numpy {run.get('numpy', '?')}.",
            "",
        ]
    lines += [
        "Progressive validation (test-then-train) on every row. Metric: accuracy for "
        "classifiers, MAE for regressors, number of detections for ADWIN, final value for "
        "Var and Quantile (median). samples/s is timed around the learning loop only; "
        "`streamwise_native` repeats a run shorter than 0.3 s from scratch (at most 25 times) "
        "and reports the median run, the other slots run once. Peak "
        "memory is the runner process's maximum RSS (interpreter, library, the stream held in "
        "memory and the model; the JVM for CapyMOA). `capymoa` runs the whole loop inside the "
        "JVM (MOA's efficient evaluation loop), its fastest path.",
        "",
        "| model | stream | library | n | metric | samples/s | × River | × CapyMOA | peak MiB |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    skipped = []
    for (model, stream), libs in cells(recs):
        for lib in sorted(libs, key=lambda x: LIB_ORDER.index(x) if x in LIB_ORDER else 99):
            rec = libs[lib]
            if rec.get("status") != "ok":
                skipped.append((model, stream, lib, rec.get("status"), rec.get("reason", "")))
                continue
            r_river = ratio(rec, libs.get("river"))
            r_capy = ratio(rec, libs.get("capymoa"))
            peak = rec.get("peak_rss_kb")
            lines.append(
                f"| {md(MODELS[model][1])} | {stream} | {lib} | {rec['n']} | "
                f"{rec['metric_name']} {fnum(rec['metric'])} | "
                f"{rec['samples_per_s']:,.0f} | "
                f"{'–' if r_river is None else f'{r_river:.2f}'} | "
                f"{'–' if r_capy is None else f'{r_capy:.2f}'} | "
                f"{'–' if peak is None else f'{peak / 1024:.0f}'} |")
    lines.append("")
    if skipped:
        lines += ["### Not run", "", "| model | stream | library | status | reason |",
                  "|---|---|---|---|---|"]
        for model, stream, lib, status, reason in skipped:
            lines.append(f"| {md(MODELS[model][1])} | {stream} | {lib} | {status} | "
                         f"{md(reason)} |")
        lines.append("")

    par = parity(recs, load_spread(results))
    lines += ["## Parity with River", ""]
    if load_spread(results):
        lines += ["ARFClassifier draws its random numbers differently from River, so on short "
                  "streams it is compared over seeds: River and the native driver also ran "
                  "with seeds 1-4, and the means of the five seeds must agree within the larger "
                  "of 1 point and three standard errors of their difference.", ""]
    if not par:
        lines += ["No streamwise result to check yet.", ""]
    else:
        lines += ["| model | stream | library | River | streamwise | difference | tolerance | ok |",
                  "|---|---|---|---:|---:|---:|---:|---|"]
        for model, stream, lib, a, b, diff, tol, ok in par:
            lines.append(f"| {md(MODELS[model][1])} | {stream} | {lib} | {fnum(a, 6)} | "
                         f"{fnum(b, 6)} | {diff} | {tol} | {'yes' if ok else '**NO**'} |")
        lines.append("")

    lines += ["## Goals (issue 7)", "", "| goal | measured | met |", "|---|---|---|"]
    for lib, model, against, factor in GOALS:
        label = (f"{lib} {MODELS[model][1] if model else 'every model'} ≥ {factor}× "
                 f"{'River' if against == 'river' else 'CapyMOA'}")
        got = best_ratio(recs, lib, model, against)
        if not got:
            lines.append(f"| {md(label)} | not measured | – |")
            continue
        worst = min(r for _, r in got)
        shown = ", ".join(f"{s} {r:.1f}×" for s, r in got)
        lines.append(f"| {md(label)} | {md(shown)} | {'yes' if worst >= factor else 'no'} |")
    lines.append("")

    if plots:
        lines += ["## Plots", ""]
        for p in plots:
            lines.append(f"![{p.stem}]({p.name})")
            lines.append("")
    (results / "report.md").write_text("\n".join(lines))
    return par


def plot(recs, results):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    written = []
    # Throughput ratio to River, per (model, stream), one bar per other library.
    groups = [(k, libs) for k, libs in cells(recs)
              if libs.get("river", {}).get("status") == "ok"]
    others = [lib for lib in LIB_ORDER if lib != "river"
              and any(ratio(libs.get(lib), libs["river"]) for _, libs in groups)]
    groups = [(k, libs) for k, libs in groups
              if any(ratio(libs.get(lib), libs["river"]) for lib in others)]
    if groups and others:
        fig, ax = plt.subplots(figsize=(max(8, 0.55 * len(groups) * max(1, len(others))), 5))
        width = 0.8 / len(others)
        for j, lib in enumerate(others):
            xs, hs = [], []
            for i, (_, libs) in enumerate(groups):
                r = ratio(libs.get(lib), libs["river"])
                if r:
                    xs.append(i + (j - (len(others) - 1) / 2) * width)
                    hs.append(r)
            ax.bar(xs, hs, width=width, label=lib)
        ax.axhline(1.0, color="black", linewidth=0.8)
        ax.set_yscale("log")
        ax.set_xticks(range(len(groups)))
        ax.set_xticklabels([f"{MODELS[m][1]}\n{s}" for (m, s), _ in groups], rotation=60,
                           ha="right", fontsize=7)
        ax.set_ylabel("samples/s relative to River (log scale)")
        ax.set_title("Throughput ratio to River (higher is faster)")
        ax.legend(fontsize=8)
        fig.tight_layout()
        path = results / "throughput_ratio.png"
        fig.savefig(path, dpi=110)
        plt.close(fig)
        written.append(path)

    # Learning curves, one figure per stream, one panel per model.
    by_stream = defaultdict(dict)
    for (model, stream), libs in cells(recs):
        ok = {lib: r for lib, r in libs.items() if r.get("status") == "ok" and r.get("curve")}
        if ok:
            by_stream[stream][model] = ok
    for stream in sorted(by_stream, key=lambda s: STREAM_ORDER.index(s)
                         if s in STREAM_ORDER else 99):
        models = by_stream[stream]
        fig, axes = plt.subplots(1, len(models), figsize=(4.2 * len(models), 3.6), squeeze=False)
        for ax, (model, libs) in zip(axes[0], models.items()):
            for lib in sorted(libs, key=lambda x: LIB_ORDER.index(x) if x in LIB_ORDER else 99):
                rec = libs[lib]
                step = rec.get("curve_step", 1)
                xs = [(k + 1) * step for k in range(len(rec["curve"]))]
                ax.plot(xs, [float(v) for v in rec["curve"]], label=lib, linewidth=1.2)
            values = [abs(float(v)) for r in libs.values() for v in r["curve"]]
            positive = [v for v in values if v > 0]
            if positive and max(positive) / min(positive) > 1e3:
                ax.set_yscale("log")  # a diverging model (River's linear leaves on trump)
            ax.set_title(MODELS[model][1], fontsize=9)
            ax.set_xlabel("samples seen")
            ax.set_ylabel(next(iter(libs.values()))["metric_name"])
            ax.legend(fontsize=7)
        fig.suptitle(f"Prequential learning curves: {stream}")
        fig.tight_layout()
        path = results / f"curve_{stream}.png"
        fig.savefig(path, dpi=100)
        plt.close(fig)
        written.append(path)
    return written


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--results", type=Path, default=RESULTS_DIR)
    ap.add_argument("--no-plots", action="store_true")
    args = ap.parse_args()
    recs, run = load(args.results)
    if not recs:
        sys.exit(f"error: no records in {args.results}; run orchestrate.py first")
    plots = [] if args.no_plots else plot(recs, args.results)
    par = write_markdown(recs, run, args.results, plots)
    print(f"wrote {args.results / 'report.md'} and {len(plots)} plot(s)")
    bad = [row for row in par if not row[-1]]
    for model, stream, lib, a, b, diff, tol, _ in bad:
        print(f"PARITY FAIL {lib} {model} {stream}: River {a} vs {b} ({diff} > {tol})")
    if bad:
        sys.exit(1)
    print(f"parity: {len(par)} streamwise result(s) within tolerance")


if __name__ == "__main__":
    main()
