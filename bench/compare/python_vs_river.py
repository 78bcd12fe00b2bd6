#!/usr/bin/env python3
"""Side-by-side throughput of River 0.26 and streamwise from Python, in one run.

    python3 bench/compare/python_vs_river.py [--n N] [--repeat R]

For each workload: River (dict API), streamwise through dicts (same code, other import) and
streamwise through numpy (learn_many then predict_proba_many / predict_many on the trained model,
update_many: the loops run in C++).
Throughput is samples per second (best of --repeat runs); the ratio is against River.
It also measures the per-call overhead of `learn_one` with a 10-feature dict: the dict call time
minus the per-row time of the same model in the numpy batch path (the C++ work).
"""

import argparse
import platform
import random
import time

import numpy as np


def best_of(repeat, fn):
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def make_data(n, d=10, seed=42):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    w = rng.normal(size=d)
    y = (X @ w + 0.5 * rng.normal(size=n)) > 0
    names = [f"x{j}" for j in range(d)]
    dicts = [dict(zip(names, map(float, row))) for row in X]
    return X, y, dicts, names


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20000, help="samples per workload")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    import river
    from river import drift as r_drift
    from river import linear_model as r_lm
    from river import preprocessing as r_pp
    from river import stats as r_stats
    from river import tree as r_tree

    import pandas as pd

    import streamwise
    from streamwise import drift, linear_model, preprocessing, stats, tree

    n, repeat = args.n, args.repeat
    X, y, dicts, names = make_data(n)
    frame = pd.DataFrame(X, columns=names)
    ys = [bool(v) for v in y]
    rng = random.Random(1)
    series = [rng.gauss(0, 1) if i < n // 2 else rng.gauss(1, 1) for i in range(n)]
    values = np.asarray(series)

    rows = []

    # StandardScaler | LogisticRegression: predict_proba_one then learn_one on every sample.
    def river_lr():
        model = r_pp.StandardScaler() | r_lm.LogisticRegression()
        for x, t in zip(dicts, ys):
            model.predict_proba_one(x)
            model.learn_one(x, t)

    def sw_lr_dict():
        model = preprocessing.StandardScaler() | linear_model.LogisticRegression()
        for x, t in zip(dicts, ys):
            model.predict_proba_one(x)
            model.learn_one(x, t)

    def sw_lr_numpy():
        # learn first, so that the prediction pass does the work of a trained model
        model = preprocessing.StandardScaler() | linear_model.LogisticRegression()
        model.learn_many(X, y)
        model.predict_proba_many(X)

    rows.append(("StandardScaler|LogisticRegression", river_lr, sw_lr_dict, sw_lr_numpy))

    # HoeffdingTreeClassifier (River's defaults): predict_one then learn_one on every sample.
    def river_tree():
        model = r_tree.HoeffdingTreeClassifier()
        for x, t in zip(dicts, ys):
            model.predict_one(x)
            model.learn_one(x, t)

    def sw_tree_dict():
        model = tree.HoeffdingTreeClassifier()
        for x, t in zip(dicts, ys):
            model.predict_one(x)
            model.learn_one(x, t)

    def sw_tree_numpy():
        model = tree.HoeffdingTreeClassifier()
        model.learn_many(X, y)
        model.predict_many(X)

    rows.append(("HoeffdingTreeClassifier", river_tree, sw_tree_dict, sw_tree_numpy))

    def river_adwin():
        d = r_drift.ADWIN()
        for v in series:
            d.update(v)
            _ = d.drift_detected

    def sw_adwin_dict():
        d = drift.ADWIN()
        for v in series:
            d.update(v)
            _ = d.drift_detected

    def sw_adwin_numpy():
        drift.ADWIN().update_many(values)

    rows.append(("ADWIN", river_adwin, sw_adwin_dict, sw_adwin_numpy))

    def river_var():
        s = r_stats.Var()
        for v in series:
            s.update(v)
        s.get()

    def sw_var_dict():
        s = stats.Var()
        for v in series:
            s.update(v)
        s.get()

    def sw_var_numpy():
        s = stats.Var()
        s.update_many(values)
        s.get()

    rows.append(("stats.Var", river_var, sw_var_dict, sw_var_numpy))

    print(f"python {platform.python_version()}, river {river.__version__}, streamwise "
          f"{streamwise.__version__}, n={n}, best of {repeat}")
    header = f"{'workload':36s} {'River/s':>12s} {'sw dict/s':>12s} {'ratio':>7s} {'sw numpy/s':>13s} {'ratio':>8s}"
    print(header)
    print("-" * len(header))
    for name, r, d, b in rows:
        tr, td, tb = best_of(repeat, r), best_of(repeat, d), best_of(repeat, b)
        print(f"{name:36s} {n / tr:12,.0f} {n / td:12,.0f} {tr / td:6.1f}x {n / tb:13,.0f} {tr / tb:7.1f}x")

    # Per-call overhead of learn_one with a 10-feature dict, beyond the C++ work.
    model = linear_model.LinearRegression()
    targets = [float(v) for v in X @ np.arange(10)]
    model.learn_one(dicts[0], targets[0])

    def dict_calls():
        learn = model.learn_one
        for x, t in zip(dicts, targets):
            learn(x, t)

    batch_model = linear_model.LinearRegression()
    batch_model.learn_many(X[:1], targets[:1])
    tarr = np.asarray(targets)

    def batch_calls():
        batch_model.learn_many(frame, tarr)

    t_dict = best_of(repeat, dict_calls) / n
    t_batch = best_of(repeat, batch_calls) / n
    print()
    print(f"learn_one, 10-feature dict (LinearRegression): {t_dict * 1e6:.3f} us/call; "
          f"C++ work (numpy batch, per row): {t_batch * 1e6:.3f} us; overhead: "
          f"{(t_dict - t_batch) * 1e6:.3f} us/call")


if __name__ == "__main__":
    main()
