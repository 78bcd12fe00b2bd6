"""Reference values of River 0.26.1's QOSplitter and HoeffdingTreeRegressor inspection.

Run from the repository root (needs River 0.26.1 only):

    python3 tests/data/tree/qo/make_qo_reference.py

Deterministic. Writes, next to this script:
- friedman.csv: 3,000 rows of river.datasets.synth.Friedman(seed=42) (x0..x9, y);
- trump.csv: river.datasets.TrumpApproval (1,001 rows, River's feature order, y last);
- splitter_streams.csv: small (x, y, w) streams, and splitter.csv: QOSplitter's best split
  suggestion on each (merit, threshold, slot count, children as 'n:mean:var' joined by '|');
- tree_<data>_<leaf>.txt: HoeffdingTreeRegressor(splitter=QOSplitter(...)) predictions,
  test-then-train, one per line, and tree_configs.csv with the final tree shapes;
- debug_one.txt: HoeffdingTreeRegressor.debug_one texts on a few samples of trained trees,
  each block as '### <config> <row>' then River's text verbatim.
"""

from __future__ import annotations

import math
import os
import random

from river import datasets, tree
from river.datasets import synth
from river.stats import Var
from river.tree.split_criterion import VarianceReductionSplitCriterion

HERE = os.path.dirname(os.path.abspath(__file__))
PARENT = os.path.dirname(HERE)


def var_text(v):
    return f"{v.mean.n!r}:{v.mean.get()!r}:{v.get()!r}"


def friedman():
    names = [f"x{i}" for i in range(10)]
    rows = []
    for x, y in synth.Friedman(seed=42).take(3000):
        rows.append(({n: x[i] for i, n in enumerate(names)}, y))
    return names, rows


def trump():
    rows = [(dict(x), y) for x, y in datasets.TrumpApproval()]
    return list(rows[0][0].keys()), rows


def write_rows(path, names, rows):
    with open(path, "w") as f:
        f.write(",".join(names) + ",y\n")
        for x, y in rows:
            f.write(",".join(repr(float(x[n])) if n in x else "" for n in names) + f",{y!r}\n")


def splitter_streams():
    rng = random.Random(11)
    streams = {}
    streams["uniform"] = [(rng.random(), 0.0, 1.0) for _ in range(400)]
    streams["uniform"] = [(x, 5.0 * (x > 0.37) + rng.gauss(0, 1), 1.0)
                          for x, _, _ in streams["uniform"]]
    streams["gauss_weighted"] = []
    for t in range(500):
        x = rng.gauss(0.0, 1.0)
        streams["gauss_weighted"].append(
            (x, 2.0 * x * x + rng.gauss(0, 0.5), [1.0, 2.0, 0.5, 1.5][t % 4]))
    streams["negative_edges"] = [(-1.0 + 0.25 * (t % 9), float(t % 9 < 4) * 3.0 + 0.1 * (t % 5),
                                  1.0) for t in range(90)]
    streams["one_slot"] = [(0.3 + 0.001 * t, float(t), 1.0) for t in range(20)]
    streams["big"] = [(1e6 * rng.random(), rng.random(), 1.0) for _ in range(200)]
    return streams


def splitter_reference():
    streams = splitter_streams()
    with open(os.path.join(HERE, "splitter_streams.csv"), "w") as f:
        f.write("stream,x,y,w\n")
        for name, rows in streams.items():
            for x, y, w in rows:
                f.write(f"{name},{x!r},{y!r},{w!r}\n")
    cases = [("uniform", 0.25), ("uniform", 0.05), ("gauss_weighted", 0.25),
             ("gauss_weighted", 0.6), ("negative_edges", 0.25), ("one_slot", 0.25),
             ("big", 1000.0)]
    with open(os.path.join(HERE, "splitter.csv"), "w") as f:
        f.write("stream,radius,min_samples_split,n_slots,merit,value,children\n")
        for name, radius in cases:
            sp = tree.splitter.QOSplitter(radius=radius)
            pre = Var()
            for x, y, w in streams[name]:
                sp.update(x, y, w)
                pre.update(y, w)
            for mss in (5, 60):
                crit = VarianceReductionSplitCriterion(min_samples_split=mss)
                best = sp.best_evaluated_split_suggestion(crit, pre, "x", True)
                value = "" if best.split_info is None else repr(best.split_info)
                children = "|".join(var_text(d) for d in (best.children_stats or []))
                f.write(f"{name},{radius!r},{mss},{len(sp._quantizer)},{best.merit!r},{value},"
                        f"{children}\n")


