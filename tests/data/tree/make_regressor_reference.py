"""Reference predictions of River 0.26.1's HoeffdingTreeRegressor for tests/cpp/tree.

Run from the repository root (needs River 0.26.1 only):

    python3 tests/data/tree/make_regressor_reference.py

Deterministic. Writes regression_stream.csv (a Friedman #1 style stream with a nominal feature
`g`, a feature `m` missing 10% of the time, 4,000 rows), and for every configuration below one
prediction per line to `reg_<config>.txt` (test-then-train) plus `reg_configs.csv` with the
parameters and the final tree shape. `reg_splitters.csv` and `reg_prune.csv` hold the regression
splitters' best splits and E-BST pruning results on the first 300 rows.
"""

from __future__ import annotations

import math
import os
import random

from river import tree

HERE = os.path.dirname(os.path.abspath(__file__))


def make_stream():
    rng = random.Random(5)
    rows = []
    for t in range(4000):
        x = {f"x{i}": rng.random() for i in range(5)}
        g = rng.randrange(4)
        y = (10 * math.sin(math.pi * x["x0"] * x["x1"]) + 20 * (x["x2"] - 0.5) ** 2
             + 10 * x["x3"] + 5 * x["x4"] + 3.0 * g + rng.gauss(0, 1))
        if t >= 2000:
            y += 4.0 * (g == 2)  # the nominal effect changes halfway
        x["g"] = g
        if rng.random() >= 0.1:
            x["m"] = rng.gauss(y / 10, 0.5)
        rows.append((x, y))
    return ["x0", "x1", "x2", "x3", "x4", "g", "m"], rows


WEIGHTS = [1.0, 2.0, 0.5, 1.5]


def make_splitter(name):
    if name == "tebst":
        return tree.splitter.TEBSTSplitter()
    if name == "tebst2":
        return tree.splitter.TEBSTSplitter(digits=2)
    return tree.splitter.EBSTSplitter()


def var_text(v):
    return f"{v.mean.n!r}:{v.mean.get()!r}:{v.get()!r}"


def splitter_reference():
    """Best split of each River regression splitter, and an E-BST after remove_bad_splits, on
    the first 300 rows of the stream (feature x0 for the E-BSTs, g for the nominal splitter):
    reg_splitters.csv, children as 'n:mean:var' joined by '|'."""
    from river.stats import Var
    from river.tree.split_criterion import VarianceReductionSplitCriterion
    names, rows = make_stream()
    rows = rows[:300]
    pre = Var()
    for x, y in rows:
        pre.update(y, 1.0)
    splitters = {
        "ebst": (tree.splitter.EBSTSplitter(), "x0"),
        "tebst": (tree.splitter.TEBSTSplitter(), "x0"),
        "tebst2": (tree.splitter.TEBSTSplitter(digits=2), "x0"),
        "nominal": (tree.splitter.nominal_splitter_reg.NominalSplitterReg(), "g"),
    }
    for sp, feature in splitters.values():
        for x, y in rows:
            sp.update(x[feature], y, 1.0)
    with open(os.path.join(HERE, "reg_splitters.csv"), "w") as f:
        f.write("splitter,min_samples_split,binary_only,merit,value,children\n")
        for name, (sp, _) in splitters.items():
            for mss in (5, 60):
                crit = VarianceReductionSplitCriterion(min_samples_split=mss)
                for binary_only in (False, True):
                    best = sp.best_evaluated_split_suggestion(crit, pre, "x", binary_only)
                    value = best.split_info
                    if isinstance(value, list):
                        value = ";".join(str(v) for v in value)
                    children = "|".join(var_text(d) for d in best.children_stats)
                    f.write(f"{name},{mss},{int(binary_only)},{best.merit!r},{value},"
                            f"{children}\n")
    # remove_bad_splits on the E-BST: count the nodes left for a few settings.
    def count(node):
        stack, n = [node], 0
        while stack:
            cur = stack.pop()
            if cur is None:
                continue
            n += 1
            stack.extend([cur._left, cur._right])
        return n
    import copy
    with open(os.path.join(HERE, "reg_prune.csv"), "w") as f:
        f.write("splitter,ratio,vr,e,nodes_before,nodes_after\n")
        crit = VarianceReductionSplitCriterion(min_samples_split=5)
        for name in ("ebst", "tebst"):
            for ratio, vr, e in ((0.9, 2.0, 0.05), (0.95, 1.0, 0.01), (0.5, 10.0, 0.2)):
                sp = copy.deepcopy(splitters[name][0])
                before = count(sp._root)
                sp.remove_bad_splits(crit, ratio, vr, e, pre)
                f.write(f"{name},{ratio!r},{vr!r},{e!r},{before},{count(sp._root)}\n")


