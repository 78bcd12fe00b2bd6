"""Reference runs of River 0.26.1's SRPClassifier for tests/cpp/ensemble/srp_classifier_test.cpp.

Run from the repository root (needs River 0.26.1, numpy and ../shared/datasets):

    python3 tests/data/ensemble/srp/make_reference.py             # wide.csv + step-by-step runs
    python3 tests/data/ensemble/srp/make_reference.py --accuracy  # River-as-shipped accuracy only
    python3 tests/data/ensemble/srp/make_reference.py --split     # accuracy_split_agrawal.csv only

It is deterministic. Streams: Electricity (elec.csv, 6 features), SEA (sea_big.csv, 3
features), a seeded Agrawal stream with a concept drift (ConceptDriftStream of Agrawal function
0, seed 1 and function 2, seed 2, position 2500, width 500, seed 3; 9 features) and `wide.csv`,
written here: 24 uniform features (numpy seed 5, 3 decimals), label x0 + x1 > 1 for the first
1000 rows and x2 > x3 afterwards, so that subspaces are random subsets (more than 20 features)
and members see a drift. Features are renamed to their column index ("0", "1", ...) in column
order; class labels become ids in order of first appearance.

* `pred_<config>.txt`: test-then-train with River's SRPClassifier where only the random
  generators are arranged the way streamwise arranges them so that members can learn in
  parallel. `random.Random(seed)` draws the subspaces and their shuffle exactly as River does,
  then, per sample, the n_models Poisson counts (River draws them member by member from the same
  generator; drawing them first changes nothing because of the next point). The subspaces that
  a member draws at a warning or a drift come from the member slot's own
  `random.Random(member_seed(seed, slot, 0))` instead of the shared generator. Everything else
  is River's code (trees, ADWIN detectors, background learners, accuracy-weighted vote). One
  predicted class id per line (-1 where River predicts None). `configs.csv` lists each
  configuration with its accuracy, warnings and drifts.
* `accuracy.csv` (with --accuracy, which only writes this file): River's SRPClassifier as is
  (one shared generator) with default parameters on the first 10,000 rows of each stream, for
  seed 42 and seeds 1-3: the C++ test checks that streamwise's accuracy on the same rows is
  within 1 point of River's for seed 42 and for the mean over seeds 1-3. River's SRP makes
  every member learn a sample k times (k ~ Poisson(6)), which takes minutes per full stream on
  the shared machine, hence the prefixes.
* `accuracy_split_agrawal.csv` (with --split): the same Agrawal rows and seeds run with the
  streamwise draw layout (`SplitRngSRP`). On that stream one seed's accuracy moves by several
  points with the draws alone; this file shows that River's own code with streamwise's layout
  gives streamwise's figures, i.e. the gap to River as shipped comes from the random draws.
"""

from __future__ import annotations

import csv
import os
import random
import sys

import numpy as np
from river import ensemble
from river.datasets import synth
from river.utils.random import poisson

HERE = os.path.dirname(os.path.abspath(__file__))
DATASETS = os.path.join(HERE, "..", "..", "..", "..", "..", "shared", "datasets")
M64 = (1 << 64) - 1


def member_seed(seed, slot, generation):
    """splitmix64 of (seed, slot, generation), 63 bits (same as streamwise::forest::detail)."""
    z = (seed & M64) * 0x9E3779B97F4A7C15 + slot * 0xBF58476D1CE4E5B9
    z = (z + generation * 0x94D049BB133111EB + 0x632BE59BD9B4E019) & M64
    z ^= z >> 30
    z = (z * 0xBF58476D1CE4E5B9) & M64
    z ^= z >> 27
    z = (z * 0x94D049BB133111EB) & M64
    z ^= z >> 31
    return z >> 1


class SplitRngSRP(ensemble.SRPClassifier):
    """River's SRPClassifier with streamwise's generator layout (see the module docstring)."""

    def _init_ensemble(self, features):
        super()._init_ensemble(features)
        for i, member in enumerate(self):
            member.rng = random.Random(member_seed(self.seed, i, 0))

    def learn_one(self, x, y, **kwargs):
        self._n_samples_seen += 1
        if not self:
            self._init_ensemble(list(x.keys()))
        if self.training_method == self._TRAIN_RANDOM_SUBSPACES:
            ks = [1] * len(self)
        else:
            ks = [poisson(rate=self.lam, rng=self._rng) for _ in range(len(self))]
        for model, k in zip(self, ks):
            y_pred = model.predict_one(x)
            if y_pred is not None:
                model.metric.update(y_true=y, y_pred=y_pred)
            if k == 0:
                continue
            model.learn_one(x=x, y=y, w=k, n_samples_seen=self._n_samples_seen)


def indexed(rows):
    """Feature names -> column indices, labels -> ids in order of first appearance."""
    out, ids = [], {}
    for x, y in rows:
        if y not in ids:
            ids[y] = len(ids)
        out.append(({str(i): v for i, v in enumerate(x.values())}, ids[y]))
    return out


def read_csv(path, limit):
    rows = []
    with open(path) as f:
        reader = csv.reader(f)
        header = next(reader)
        for i, row in enumerate(reader):
            if i >= limit:
                break
            rows.append(({h: float(c) for h, c in zip(header[:-1], row[:-1])}, row[-1]))
    return indexed(rows)


