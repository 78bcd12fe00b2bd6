"""Reference predictions of River 0.26.1's HoeffdingTreeClassifier for tests/cpp/tree.

Run from the repository root (needs River 0.26.1 and ../shared/datasets):

    python3 tests/data/tree/make_reference.py

It is deterministic. For every configuration below it runs test-then-train (predict_one, then
learn_one) on a stream and writes one predicted class id per line to `pred_<config>.txt`
(-1 where River predicts None, i.e. before any class is known). `configs.csv` lists each
configuration's stream and parameters with the final n_nodes / n_leaves / height and the
progressive accuracy. `full_accuracy.csv` holds River's accuracy with default parameters on the
whole Electricity (45,312 rows) and SEA (100,000 rows) streams. `debug_one.txt` holds River's
`debug_one` text for the first 30 Electricity rows (default parameters, after 5,000 rows; entries
end with "@@"). `splitters.csv`, `cond.csv` and `criteria.csv` hold each splitter's best split
and conditional probabilities on `splitter_stream.csv`, and each criterion's merit and range on
hand-made distributions. Configurations marked `weighted` learn row t with weight
{1, 2, 0.5, 1.5}[t % 4].

Class labels are mapped to ids in order of first appearance, so River's sorted label order is
the id order the C++ code uses. Missing features (empty cells in nominal_stream.csv) are left
out of River's dict, which is what NaN means on the C++ side.
"""

from __future__ import annotations

import csv
import os
import random

from river import tree

HERE = os.path.dirname(os.path.abspath(__file__))
DATASETS = os.path.join(HERE, "..", "..", "..", "..", "shared", "datasets")
PREFIX_ROWS = 5000


def read_csv_stream(path, limit=None):
    rows = []
    with open(path) as f:
        reader = csv.reader(f)
        header = next(reader)
        names = header[:-1]
        label_ids = {}
        for i, row in enumerate(reader):
            if limit is not None and i >= limit:
                break
            x = {}
            for name, cell in zip(names, row[:-1]):
                if cell != "":
                    x[name] = float(cell)
            label = row[-1]
            if label not in label_ids:
                label_ids[label] = len(label_ids)
            rows.append((x, label_ids[label]))
    return names, rows


def make_nominal_stream():
    """A small stream: numeric a, nominal b (ints, a new value after step 1500), numeric c that
    is missing 15% of the time, a constant d, and a third class first seen at step 800."""
    rng = random.Random(7)
    rows = []
    for t in range(3000):
        a = rng.uniform(-2.0, 2.0)
        b = rng.randrange(5 if t < 1500 else 6)
        c = rng.gauss(0.0, 1.0) if rng.random() >= 0.15 else None
        d = 1.0
        if b in (0, 1) and a > 0.3:
            y = 1
        elif b == 5 or (c is not None and c > 1.2 and t >= 800):
            y = 2
        else:
            y = 0
        if rng.random() < 0.1:
            y = rng.randrange(3 if t >= 800 else 2)
        x = {"a": a, "b": b, "d": d}
        if c is not None:
            x["c"] = c
        rows.append((x, y))
    # Relabel in order of first appearance (class ids).
    ids = {}
    out = []
    for x, y in rows:
        if y not in ids:
            ids[y] = len(ids)
        out.append((x, ids[y]))
    return ["a", "b", "c", "d"], out


def write_stream(path, names, rows):
    with open(path, "w") as f:
        f.write(",".join(names) + ",class\n")
        for x, y in rows:
            cells = [repr(float(x[n])) if n in x else "" for n in names]
            f.write(",".join(cells) + f",{y}\n")


def make_splitter(params):
    """'gaussian', 'exhaustive' or 'histogram[:n_bins:n_splits]' -> a River splitter."""
    name = params.get("splitter", "gaussian")
    if name == "gaussian":
        return tree.splitter.GaussianSplitter()
    if name == "exhaustive":
        return tree.splitter.ExhaustiveSplitter()
    parts = name.split(":")
    if len(parts) == 3:
        return tree.splitter.HistogramSplitter(n_bins=int(parts[1]), n_splits=int(parts[2]))
    return tree.splitter.HistogramSplitter()


WEIGHTS = [1.0, 2.0, 0.5, 1.5]  # weighted configs: row t gets WEIGHTS[t % 4]


def run(model, rows, weighted=False):
    preds = []
    correct = 0
    for t, (x, y) in enumerate(rows):
        p = model.predict_one(x)
        preds.append(-1 if p is None else int(p))
        correct += p == y
        if weighted:
            model.learn_one(x, y, w=WEIGHTS[t % 4])
        else:
            model.learn_one(x, y)
    return preds, correct / len(rows)


def fmt_dist(d):
    return ";".join(f"{k}:{v!r}" for k, v in d.items())


