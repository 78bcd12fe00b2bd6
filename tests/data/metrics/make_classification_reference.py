#!/usr/bin/env python3
"""Reference values for the confusion-matrix classification metrics.

Run from anywhere (needs numpy and scikit-learn; River is used as a cross-check when installed):

    python3 tests/data/metrics/make_classification_reference.py

It draws fixed streams of (y_true, y_pred, w) with numpy's seeded generator and writes, after
EVERY step, each metric's value on the prefix seen so far, computed by scikit-learn with
`sample_weight`. Output, next to this script:

    classification_multiclass.csv  3 classes, weighted (zero weights included); class 2 is
                                   first seen mid-stream. Binary metrics use pos_val = 2.
    classification_binary.csv      labels {0, 1}, weighted; the positive class 1 is first true
                                   at step 25 and first predicted at step 100. pos_val = 1.
    classification_unseen.csv      unweighted; true classes {0, 1, 2}, predictions {0, 1, 3}:
                                   class 2 is never predicted and class 3 never true.
                                   pos_val = 2.
    classification_rolling.csv     the multiclass stream through a window of the last 7 steps
                                   (what Rolling(metric, 7) must give).

Conventions where scikit-learn has no value (River's, which the C++ code follows):
- no sample with a positive weight yet: every metric is 0;
- Cohen's kappa with a single class on both sides (sklearn: NaN): 0.
Classes seen only with zero weight do not count (River keeps only non-zero sums), so the
zero-weight samples are dropped before calling scikit-learn.

When River is importable every value is also computed with River (weights included, Rolling
emulated with revert) and the script fails if any differs from scikit-learn's by more than
1e-9 (except in the rolling file, where River's reverted sums keep rounding residues that
change its answer; those steps are only counted). River 0.26.1's Precision/Recall/F1/MCC give wrong values for a pos_val other than
True/1 (they binarise the labels, then look the counts up under pos_val), so River is fed
labels already binarised against pos_val; the C++ metrics compute the intended value.
"""

from __future__ import annotations

import csv
import math
import os
import warnings

import numpy as np
from sklearn import metrics as skm

HERE = os.path.dirname(os.path.abspath(__file__))
METRICS = [
    "accuracy",
    "balanced_accuracy",
    "precision",
    "recall",
    "f1",
    "macro_f1",
    "micro_f1",
    "weighted_f1",
    "cohen_kappa",
    "mcc",
]


def sklearn_values(yt, yp, w, pos_val):
    """Every metric on one (already zero-weight-free) prefix."""
    if len(yt) == 0 or w.sum() == 0:
        return {m: 0.0 for m in METRICS}
    yt = np.asarray(yt)
    yp = np.asarray(yp)
    out = {}
    out["accuracy"] = skm.accuracy_score(yt, yp, sample_weight=w)
    out["balanced_accuracy"] = skm.balanced_accuracy_score(yt, yp, sample_weight=w)
    bt, bp = yt == pos_val, yp == pos_val
    p, r, f, _ = skm.precision_recall_fscore_support(
        bt, bp, labels=[True], average=None, zero_division=0, sample_weight=w
    )
    out["precision"], out["recall"], out["f1"] = p[0], r[0], f[0]
    for avg in ("macro", "micro", "weighted"):
        out[f"{avg}_f1"] = skm.f1_score(yt, yp, average=avg, zero_division=0, sample_weight=w)
    kappa = skm.cohen_kappa_score(yt, yp, sample_weight=w)
    out["cohen_kappa"] = 0.0 if math.isnan(kappa) else kappa
    out["mcc"] = skm.matthews_corrcoef(bt, bp, sample_weight=w)
    return {k: float(v) for k, v in out.items()}


def river_metrics():
    from river import metrics as rm

    return {
        "accuracy": rm.Accuracy(),
        "balanced_accuracy": rm.BalancedAccuracy(),
        "precision": rm.Precision(),
        "recall": rm.Recall(),
        "f1": rm.F1(),
        "macro_f1": rm.MacroF1(),
        "micro_f1": rm.MicroF1(),
        "weighted_f1": rm.WeightedF1(),
        "cohen_kappa": rm.CohenKappa(),
        "mcc": rm.MCC(),
    }


BINARY = {"precision", "recall", "f1", "mcc"}


