"""Reference runs of River 0.26.1's ExtremelyFastDecisionTreeClassifier for
tests/cpp/tree/extremely_fast_decision_tree_classifier_test.cpp.

Run from the repository root (needs River 0.26.1; the elec and SEA runs need ../shared/datasets):

    python3 tests/data/tree/efdt/make_reference.py          # prefix runs (a few minutes)
    python3 tests/data/tree/efdt/make_reference.py --full   # also full_accuracy.csv (slow)

Deterministic. Every configuration runs test-then-train (predict_one, then learn_one) and writes
one predicted class id per line to `pred_<config>.txt` (-1 where River predicts None).
`configs.csv` lists each configuration's stream and parameters, the final tree shape and leaf
counters, how many times a re-evaluation replaced a split by another feature's (`replaced`),
changed the test of the split it kept (`retested`) or turned a branch back into a leaf
(`killed`), the first step whose learn_one replaced a split (`first_replace`, -1 if none), and
the progressive accuracy. Those event counts come from a subclass that watches River's own
`_reevaluate_best_split`; River itself does not count them.

Streams: the first 5,000 rows of elec.csv and sea_big.csv; `agrawal`, 5,000 rows of
ConceptDriftStream(Agrawal(function 0, seed 42), Agrawal(function 2, seed 42), position 2500,
width 50, seed 42) (a quick drift; River's sigmoid overflows for narrower widths; the C++ test
rebuilds the stream with streamwise::datasets and checks rows against `agrawal_head.csv`);
`nominal`, tests/data/tree/nominal_stream.csv (a numeric, a nominal feature with a value first
seen at step 1500, a feature missing 15% of the time, a constant, a third class from step 800).
Labels become class ids in order of first appearance. Configurations marked `weighted` learn
row t with weight {1, 2, 0.5, 1.5}[t % 4]. `rows` is the number of rows a configuration runs (a
prefix of its stream). Configurations name their numeric splitter: gaussian (the default),
exhaustive, or histogram:n_bins:n_splits. `debug_one.txt` holds River's debug_one for the first
20 elec rows after the 5,000-row default run (entries end with "@@"). `full_accuracy.csv` (with
--full) holds River's accuracy with default parameters on all of elec.csv, the 100,000 rows of
sea_big.csv and 100,000 rows of the Agrawal drift stream with position 50,000 and width 500.
"""

from __future__ import annotations

import csv
import os
import sys

from river import tree
from river.datasets import synth

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..", "..", "..")
DATASETS = os.path.join(ROOT, "..", "shared", "datasets")
PREFIX_ROWS = 5000
WEIGHTS = [1.0, 2.0, 0.5, 1.5]
AGRAWAL_NAMES = ["salary", "commission", "age", "elevel", "car", "zipcode", "hvalue", "hyears",
                 "loan"]


class WatchedEFDT(tree.ExtremelyFastDecisionTreeClassifier):
    """River's EFDT, counting what each re-evaluation did (no behaviour change)."""

    def __init__(self, **kw):
        super().__init__(**kw)
        self.events = {"replaced": 0, "retested": 0, "killed": 0}
        self.step = 0
        self.first_replace = -1

    def _kill_subtree(self, node):
        self.events["killed"] += 1
        return super()._kill_subtree(node)

    def _reevaluate_best_split(self, node, parent, branch_index, **kwargs):
        before = self._root if parent is None else parent.children[branch_index]
        killed = self.events["killed"]
        stop = super()._reevaluate_best_split(node, parent, branch_index, **kwargs)
        after = self._root if parent is None else parent.children[branch_index]
        if after is not before and self.events["killed"] == killed:
            if stop:
                self.events["replaced"] += 1
                if self.first_replace < 0:
                    self.first_replace = self.step
            else:
                self.events["retested"] += 1
        return stop


def make_splitter(name):
    """'gaussian', 'exhaustive' or 'histogram:n_bins:n_splits' -> a River splitter."""
    if name == "gaussian":
        return tree.splitter.GaussianSplitter()
    if name == "exhaustive":
        return tree.splitter.ExhaustiveSplitter()
    _, n_bins, n_splits = name.split(":")
    return tree.splitter.HistogramSplitter(n_bins=int(n_bins), n_splits=int(n_splits))