def splitter_reference():
    """Best split and conditional probabilities of each River splitter on a small weighted
    stream with three classes (class 2 first seen at step 30), for every criterion; written to
    splitters.csv and cond.csv (children as 'class:weight;...' joined by '|')."""
    from river.tree.split_criterion import (GiniSplitCriterion, HellingerDistanceCriterion,
                                            InfoGainSplitCriterion)
    rng = random.Random(11)
    rows = []
    for t in range(60):
        y = t % 2 if t < 30 else t % 3
        x = round(rng.gauss(y * 1.5, 1.0), 3)
        nominal = rng.randrange(4) if y != 1 else rng.choice([1, 2])
        w = [1.0, 2.0, 0.5, 1.0][t % 4]
        rows.append((x, nominal, y, w))
    with open(os.path.join(HERE, "splitter_stream.csv"), "w") as f:
        f.write("x,nominal,y,w\n")
        for x, nominal, y, w in rows:
            f.write(f"{x!r},{nominal},{y},{w!r}\n")
    pre = {}
    for _, _, y, w in rows:
        pre[y] = pre.get(y, 0.0) + w
    splitters = {
        "gaussian": (tree.splitter.GaussianSplitter(), 0),
        "gaussian:4": (tree.splitter.GaussianSplitter(n_splits=4), 0),
        "histogram": (tree.splitter.HistogramSplitter(), 0),
        "histogram:8:4": (tree.splitter.HistogramSplitter(n_bins=8, n_splits=4), 0),
        "exhaustive": (tree.splitter.ExhaustiveSplitter(), 0),
        "nominal": (tree.splitter.nominal_splitter_classif.NominalSplitterClassif(), 1),
    }
    for sp, col in splitters.values():
        for r in rows:
            sp.update(float(r[col]) if col == 0 else r[col], r[2], r[3])
    criteria = {
        "info_gain": InfoGainSplitCriterion(0.01),
        "gini": GiniSplitCriterion(0.01),
        "hellinger": HellingerDistanceCriterion(0.01),
        "info_gain_frac": InfoGainSplitCriterion(0.3),
    }
    with open(os.path.join(HERE, "splitters.csv"), "w") as f:
        f.write("splitter,criterion,binary_only,merit,value,children\n")
        for name, (sp, _) in splitters.items():
            for cname, crit in criteria.items():
                for binary_only in (False, True):
                    best = sp.best_evaluated_split_suggestion(crit, dict(pre), "x", binary_only)
                    if best.feature is None:
                        f.write(f"{name},{cname},{int(binary_only)},{best.merit!r},,\n")
                        continue
                    value = best.split_info
                    if isinstance(value, list):
                        value = ";".join(str(v) for v in value)
                    children = "|".join(fmt_dist(d) for d in best.children_stats)
                    f.write(f"{name},{cname},{int(binary_only)},{best.merit!r},{value},"
                            f"{children}\n")
    with open(os.path.join(HERE, "cond.csv"), "w") as f:
        f.write("splitter,x,cls,cond_proba,cond_log_proba\n")
        for name, (sp, col) in splitters.items():
            queries = [-1.0, 0.0, 0.7, 1.5, 2.2, 4.0] if col == 0 else [0, 1, 2, 3, 7]
            for q in queries:
                for c in (0, 1, 2, 5):
                    p = sp.cond_proba(q, c)
                    lp = sp.cond_log_proba(q, c) if hasattr(sp, "cond_log_proba") else ""
                    f.write(f"{name},{q!r},{c},{p!r},{lp!r}\n")
    # Criteria on hand-made distributions.
    cases = [
        ({0: 10.0, 1: 10.0}, [{0: 8.0, 1: 2.0}, {0: 2.0, 1: 8.0}]),
        ({0: 5.0, 1: 3.0, 2: 2.0}, [{0: 5.0}, {1: 3.0, 2: 2.0}]),
        ({0: 4.0, 1: 4.0}, [{0: 4.0, 1: 4.0}, {}]),
        ({1: 6.0, 0: 2.0}, [{1: 1.0, 0: 2.0}, {1: 5.0}]),
        ({0: 3.0, 1: 3.0, 2: 3.0}, [{0: 3.0, 1: 0.5}, {1: 2.5}, {2: 3.0}]),
        ({0: 1.0, 1: 99.0}, [{0: 1.0, 1: 0.5}, {1: 98.5}]),
    ]
    with open(os.path.join(HERE, "criteria.csv"), "w") as f:
        f.write("case,criterion,merit,range\n")
        for i, (pre_d, post) in enumerate(cases):
            for cname, crit in criteria.items():
                f.write(f"{i},{cname},{crit.merit_of_split(pre_d, post)!r},"
                        f"{crit.range_of_merit(pre_d)!r}\n")