CONFIGS = [
    ("friedman", "mean", dict(leaf_prediction="mean")),
    ("friedman", "model", dict(leaf_prediction="model")),
    ("friedman", "adaptive", dict()),
    ("friedman", "r01_g100", dict(leaf_prediction="mean", grace_period=100,
                                  splitter_radius=0.1)),
    ("trump", "mean", dict(leaf_prediction="mean")),
    ("trump", "model", dict(leaf_prediction="model")),
    ("trump", "adaptive", dict()),
    ("trump", "mean_g50", dict(leaf_prediction="mean", grace_period=50, delta=0.01,
                               splitter_radius=0.5)),
    ("trump", "model_g50", dict(leaf_prediction="model", grace_period=50, delta=0.01)),
    ("trump", "adaptive_g100", dict(grace_period=100, delta=1e-3, tau=0.1)),
]


def make_tree(params):
    params = dict(params)
    radius = params.pop("splitter_radius", 0.25)
    return tree.HoeffdingTreeRegressor(splitter=tree.splitter.QOSplitter(radius=radius),
                                       **params)


def debug_blocks(out, config, model, names, rows, picks, drop=None):
    for r in picks:
        x = dict(rows[r][0])
        for n in drop or []:
            x.pop(n, None)
        out.write(f"### {config} {r}{' ' + ','.join(drop) if drop else ''}\n")
        out.write(model.debug_one(x))


def main():
    splitter_reference()
    data = {"friedman": friedman(), "trump": trump()}
    write_rows(os.path.join(HERE, "friedman.csv"), *data["friedman"])
    write_rows(os.path.join(HERE, "trump.csv"), *data["trump"])
    dbg = open(os.path.join(HERE, "debug_one.txt"), "w")
    with open(os.path.join(HERE, "tree_configs.csv"), "w") as index:
        index.write("name,data,leaf_prediction,grace_period,delta,tau,radius,n_nodes,n_leaves,"
                    "height\n")
        for data_name, leaf, params in CONFIGS:
            names, rows = data[data_name]
            model = make_tree(params)
            preds = []
            for x, y in rows:
                preds.append(model.predict_one(x))
                model.learn_one(x, y)
            name = f"{data_name}_{leaf}"
            with open(os.path.join(HERE, f"tree_{name}.txt"), "w") as f:
                f.write("\n".join(repr(float(p)) for p in preds) + "\n")
            index.write(f"{name},{data_name},{params.get('leaf_prediction', 'adaptive')},"
                        f"{params.get('grace_period', 200)},{params.get('delta', 1e-7)!r},"
                        f"{params.get('tau', 0.05)!r},"
                        f"{params.get('splitter_radius', 0.25)!r},{model.n_nodes},"
                        f"{model.n_leaves},{model.height}\n")
            print(name, model.n_nodes, model.n_leaves, model.height)
            if leaf in ("adaptive", "r01_g100", "adaptive_g100"):
                debug_blocks(dbg, name, model, names, rows, [0, 7, 123, 500, 999])
                debug_blocks(dbg, name, model, names, rows, [3, 42], drop=[names[0]])
                debug_blocks(dbg, name, model, names, rows, [5], drop=names[:4])
    # The default (TEBST) tree with a nominal feature, on the regression stream of the parent
    # directory: nominal multiway branches and missing values.
    import csv
    with open(os.path.join(PARENT, "regression_stream.csv")) as f:
        reader = csv.reader(f)
        header = next(reader)
        rows = []
        for cells in reader:
            x = {}
            for n, c in zip(header[:-1], cells[:-1]):
                if c != "":
                    x[n] = int(float(c)) if n == "g" else float(c)
            rows.append((x, float(cells[-1])))
    for name, params in (("stream_mean_nominal", dict(leaf_prediction="mean",
                                                      nominal_attributes=["g"],
                                                      grace_period=100)),
                         ("stream_binary_nominal", dict(nominal_attributes=["g"],
                                                        binary_split=True, grace_period=150))):
        model = tree.HoeffdingTreeRegressor(**params)
        for x, y in rows:
            model.learn_one(x, y)
        print(name, model.n_nodes, model.n_leaves, model.height)
        debug_blocks(dbg, name, model, header[:-1], rows, [0, 1, 2, 10, 77, 1234, 3999])
        debug_blocks(dbg, name, model, header[:-1], rows, [4, 9], drop=["g"])
        debug_blocks(dbg, name, model, header[:-1], rows, [6], drop=["x0", "x1", "x3", "m"])
        # An unseen nominal value.
        x = dict(rows[8][0])
        x["g"] = 7
        dbg.write(f"### {name} 8 g=7\n")
        dbg.write(model.debug_one(x))
    dbg.close()


if __name__ == "__main__":
    main()