def relabel(rows):
    ids = {}
    out = []
    for x, y in rows:
        if y not in ids:
            ids[y] = len(ids)
        out.append((x, ids[y]))
    return out


def read_csv_stream(path, limit=None):
    rows = []
    with open(path) as f:
        reader = csv.reader(f)
        names = next(reader)[:-1]
        for i, row in enumerate(reader):
            if limit is not None and i >= limit:
                break
            x = {n: float(c) for n, c in zip(names, row[:-1]) if c != ""}
            rows.append((x, row[-1]))
    return relabel(rows)


def agrawal_stream(n, position, width):
    gen = synth.ConceptDriftStream(
        stream=synth.Agrawal(classification_function=0, seed=42),
        drift_stream=synth.Agrawal(classification_function=2, seed=42),
        position=position, width=width, seed=42)
    rows = [({k: float(v) for k, v in x.items()}, y) for x, y in gen.take(n)]
    return relabel(rows)


def run(model, rows, weighted=False):
    preds = []
    correct = 0
    for t, (x, y) in enumerate(rows):
        p = model.predict_one(x)
        preds.append(-1 if p is None else int(p))
        correct += p == y
        if isinstance(model, WatchedEFDT):
            model.step = t
        model.learn_one(x, y, w=WEIGHTS[t % 4] if weighted else 1.0)
    return preds, correct / len(rows)


KEYS = ["grace_period", "max_depth", "min_samples_reevaluate", "split_criterion", "delta", "tau",
        "leaf_prediction", "nb_threshold", "binary_split", "min_branch_fraction",
        "max_share_to_split", "nominal_attributes", "splitter", "weighted", "rows"]
DEFAULTS = dict(grace_period=200, max_depth=None, min_samples_reevaluate=20,
                split_criterion="info_gain", delta=1e-7, tau=0.05, leaf_prediction="nba",
                nb_threshold=0, binary_split=False, min_branch_fraction=0.01,
                max_share_to_split=0.99, nominal_attributes=None, splitter="gaussian",
                weighted=False, rows=None)


def configs():
    out = []
    for leaf in ("mc", "nb", "nba"):
        for crit in ("info_gain", "gini", "hellinger"):
            out.append((f"elec_{leaf}_{crit}", "elec",
                        dict(leaf_prediction=leaf, split_criterion=crit)))
    out += [
        ("sea_nba_info_gain", "sea", {}),
        ("sea_mc_gini", "sea", dict(leaf_prediction="mc", split_criterion="gini")),
        ("sea_nb_hellinger", "sea", dict(leaf_prediction="nb", split_criterion="hellinger")),
        ("sea_fast", "sea", dict(grace_period=50, min_samples_reevaluate=50, tau=0.1)),
        ("agrawal_nba_info_gain", "agrawal", {}),
        ("agrawal_mc_gini", "agrawal", dict(leaf_prediction="mc", split_criterion="gini")),
        ("agrawal_nb_hellinger", "agrawal", dict(leaf_prediction="nb",
                                                 split_criterion="hellinger")),
        ("agrawal_nominal", "agrawal", dict(grace_period=100, delta=1e-5,
                                            min_samples_reevaluate=100,
                                            nominal_attributes=["elevel", "car", "zipcode"])),
        ("nominal_mc_info_gain", "nominal", dict(grace_period=50, leaf_prediction="mc",
                                                 nominal_attributes=["b"])),
        ("nominal_nb_gini", "nominal", dict(grace_period=50, leaf_prediction="nb",
                                            split_criterion="gini", nominal_attributes=["b"])),
        ("nominal_nba_hellinger", "nominal", dict(grace_period=50, split_criterion="hellinger",
                                                  nominal_attributes=["b"])),
        ("nominal_binary", "nominal", dict(grace_period=50, binary_split=True,
                                           nominal_attributes=["b"])),
        ("elec_depth", "elec", dict(grace_period=100, max_depth=3)),
        ("elec_weighted", "elec", dict(grace_period=100, weighted=True)),
        ("elec_share", "elec", dict(grace_period=100, max_share_to_split=0.8,
                                    min_branch_fraction=0.05, leaf_prediction="nb",
                                    nb_threshold=150)),
        # The exhaustive splitter re-scores every distinct value at every re-evaluation, which
        # is slow in Python: shorter prefixes.
        ("elec_exhaustive_nba", "elec", dict(splitter="exhaustive", grace_period=100,
                                             rows=1200)),
        ("sea_histogram_mc", "sea", dict(splitter="histogram:32:8", leaf_prediction="mc")),
        ("nominal_exhaustive_nb", "nominal", dict(splitter="exhaustive", grace_period=50,
                                                  leaf_prediction="nb", rows=1000,
                                                  nominal_attributes=["b"])),
    ]
    return out


