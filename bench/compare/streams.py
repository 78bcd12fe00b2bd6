#!/usr/bin/env python3
"""Materialise every comparison stream once as CSV under build/compare-data/.

    build/compare-venv/bin/python bench/compare/streams.py [--force]

All runners (River, CapyMOA, streamwise) read these files, so every library sees the same rows.
Each CSV has a header; features keep their source names; the target column is named in
manifest.json (it is always the last column). Floats are written with repr() so they round-trip
exactly. Files that already exist are kept unless --force.

Streams and exactly how they are produced:
- elec      ../shared/datasets/elec.csv (relative to the repo root), copied, target `class`.
- sea       ../shared/datasets/sea_big.csv, copied, target `class`.
- agrawal   what river.datasets.synth.ConceptDriftStream(
                stream=synth.Agrawal(classification_function=0, seed=42),
                drift_stream=synth.Agrawal(classification_function=2, seed=42),
                position=50_000, width=1, seed=42).take(100_000)   # abrupt drift at 50,000
            is defined to produce. River 0.26.1 itself cannot iterate it: with width=1 the
            sigmoid's math.exp(-4 * (i - position) / width) overflows (OverflowError) for
            i < position - 177. drift_stream() below walks the same two Agrawal generators and
            the same random.Random(42), one rng.random() draw per row exactly as River does,
            and only treats that overflow as a drift probability of 0 (its limit). Target
            `class` (0/1); the nominal-coded features stay numeric, as River treats them by
            default.
- friedman  river.datasets.synth.Friedman(seed=42).take(100_000), target `y` (regression).
- phishing  river.datasets.Phishing() (bundled with River, 1,250 rows), target `is_phishing`
            written as 0/1.
- trump     river.datasets.TrumpApproval() (bundled, 1,001 rows), target `five_thirty_eight`.
- series    numpy.random.default_rng(42): 50,000 draws of normal(0, 1) then 50,000 of
            normal(0.5, 1), column `x`; the fixed numeric series for ADWIN, Var and Quantile.
"""

import argparse
import csv
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import DATA_DIR, REPO  # noqa: E402

SHARED = (REPO / ".." / "shared" / "datasets").resolve()


def write_csv(path, header, rows):
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
    tmp.replace(path)


def fmt(v):
    if isinstance(v, bool):
        return int(v)
    if isinstance(v, int):
        return v
    return repr(float(v))


def copy_shared(fname, target):
    src = SHARED / fname
    if not src.exists():
        sys.exit(f"error: {src} not found. The Electricity and SEA streams come from the shared "
                 f"datasets folder next to the repository (../shared/datasets/ relative to the "
                 f"repo root); put {fname} there and run again.")
    with src.open(newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        if header[-1] != target:
            sys.exit(f"error: {src}: expected the last column to be {target!r}, got {header[-1]!r}")
        rows = [[fmt(float(v)) for v in rec[:-1]] + [int(float(rec[-1]))] for rec in reader]
    return header, rows


def from_river(dataset, target):
    rows, header = [], None
    for x, y in dataset:
        if header is None:
            header = list(x) + [target]
        rows.append([fmt(x[k]) for k in header[:-1]] + [fmt(y)])
    return header, rows


def drift_stream(stream, drift_stream, position, width, seed):
    """River's ConceptDriftStream selection rule with the exp overflow mapped to probability 0."""
    import math
    import random

    rng = random.Random(seed)
    first, second = iter(stream), iter(drift_stream)
    i = 0
    while True:
        i += 1
        v = -4.0 * float(i - position) / float(width)
        p = 0.0 if v > 700.0 else 1.0 / (1.0 + math.exp(v))
        try:
            x, y = next(first) if rng.random() > p else next(second)
        except StopIteration:
            return
        yield x, y


def build(name):
    if name in ("elec", "sea"):
        return copy_shared({"elec": "elec.csv", "sea": "sea_big.csv"}[name], "class"), "class"
    from river import datasets
    from river.datasets import synth

    if name == "agrawal":
        import itertools

        ds = drift_stream(synth.Agrawal(classification_function=0, seed=42),
                          synth.Agrawal(classification_function=2, seed=42),
                          position=50_000, width=1, seed=42)
        return from_river(itertools.islice(ds, 100_000), "class"), "class"
    if name == "friedman":
        return from_river(synth.Friedman(seed=42).take(100_000), "y"), "y"
    if name == "phishing":
        return from_river(datasets.Phishing(), "is_phishing"), "is_phishing"
    if name == "trump":
        return from_river(datasets.TrumpApproval(), "five_thirty_eight"), "five_thirty_eight"
    if name == "series":
        import numpy as np

        rng = np.random.default_rng(42)
        values = np.concatenate([rng.normal(0.0, 1.0, 50_000), rng.normal(0.5, 1.0, 50_000)])
        return (["x"], [[repr(float(v))] for v in values]), None
    raise ValueError(name)


TASKS = {"elec": "classification", "sea": "classification", "agrawal": "classification",
         "phishing": "classification", "friedman": "regression", "trump": "regression",
         "series": "series"}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--force", action="store_true", help="rewrite files that already exist")
    args = ap.parse_args()
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    manifest_path = DATA_DIR / "manifest.json"
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else {}
    for name, task in TASKS.items():
        path = DATA_DIR / f"{name}.csv"
        if path.exists() and name in manifest and not args.force:
            continue
        (header, rows), target = build(name)
        write_csv(path, header, rows)
        manifest[name] = {"file": path.name, "task": task, "target": target, "n": len(rows),
                          "n_features": len(header) - (1 if target else 0)}
        print(f"wrote {path} ({len(rows)} rows, {manifest[name]['n_features']} features)")
    manifest_path.write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