def main():
    splitter_reference()
    names, rows = make_stream()
    with open(os.path.join(HERE, "regression_stream.csv"), "w") as f:
        f.write(",".join(names) + ",y\n")
        for x, y in rows:
            cells = [repr(float(x[n])) if n in x else "" for n in names]
            f.write(",".join(cells) + f",{y!r}\n")
    configs = [
        ("mean_tebst", dict(leaf_prediction="mean")),
        ("model_tebst", dict(leaf_prediction="model")),
        ("adaptive_tebst", dict()),
        ("adaptive_ebst", dict(splitter="ebst", grace_period=100)),
        ("mean_tebst2_nominal", dict(leaf_prediction="mean", splitter="tebst2",
                                     nominal_attributes=["g"], grace_period=100)),
        ("adaptive_nominal_binary", dict(nominal_attributes=["g"], binary_split=True,
                                         grace_period=150, min_samples_split=10)),
        ("mean_poor_depth", dict(leaf_prediction="mean", remove_poor_attrs=True, max_depth=3,
                                 grace_period=100, tau=0.1)),
        ("model_weighted", dict(leaf_prediction="model", weighted=True, grace_period=100)),
        ("mean_noprune", dict(leaf_prediction="mean", merit_preprune=False, delta=1e-3,
                              nominal_attributes=["g"])),
    ]
    keys = ["grace_period", "max_depth", "delta", "tau", "leaf_prediction",
            "model_selector_decay", "nominal_attributes", "splitter", "min_samples_split",
            "binary_split", "remove_poor_attrs", "merit_preprune", "weighted"]
    defaults = dict(grace_period=200, max_depth=None, delta=1e-7, tau=0.05,
                    leaf_prediction="adaptive", model_selector_decay=0.95,
                    nominal_attributes=None, splitter="tebst", min_samples_split=5,
                    binary_split=False, remove_poor_attrs=False, merit_preprune=True,
                    weighted=False)
    with open(os.path.join(HERE, "reg_configs.csv"), "w") as index:
        index.write("name," + ",".join(keys) + ",n_nodes,n_leaves,height,mae\n")
        for name, params in configs:
            full = {**defaults, **params}
            river_params = {k: v for k, v in full.items() if k not in ("weighted", "splitter")}
            river_params["splitter"] = make_splitter(full["splitter"])
            model = tree.HoeffdingTreeRegressor(**river_params)
            preds = []
            err = 0.0
            for t, (x, y) in enumerate(rows):
                p = model.predict_one(x)
                preds.append(p)
                err += abs(p - y)
                model.learn_one(x, y, w=WEIGHTS[t % 4] if full["weighted"] else 1.0)
            with open(os.path.join(HERE, f"reg_{name}.txt"), "w") as f:
                f.write("\n".join(repr(float(p)) for p in preds) + "\n")
            cells = []
            for k in keys:
                v = full[k]
                if v is None:
                    cells.append("")
                elif isinstance(v, list):
                    cells.append(";".join(v))
                elif isinstance(v, bool):
                    cells.append("1" if v else "0")
                else:
                    cells.append(str(v))
            mae = err / len(rows)
            index.write(f"{name},{','.join(cells)},{model.n_nodes},{model.n_leaves},"
                        f"{model.height},{mae!r}\n")
            print(name, model.n_nodes, model.n_leaves, model.height, round(mae, 4))


if __name__ == "__main__":
    main()