def cell(v):
    if v is None:
        return ""
    if isinstance(v, list):
        return ";".join(v)
    if isinstance(v, bool):
        return "1" if v else "0"
    return str(v)


def main():
    streams = {
        "elec": read_csv_stream(os.path.join(DATASETS, "elec.csv"), PREFIX_ROWS),
        "sea": read_csv_stream(os.path.join(DATASETS, "sea_big.csv"), PREFIX_ROWS),
        "agrawal": agrawal_stream(PREFIX_ROWS, 2500, 50),
        "nominal": read_csv_stream(os.path.join(HERE, "..", "nominal_stream.csv")),
    }
    with open(os.path.join(HERE, "agrawal_head.csv"), "w") as f:
        f.write(",".join(AGRAWAL_NAMES) + ",class\n")
        for x, y in streams["agrawal"][:5] + streams["agrawal"][2498:2503]:
            f.write(",".join(repr(x[n]) for n in AGRAWAL_NAMES) + f",{y}\n")
    with open(os.path.join(HERE, "configs.csv"), "w") as index:
        index.write("name,dataset," + ",".join(KEYS) + ",n_nodes,n_leaves,height,"
                    "n_active_leaves,n_inactive_leaves,replaced,retested,killed,first_replace,"
                    "accuracy\n")
        for name, dataset, params in configs():
            river_params = {k: v for k, v in params.items() if k not in ("weighted", "rows")}
            river_params["splitter"] = make_splitter(params.get("splitter", "gaussian"))
            model = WatchedEFDT(**river_params)
            rows = streams[dataset][:params.get("rows", len(streams[dataset]))]
            preds, acc = run(model, rows, params.get("weighted", False))
            if name == "elec_nba_info_gain":
                with open(os.path.join(HERE, "debug_one.txt"), "w") as f:
                    for x, _ in streams[dataset][:20]:
                        f.write(model.debug_one(x) + "@@\n")
            with open(os.path.join(HERE, f"pred_{name}.txt"), "w") as f:
                f.write("\n".join(str(p) for p in preds) + "\n")
            full = {**DEFAULTS, **params, "rows": len(rows)}
            ev = model.events
            index.write(
                f"{name},{dataset},{','.join(cell(full[k]) for k in KEYS)},{model.n_nodes},"
                f"{model.n_leaves},{model.height},{model.n_active_leaves},"
                f"{model.n_inactive_leaves},{ev['replaced']},{ev['retested']},{ev['killed']},"
                f"{model.first_replace},{acc!r}\n")
            print(name, model.n_nodes, model.n_leaves, model.height, ev, model.first_replace,
                  round(acc, 4), flush=True)

    if "--full" in sys.argv:
        with open(os.path.join(HERE, "full_accuracy.csv"), "w") as f:
            f.write("dataset,rows,accuracy,n_nodes,n_leaves,height\n")
            full_streams = [
                ("elec", lambda: read_csv_stream(os.path.join(DATASETS, "elec.csv"))),
                ("sea", lambda: read_csv_stream(os.path.join(DATASETS, "sea_big.csv"))),
                ("agrawal", lambda: agrawal_stream(100000, 50000, 500)),
            ]
            for dataset, make in full_streams:
                rows = make()
                model = tree.ExtremelyFastDecisionTreeClassifier()
                _, acc = run(model, rows)
                f.write(f"{dataset},{len(rows)},{acc!r},{model.n_nodes},{model.n_leaves},"
                        f"{model.height}\n")
                f.flush()
                print(dataset, len(rows), acc, flush=True)


if __name__ == "__main__":
    main()