def main():
    splitter_reference()
    streams = {}
    streams["elec"] = read_csv_stream(os.path.join(DATASETS, "elec.csv"), PREFIX_ROWS)[1]
    streams["sea"] = read_csv_stream(os.path.join(DATASETS, "sea_big.csv"), PREFIX_ROWS)[1]
    names, nominal_rows = make_nominal_stream()
    write_stream(os.path.join(HERE, "nominal_stream.csv"), names, nominal_rows)
    streams["nominal"] = nominal_rows

    configs = []
    for dataset in ("elec", "sea", "nominal"):
        for leaf in ("mc", "nb", "nba"):
            for crit in ("info_gain", "gini", "hellinger"):
                params = dict(leaf_prediction=leaf, split_criterion=crit)
                if dataset == "nominal":
                    params.update(grace_period=50, nominal_attributes=["b"])
                configs.append((f"{dataset}_{leaf}_{crit}", dataset, params))
    configs += [
        ("elec_small", "elec", dict(grace_period=50, max_depth=4, leaf_prediction="mc",
                                    remove_poor_attrs=True)),
        ("elec_noprune", "elec", dict(grace_period=100, merit_preprune=False, tau=0.01,
                                      delta=1e-5)),
        ("elec_nbthresh", "elec", dict(grace_period=100, leaf_prediction="nb", nb_threshold=150,
                                       max_share_to_split=0.9, min_branch_fraction=0.05)),
        ("sea_stopmem", "sea", dict(grace_period=100, stop_mem_management=True)),
        ("nominal_binary", "nominal", dict(grace_period=50, nominal_attributes=["b"],
                                           binary_split=True)),
        ("nominal_mc_poor", "nominal", dict(grace_period=40, nominal_attributes=["b"],
                                            leaf_prediction="mc", remove_poor_attrs=True)),
        ("elec_exhaustive_nba", "elec", dict(splitter="exhaustive")),
        ("elec_exhaustive_mc_gini", "elec", dict(splitter="exhaustive", leaf_prediction="mc",
                                                 split_criterion="gini", grace_period=100)),
        ("elec_histogram_nba", "elec", dict(splitter="histogram")),
        ("sea_histogram_nb", "sea", dict(splitter="histogram:32:8", leaf_prediction="nb")),
        ("nominal_exhaustive_nba", "nominal", dict(splitter="exhaustive", grace_period=50,
                                                   nominal_attributes=["b"])),
        ("nominal_histogram_hellinger", "nominal", dict(splitter="histogram:16:4",
                                                        grace_period=50,
                                                        nominal_attributes=["b"],
                                                        split_criterion="hellinger")),
        ("elec_weighted", "elec", dict(weighted=True, grace_period=100)),
        ("nominal_weighted_nb", "nominal", dict(weighted=True, grace_period=50,
                                                nominal_attributes=["b"], leaf_prediction="nb")),
        ("sea_weighted_histogram", "sea", dict(weighted=True, splitter="histogram:32:8")),
    ]

    keys = ["grace_period", "max_depth", "split_criterion", "delta", "tau", "leaf_prediction",
            "nb_threshold", "binary_split", "min_branch_fraction", "max_share_to_split",
            "stop_mem_management", "remove_poor_attrs", "merit_preprune", "nominal_attributes",
            "splitter", "weighted"]
    defaults = dict(grace_period=200, max_depth=None, split_criterion="info_gain", delta=1e-7,
                    tau=0.05, leaf_prediction="nba", nb_threshold=0, binary_split=False,
                    min_branch_fraction=0.01, max_share_to_split=0.99,
                    stop_mem_management=False, remove_poor_attrs=False, merit_preprune=True,
                    nominal_attributes=None, splitter="gaussian",
                    weighted=False)
    with open(os.path.join(HERE, "configs.csv"), "w") as index:
        index.write("name,dataset," + ",".join(keys) + ",n_nodes,n_leaves,height,accuracy\n")
        for name, dataset, params in configs:
            river_params = {k: v for k, v in params.items() if k != "weighted"}
            river_params["splitter"] = make_splitter(params)
            model = tree.HoeffdingTreeClassifier(**river_params)
            preds, acc = run(model, streams[dataset], params.get("weighted", False))
            if name == "elec_nba_info_gain":
                # River's debug_one for the first 30 rows, on the fully trained tree.
                with open(os.path.join(HERE, "debug_one.txt"), "w") as f:
                    for x, _ in streams[dataset][:30]:
                        f.write(model.debug_one(x) + "@@\n")
            with open(os.path.join(HERE, f"pred_{name}.txt"), "w") as f:
                f.write("\n".join(str(p) for p in preds) + "\n")
            full = {**defaults, **params}
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
            index.write(
                f"{name},{dataset},{','.join(cells)},{model.n_nodes},{model.n_leaves},"
                f"{model.height},{acc!r}\n"
            )
            print(name, model.n_nodes, model.n_leaves, model.height, round(acc, 4))

    with open(os.path.join(HERE, "full_accuracy.csv"), "w") as f:
        f.write("dataset,rows,accuracy,n_nodes,n_leaves,height\n")
        for dataset, file in (("elec", "elec.csv"), ("sea", "sea_big.csv")):
            rows = read_csv_stream(os.path.join(DATASETS, file))[1]
            model = tree.HoeffdingTreeClassifier()
            _, acc = run(model, rows)
            f.write(f"{dataset},{len(rows)},{acc!r},{model.n_nodes},{model.n_leaves},"
                    f"{model.height}\n")
            print(dataset, len(rows), acc)


if __name__ == "__main__":
    main()
