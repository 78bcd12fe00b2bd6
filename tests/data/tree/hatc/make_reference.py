"""Reference runs of River 0.26.1's HoeffdingAdaptiveTreeClassifier for
tests/cpp/tree/hoeffding_adaptive_tree_classifier_test.cpp.

Run from the repository root (needs River 0.26.1; the Electricity and SEA runs need
../shared/datasets/{elec,sea_big}.csv):

    python3 tests/data/tree/hatc/make_reference.py

Deterministic (every model and stream is seeded). Writes, next to this script:

- agrawal_drift.csv: 5,000 rows of River's ConceptDriftStream(Agrawal(0, seed=1) ->
  Agrawal(2, seed=2), position=2500, width=50, seed=3), labels as ids in order of first
  appearance.
- nominal_drift.csv: 3,000 rows with a nominal feature "b", a feature "c" that is often
  missing, a new nominal value from step 2000 and a concept flip at step 1500 (see
  `nominal_drift`).
- pred_<config>.txt: test-then-train (predict_one, then learn_one) predicted class ids, one per
  line (-1 where River predicts None).
- configs.csv: each configuration's stream, rows and parameters, with River's final summary
  (n_nodes, n_leaves, height, n_active_leaves, n_inactive_leaves, n_alternate_trees,
  n_pruned_alternate_trees, n_switch_alternate_trees) and progressive accuracy.
- full_accuracy.csv: progressive accuracy with default parameters (seed 42) on the whole
  Electricity stream (45,312 rows), the first 100,000 rows of SEA, and a 100,000-row Agrawal
  drift stream (ConceptDriftStream(Agrawal(0, seed=1) -> Agrawal(2, seed=2), position=50000,
  width=1000, seed=3); labels as ids in order of first appearance).

Streams: the first 5,000 rows of elec.csv and sea_big.csv, agrawal_drift.csv, and
../nominal_stream.csv (3,000 rows; feature "b" nominal) and nominal_drift.csv. Class labels
become ids in order of first appearance; missing cells are left out of River's dict (NaN on the
C++ side).
"""

from __future__ import annotations

import csv
import os
import random
import sys

from river import tree
from river.datasets import synth

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from make_reference import DATASETS, read_csv_stream  # noqa: E402

SEED = 42
PREFIX = 5000


def agrawal_drift(n, position, width):
    gen = synth.ConceptDriftStream(
        stream=synth.Agrawal(classification_function=0, seed=1),
        drift_stream=synth.Agrawal(classification_function=2, seed=2),
        position=position,
        width=width,
        seed=3,
    )
    rows = []
    ids = {}
    names = None
    for x, y in gen.take(n):
        if names is None:
            names = list(x.keys())
        if y not in ids:
            ids[y] = len(ids)
        rows.append(({k: float(v) for k, v in x.items()}, ids[y]))
    return names, rows


def nominal_drift():
    """3,000 rows: numeric a, nominal b (codes 0-4, code 5 first seen at step 2000), numeric c
    missing 20% of the time; the concept flips at step 1500 (b in {0, 1} stops meaning class 1,
    b in {3, 4} starts), with 5% label noise."""
    rng = random.Random(13)
    rows = []
    for t in range(3000):
        a = rng.uniform(-1.0, 1.0)
        b = rng.randrange(6 if t >= 2000 else 5)
        c = rng.gauss(0.0, 1.0) if rng.random() >= 0.2 else None
        hot = (0, 1) if t < 1500 else (3, 4)
        y = 1 if (b in hot and a > -0.2) or (c is not None and c > 1.5) else 0
        if rng.random() < 0.05:
            y = 1 - y
        x = {"a": a, "b": float(b)}
        if c is not None:
            x["c"] = c
        rows.append((x, y))
    ids = {}
    out = []
    for x, y in rows:
        if y not in ids:
            ids[y] = len(ids)
        out.append((x, ids[y]))
    return ["a", "b", "c"], out


def run(model, rows):
    preds = []
    correct = 0
    for x, y in rows:
        p = model.predict_one(x)
        preds.append(-1 if p is None else int(p))
        correct += p == y
        model.learn_one(x, y)
    return preds, correct / len(rows)


