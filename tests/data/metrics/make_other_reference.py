#!/usr/bin/env python3
"""Reference values for streamwise's probabilistic and regression metrics.

Run from anywhere (deterministic; needs numpy, scikit-learn and river 0.26.1):

    python3 tests/data/metrics/make_other_reference.py

It draws fixed weighted streams with numpy's seeded generator and writes, after EVERY step, the
expected value of each metric into tests/data/metrics/other_*.csv:

- other_regression.csv   y_true, y_pred, w -> MAE, MSE, RMSE, RMSLE, R2 (scikit-learn with
                         sample_weight, plus River's conventions where sklearn is silent: R2 is 0
                         while the total weight is <= 1 or the targets have no spread), SMAPE
                         (River; sklearn has none). Every sklearn value is cross-checked against
                         River's incremental metric.
- other_binary.csv       y_true, p_true, w -> LogLoss (sklearn log_loss on probabilities clamped
                         to [1e-15, 1 - 1e-15] as River does), ROCAUC approximations from River
                         (n_thresholds 10 and 37, and pos_val=False).
- other_rocauc_grid.csv  y_true, p_true, w with p on the grid k/10, k in 1..10: the thresholds of
                         River's ROCAUC(n_thresholds=11) then separate every pair of distinct
                         scores (p > k/10 is p >= (k+1)/10), so the approximation walks every
                         operating point and must equal sklearn's exact roc_auc_score, which is
                         written (and checked) alongside.
- other_multiclass.csv   y_true, p0, p1, p2, w -> CrossEntropy (River; classes beyond the three
                         probabilities are "missing keys", which River scores as a loss of 0).
                         Cross-checked with sklearn's log_loss where the rows sum to one.
"""

import math
import os

import numpy as np
from river import metrics
from sklearn import metrics as skm

HERE = os.path.dirname(os.path.abspath(__file__))
TOL = 1e-9


def close(a, b):
    return abs(a - b) <= TOL * max(1.0, abs(b))


def write(name, header, rows):
    with open(os.path.join(HERE, name), "w") as f:
        f.write(",".join(header) + "\n")
        for row in rows:
            f.write(",".join(repr(float(v)) for v in row) + "\n")


def weights(rng, n):
    w = np.where(rng.uniform(size=n) < 0.5, rng.integers(1, 4, size=n).astype(float),
                 0.1 + rng.uniform(size=n))
    w[[7, 40, 41, 150]] = 0.0  # zero weights mid-stream (River divides by zero on a first one)
    return w


def regression(rng, n=300):
    y = rng.normal(5.0, 4.0, size=n)
    p = y + rng.normal(0.0, 2.0, size=n)
    y = np.clip(y, -0.9, None)  # RMSLE needs values > -1
    p = np.clip(p, -0.95, None)
    y[[3, 4, 90]] = 0.0
    p[[3, 90]] = 0.0  # SMAPE's 0/0 case
    y[10:14] = y[9]  # repeats
    y[0] = 2.5
    p[0] = 2.5
    w = weights(rng, n)
    w[0] = w[1] = 0.25  # total weight stays <= 1 for the first steps (R2 = 0 there)
    w[2] = 0.5
    river = {k: getattr(metrics, k)() for k in ["MAE", "MSE", "RMSE", "RMSLE", "R2", "SMAPE"]}
    rows = []
    for i in range(n):
        for m in river.values():
            m.update(float(y[i]), float(p[i]), float(w[i]))
        yt, yp, ww = y[: i + 1], p[: i + 1], w[: i + 1]
        mae = skm.mean_absolute_error(yt, yp, sample_weight=ww)
        mse = skm.mean_squared_error(yt, yp, sample_weight=ww)
        rmse = math.sqrt(mse)
        rmsle = math.sqrt(skm.mean_squared_log_error(yt, yp, sample_weight=ww))
        mean = np.average(yt, weights=ww)
        sst = float(np.sum(ww * (yt - mean) ** 2))
        if ww.sum() > 1 and sst > 0:
            r2 = skm.r2_score(yt, yp, sample_weight=ww)
        else:
            r2 = 0.0
        smape = river["SMAPE"].get()
        expected = {"MAE": mae, "MSE": mse, "RMSE": rmse, "RMSLE": rmsle, "R2": r2}
        for k, v in expected.items():
            assert close(river[k].get(), v), (i, k, river[k].get(), v)
        rows.append([y[i], p[i], w[i], mae, mse, rmse, rmsle, r2, smape])
    write("other_regression.csv",
          ["y_true", "y_pred", "w", "MAE", "MSE", "RMSE", "RMSLE", "R2", "SMAPE"], rows)