def river_args(key, yt, yp, pos_val):
    """River 0.26.1's binary metrics only work for pos_val True/1: they binarise the labels,
    then look the counts up under pos_val itself. So they are fed pre-binarised labels."""
    if key in BINARY:
        return yt == pos_val, yp == pos_val
    return yt, yp


def have_river():
    try:
        import river  # noqa: F401
    except ImportError:
        return False
    return True


def write(name, yt, yp, w, pos_val, window=None):
    rows = []
    residue_mismatches = 0
    river = river_metrics() if have_river() else None
    for i in range(len(yt)):
        lo = 0 if window is None else max(0, i + 1 - window)
        keep = [j for j in range(lo, i + 1) if w[j] > 0]
        values = sklearn_values(
            [yt[j] for j in keep], [yp[j] for j in keep], np.array([w[j] for j in keep]), pos_val
        )
        if river is not None:
            for key, m in river.items():
                m.update(*river_args(key, yt[i], yp[i], pos_val), w[i])
                if window is not None and i >= window:
                    j = i - window
                    m.revert(*river_args(key, yt[j], yp[j], pos_val), w[j])
                if abs(m.get() - values[key]) > 1e-9:
                    if window is None:
                        raise SystemExit(
                            f"{name} step {i} {key}: river {m.get()!r} != sklearn {values[key]!r}"
                        )
                    residue_mismatches += 1
        rows.append([i, yt[i], yp[i], repr(float(w[i])), pos_val] + [repr(values[m]) for m in METRICS])
    with open(os.path.join(HERE, name), "w", newline="") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(["step", "y_true", "y_pred", "w", "pos_val"] + METRICS)
        out.writerows(rows)
    print(f"wrote {name}: {len(rows)} rows" + (" (checked against River)" if river else ""))
    if residue_mismatches:
        # River's reverted sums keep rounding residues (e.g. a class row of -2.2e-15 instead of
        # 0, which still counts as a class); scikit-learn's values are the exact ones.
        print(f"  River differs at {residue_mismatches} metric-steps from float residues after revert")


def weights(rng, n):
    """Integers and reals mixed, with about 5% zero weights."""
    w = np.where(rng.random(n) < 0.5, rng.integers(1, 5, n).astype(float), 0.1 + rng.random(n))
    w[rng.random(n) < 0.05] = 0.0
    return [float(round(x, 6)) for x in w]


def multiclass_stream():
    rng = np.random.default_rng(20240601)
    n = 240
    yt, yp = [], []
    for i in range(n):
        k = 2 if i < 90 else 3  # class 2 first appears at step 90
        t = int(rng.integers(0, k))
        p = t if rng.random() < 0.6 else int(rng.integers(0, k))
        yt.append(t)
        yp.append(p)
    w = weights(rng, n)
    w[0] = 0.0  # the very first sample carries no weight
    return yt, yp, w


def binary_stream():
    rng = np.random.default_rng(7)
    n = 200
    yt, yp = [], []
    for i in range(n):
        t = 0 if i < 25 else int(rng.random() < 0.4)
        if i < 100:
            p = 0  # the positive class is never predicted during the first 100 steps
        else:
            p = t if rng.random() < 0.7 else 1 - t
        yt.append(t)
        yp.append(p)
    return yt, yp, weights(rng, n)


def unseen_stream():
    rng = np.random.default_rng(3)
    n = 150
    yt = [int(x) for x in rng.integers(0, 3, n)]
    yp = []
    for t in yt:
        p = t if rng.random() < 0.5 else int(rng.choice([0, 1, 3]))
        yp.append(3 if p == 2 else p)  # class 2 is never predicted
    return yt, yp, [1.0] * n


def main():
    warnings.simplefilter("ignore")  # undefined-metric warnings are expected at the start
    yt, yp, w = multiclass_stream()
    write("classification_multiclass.csv", yt, yp, w, pos_val=2)
    write("classification_rolling.csv", yt, yp, w, pos_val=2, window=7)
    yt, yp, w = binary_stream()
    write("classification_binary.csv", yt, yp, w, pos_val=1)
    yt, yp, w = unseen_stream()
    write("classification_unseen.csv", yt, yp, w, pos_val=2)


if __name__ == "__main__":
    main()