CONFIGS = [
    # name, stream, params
    ("elec_nba", "elec", {}),
    ("elec_mc", "elec", {"leaf_prediction": "mc"}),
    ("elec_nb", "elec", {"leaf_prediction": "nb", "nb_threshold": 10}),
    ("elec_nba_noboot", "elec", {"bootstrap_sampling": False}),
    ("elec_mc_noboot_gini", "elec", {"leaf_prediction": "mc", "bootstrap_sampling": False,
                                     "split_criterion": "gini"}),
    ("elec_nba_fast", "elec", {"grace_period": 50, "drift_window_threshold": 100}),
    ("sea_nba", "sea", {}),
    ("sea_mc", "sea", {"leaf_prediction": "mc"}),
    ("sea_nb", "sea", {"leaf_prediction": "nb"}),
    ("sea_nba_noboot", "sea", {"bootstrap_sampling": False}),
    ("sea_nba_fast", "sea", {"grace_period": 50, "drift_window_threshold": 100}),
    ("agrawal_nba", "agrawal", {}),
    ("agrawal_mc", "agrawal", {"leaf_prediction": "mc"}),
    ("agrawal_nb", "agrawal", {"leaf_prediction": "nb"}),
    ("agrawal_nba_noboot", "agrawal", {"bootstrap_sampling": False}),
    ("agrawal_mc_noboot", "agrawal", {"leaf_prediction": "mc", "bootstrap_sampling": False}),
    ("agrawal_nba_fast", "agrawal", {"grace_period": 50, "drift_window_threshold": 100}),
    ("agrawal_mc_fast_hellinger", "agrawal", {"leaf_prediction": "mc", "grace_period": 50,
                                              "drift_window_threshold": 50,
                                              "split_criterion": "hellinger"}),
    ("agrawal_nba_depth2", "agrawal", {"max_depth": 2, "grace_period": 100}),
    ("elec_mc_depth1_fast", "elec", {"leaf_prediction": "mc", "max_depth": 1, "grace_period": 50,
                                     "drift_window_threshold": 100}),
    ("nomdrift_nba", "nomdrift", {"nominal_attributes": ["b"], "grace_period": 50,
                                  "drift_window_threshold": 50}),
    ("nomdrift_mc_noboot", "nomdrift", {"leaf_prediction": "mc", "bootstrap_sampling": False,
                                        "nominal_attributes": ["b"], "grace_period": 50,
                                        "drift_window_threshold": 50}),
    ("nomdrift_nb_binary", "nomdrift", {"leaf_prediction": "nb", "nominal_attributes": ["b"],
                                        "binary_split": True, "grace_period": 50,
                                        "drift_window_threshold": 50}),
    ("nominal_nba", "nominal", {"nominal_attributes": ["b"]}),
    ("nominal_mc", "nominal", {"leaf_prediction": "mc", "nominal_attributes": ["b"]}),
    ("nominal_nb_noboot", "nominal", {"leaf_prediction": "nb", "bootstrap_sampling": False,
                                      "nominal_attributes": ["b"]}),
    ("nominal_nba_binary_fast", "nominal", {"nominal_attributes": ["b"], "binary_split": True,
                                            "grace_period": 50, "drift_window_threshold": 50}),
    ("nominal_nba_fast", "nominal", {"nominal_attributes": ["b"], "grace_period": 50,
                                     "drift_window_threshold": 50}),
]

PARAM_COLUMNS = ["leaf_prediction", "nb_threshold", "bootstrap_sampling", "split_criterion",
                 "grace_period", "drift_window_threshold", "binary_split", "nominal_attributes",
                 "max_depth"]
SUMMARY_COLUMNS = ["n_nodes", "n_leaves", "height", "n_active_leaves", "n_inactive_leaves",
                   "n_alternate_trees", "n_pruned_alternate_trees", "n_switch_alternate_trees"]


def cell(params, key):
    if key not in params:
        return ""
    v = params[key]
    if isinstance(v, bool):
        return "1" if v else "0"
    if isinstance(v, list):
        return ";".join(v)
    return str(v)


def main():
    names, agr = agrawal_drift(PREFIX, 2500, 50)
    with open(os.path.join(HERE, "agrawal_drift.csv"), "w") as f:
        f.write(",".join(names) + ",class\n")
        for x, y in agr:
            f.write(",".join(repr(x[n]) for n in names) + f",{y}\n")
    nd_names, nd = nominal_drift()
    with open(os.path.join(HERE, "nominal_drift.csv"), "w") as f:
        f.write(",".join(nd_names) + ",class\n")
        for x, y in nd:
            f.write(",".join(repr(x[n]) if n in x else "" for n in nd_names) + f",{y}\n")
    streams = {
        "elec": read_csv_stream(os.path.join(DATASETS, "elec.csv"), PREFIX)[1],
        "sea": read_csv_stream(os.path.join(DATASETS, "sea_big.csv"), PREFIX)[1],
        "agrawal": read_csv_stream(os.path.join(HERE, "agrawal_drift.csv"))[1],
        "nominal": read_csv_stream(os.path.join(HERE, "..", "nominal_stream.csv"))[1],
        "nomdrift": read_csv_stream(os.path.join(HERE, "nominal_drift.csv"))[1],
    }
    with open(os.path.join(HERE, "configs.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["config", "stream", "rows"] + PARAM_COLUMNS + SUMMARY_COLUMNS + ["accuracy"])
        for config, stream, params in CONFIGS:
            model = tree.HoeffdingAdaptiveTreeClassifier(seed=SEED, **params)
            rows = streams[stream]
            preds, acc = run(model, rows)
            with open(os.path.join(HERE, f"pred_{config}.txt"), "w") as g:
                g.write("\n".join(map(str, preds)) + "\n")
            s = model.summary
            w.writerow([config, stream, len(rows)] + [cell(params, k) for k in PARAM_COLUMNS] +
                       [s[k] for k in SUMMARY_COLUMNS] + [repr(acc)])
            print(config, acc, {k: s[k] for k in SUMMARY_COLUMNS}, flush=True)
    with open(os.path.join(HERE, "full_accuracy.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["stream", "rows", "accuracy"])
        full = [
            ("elec", read_csv_stream(os.path.join(DATASETS, "elec.csv"))[1]),
            ("sea", read_csv_stream(os.path.join(DATASETS, "sea_big.csv"), 100000)[1]),
            ("agrawal_drift", agrawal_drift(100000, 50000, 1000)[1]),
        ]
        for stream, rows in full:
            _, acc = run(tree.HoeffdingAdaptiveTreeClassifier(seed=SEED), rows)
            w.writerow([stream, len(rows), repr(acc)])
            print(stream, len(rows), acc, flush=True)


if __name__ == "__main__":
    main()