def agrawal_drift(limit):
    gen = synth.ConceptDriftStream(
        stream=synth.Agrawal(classification_function=0, seed=1),
        drift_stream=synth.Agrawal(classification_function=2, seed=2),
        position=2500,
        width=500,
        seed=3,
    )
    return indexed([(dict(x), y) for x, y in gen.take(limit)])


def write_wide():
    rng = np.random.default_rng(5)
    x = np.round(rng.random((2000, 24)), 3)
    with open(os.path.join(HERE, "wide.csv"), "w") as f:
        f.write(",".join(f"f{j}" for j in range(24)) + ",class\n")
        for t, row in enumerate(x):
            y = int(row[0] + row[1] > 1.0) if t < 1000 else int(row[2] > row[3])
            f.write(",".join(f"{v:.3f}" for v in row) + f",{y}\n")


STREAMS = {
    "elec": lambda n: read_csv(os.path.join(DATASETS, "elec.csv"), n),
    "sea": lambda n: read_csv(os.path.join(DATASETS, "sea_big.csv"), n),
    "agrawal": agrawal_drift,
    "wide": lambda n: read_csv(os.path.join(HERE, "wide.csv"), n),
}

# name, stream, rows, parameters
CONFIGS = [
    ("elec_default", "elec", 4000, dict(seed=42)),
    ("sea_default", "sea", 4000, dict(seed=7)),
    ("agrawal_default", "agrawal", 5000, dict(seed=1)),
    ("wide_default", "wide", 2000, dict(seed=3, n_models=6)),
    ("agrawal_subspaces_sqrt", "agrawal", 4000,
     dict(seed=5, n_models=5, training_method="subspaces", subspace_size="sqrt")),
    ("elec_resampling_unweighted", "elec", 3000,
     dict(seed=11, n_models=4, training_method="resampling", disable_weighted_vote=True, lam=3)),
    ("agrawal_int_warning_off", "agrawal", 4000,
     dict(seed=13, n_models=4, subspace_size=4, disable_detector="warning")),
    ("wide_rmsqrt_drift_off", "wide", 1500,
     dict(seed=17, n_models=3, subspace_size="rmsqrt", disable_detector="drift")),
    ("sea_full_float", "sea", 3000, dict(seed=19, n_models=3, subspace_size=1.0)),
]

ACCURACY_ROWS = 10000
ACCURACY_SEEDS = (42, 1, 2, 3)

PARAM_COLUMNS = ["n_models", "subspace_size", "training_method", "lam", "disable_detector",
                 "disable_weighted_vote", "seed"]


def run(model, rows):
    preds, correct = [], 0
    for x, y in rows:
        p = model.predict_one(x)
        preds.append(-1 if p is None else p)
        correct += p == y
        model.learn_one(x, y)
    return preds, correct / len(rows)


def counts(model):
    return (sum(m.n_warnings_detected for m in model),
            sum(m.n_drifts_detected for m in model))


def accuracy_main():
    with open(os.path.join(HERE, "accuracy.csv"), "w") as out:
        out.write("stream,rows,seed,river_accuracy\n")
        for stream in ("elec", "sea", "agrawal"):
            rows = STREAMS[stream](ACCURACY_ROWS)
            for seed in ACCURACY_SEEDS:
                _, acc = run(ensemble.SRPClassifier(seed=seed), rows)
                out.write(f"{stream},{ACCURACY_ROWS},{seed},{acc!r}\n")
                out.flush()
                print(stream, ACCURACY_ROWS, seed, acc, flush=True)


def split_main():
    rows = STREAMS["agrawal"](ACCURACY_ROWS)
    with open(os.path.join(HERE, "accuracy_split_agrawal.csv"), "w") as out:
        out.write("stream,rows,seed,river_split_rng_accuracy\n")
        for seed in ACCURACY_SEEDS:
            _, acc = run(SplitRngSRP(seed=seed), rows)
            out.write(f"agrawal,{ACCURACY_ROWS},{seed},{acc!r}\n")
            out.flush()
            print("agrawal split", ACCURACY_ROWS, seed, acc, flush=True)


def main():
    if "--accuracy" in sys.argv:
        accuracy_main()
        return
    if "--split" in sys.argv:
        split_main()
        return
    write_wide()
    with open(os.path.join(HERE, "configs.csv"), "w") as out:
        out.write("config,stream,rows," + ",".join(PARAM_COLUMNS) +
                  ",accuracy,n_warnings,n_drifts,method\n")
        for name, stream, n, params in CONFIGS:
            model = SplitRngSRP(**params)
            preds, acc = run(model, STREAMS[stream](n))
            with open(os.path.join(HERE, f"pred_{name}.txt"), "w") as f:
                f.write("".join(f"{p}\n" for p in preds))
            fresh = ensemble.SRPClassifier(**params)
            values = []
            for c in PARAM_COLUMNS:
                v = getattr(fresh, c)
                values.append(str(int(v)) if isinstance(v, bool) else str(v))
            w, d = counts(model)
            out.write(f"{name},{stream},{n}," + ",".join(values) +
                      f",{acc!r},{w},{d},{model.training_method}\n")
            print(name, acc, w, d, model.training_method, flush=True)


if __name__ == "__main__":
    main()