def binary(rng, n=300):
    y = rng.uniform(size=n) < 0.4
    p = np.clip(np.where(y, rng.beta(4, 2, size=n), rng.beta(2, 4, size=n)), 0.0, 1.0)
    p[[5, 6]] = [0.0, 1.0]  # clamped by LogLoss
    p[[8, 9, 12]] = [1.0 / 9.0, 5.0 / 9.0, 0.5]  # exactly on thresholds
    y[:3] = True  # only positives at first: ROCAUC's 0/0 rates
    w = weights(rng, n)
    river = {
        "ROCAUC": metrics.ROCAUC(),
        "ROCAUC_37": metrics.ROCAUC(n_thresholds=37),
        "ROCAUC_neg": metrics.ROCAUC(pos_val=False),
    }
    ll = metrics.LogLoss()
    rows = []
    for i in range(n):
        for m in river.values():
            m.update(bool(y[i]), float(p[i]), float(w[i]))
        ll.update(bool(y[i]), float(p[i]), float(w[i]))
        clipped = np.clip(p[: i + 1], 1e-15, 1 - 1e-15)
        logloss = skm.log_loss(y[: i + 1], clipped, sample_weight=w[: i + 1], labels=[False, True])
        assert close(ll.get(), logloss), (i, ll.get(), logloss)
        rows.append([y[i], p[i], w[i], logloss] + [m.get() for m in river.values()])
    write("other_binary.csv",
          ["y_true", "p_true", "w", "LogLoss", "ROCAUC", "ROCAUC_37", "ROCAUC_neg"], rows)


def rocauc_grid(rng, n=200):
    y = rng.uniform(size=n) < 0.5
    k = np.clip(np.rint(np.where(y, rng.normal(6, 2.5, size=n), rng.normal(4, 2.5, size=n))), 1, 10)
    p = np.array([int(v) / 10 for v in k])
    y[0], y[1] = False, True
    w = weights(rng, n)
    w[1] = 1.0
    m = metrics.ROCAUC(n_thresholds=11)
    rows = []
    for i in range(n):
        m.update(bool(y[i]), float(p[i]), float(w[i]))
        exact = skm.roc_auc_score(y[: i + 1], p[: i + 1], sample_weight=w[: i + 1]) if i > 0 else 0.0
        if i > 0:
            assert close(m.get(), exact), (i, m.get(), exact)
        rows.append([y[i], p[i], w[i], m.get(), exact])
    write("other_rocauc_grid.csv", ["y_true", "p_true", "w", "ROCAUC_11", "sklearn_exact"], rows)


def multiclass(rng, n=300):
    y = rng.integers(0, 3, size=n)
    y[[20, 21, 100]] = 3  # a class beyond the probability vector
    proba = rng.dirichlet([2.0, 2.0, 2.0], size=n)
    proba[30] = [0.0, 1.0, 0.0]
    y[30] = 0  # probability 0 for the true class: clamped to 1e-15
    proba[31] = [1.0, 0.0, 0.0]
    y[31] = 0
    w = weights(rng, n)
    m = metrics.CrossEntropy()
    rows = []
    for i in range(n):
        m.update(int(y[i]), {c: float(proba[i][c]) for c in range(3)}, float(w[i]))
        keep = y[: i + 1] < 3
        if keep.any() and w[: i + 1][keep].sum() > 0:
            sk = skm.log_loss(y[: i + 1][keep], np.clip(proba[: i + 1][keep], 1e-15, 1 - 1e-15),
                              sample_weight=w[: i + 1][keep], labels=[0, 1, 2])
            sk *= w[: i + 1][keep].sum() / w[: i + 1].sum()
            assert abs(m.get() - sk) <= 1e-6 * max(1.0, sk), (i, m.get(), sk)
        rows.append([y[i], *proba[i], w[i], m.get()])
    write("other_multiclass.csv", ["y_true", "p0", "p1", "p2", "w", "CrossEntropy"], rows)


def main():
    rng = np.random.default_rng(20261123)
    regression(rng)
    binary(rng)
    rocauc_grid(rng)
    multiclass(rng)


if __name__ == "__main__":
    main()
