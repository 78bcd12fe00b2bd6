"""Reference runs of River 0.26.1's ARFClassifier for tests/cpp/forest.

Run from the repository root (needs River 0.26.1 and ../shared/datasets):

    python3 tests/data/forest/make_reference.py            # step-by-step runs (fast)
    python3 tests/data/forest/make_reference.py --accuracy # also the long accuracy runs
    python3 tests/data/forest/make_reference.py --regressor [--accuracy]  # ARFRegressor runs
    python3 tests/data/forest/make_reference.py --seeds    # seed spread on the Agrawal drift

`accuracy_seeds.csv` (--seeds) holds River's ARFClassifier accuracy on the first 10,000 rows
of the drifting Agrawal stream for seeds 1-4, with River's generator and with streamwise's
layout: it shows how much the accuracy moves with the random draws alone.

The regressor runs (`reg_configs.csv`, `reg_<config>.txt` with one prediction per line, and
`reg_accuracy.csv` with the mean absolute errors) use seeded Friedman #1 and FriedmanDrift
("gra", positions 1000 and 2000) streams in the same way.

It is deterministic. Streams: Electricity (elec.csv), SEA (sea_big.csv) and a seeded Agrawal
stream with a concept drift (ConceptDriftStream of Agrawal function 0, seed 1 and Agrawal
function 2, seed 2, position 2500, width 500, seed 3). Features are renamed to their column
index ("0", "1", ...) so that River's sorted feature names are the column order; class labels
become ids in order of first appearance.

Two kinds of runs:

* `pred_<config>.txt`: test-then-train with River's ARFClassifier where only the random
  generators are arranged the way streamwise arranges them so that members can learn in
  parallel: per sample, the n_models Poisson weights are drawn first from `random.Random(seed)`,
  and each tree (slot i, generation g: the g-th tree created for slot i) samples its leaves'
  features with its own `random.Random(member_seed(seed, i, g))`. Everything else is River's
  code (trees, ADWIN warning / drift detectors, background trees, weighted vote). One predicted
  class id per line (-1 where River predicts None). `configs.csv` lists each configuration with
  its accuracy, warnings and drifts.
* `accuracy.csv` (with --accuracy): River's ARFClassifier as is (one shared generator), with
  default parameters and seed 42, on the first rows of each stream; the C++ test checks that
  streamwise's accuracy on the same rows is within 1 point.
"""

from __future__ import annotations

import csv
import os
import random
import sys

from river import forest, metrics
from river.datasets import synth
from river.utils.random import poisson

HERE = os.path.dirname(os.path.abspath(__file__))
DATASETS = os.path.join(HERE, "..", "..", "..", "..", "shared", "datasets")
M64 = (1 << 64) - 1


def member_seed(seed, slot, generation):
    """splitmix64 of (seed, slot, generation), 63 bits (same as streamwise::forest)."""
    z = (seed & M64) * 0x9E3779B97F4A7C15 + slot * 0xBF58476D1CE4E5B9
    z = (z + generation * 0x94D049BB133111EB + 0x632BE59BD9B4E019) & M64
    z ^= z >> 30
    z = (z * 0xBF58476D1CE4E5B9) & M64
    z ^= z >> 27
    z = (z * 0x94D049BB133111EB) & M64
    z ^= z >> 31
    return z >> 1


class SplitRng:
    """River's ARF with streamwise's generator layout (see the module docstring)."""

    def _init_ensemble(self, features):
        self._generations = [0] * self.n_models
        self._set_max_features(len(features))
        self.data = []
        for i in range(self.n_models):
            self._slot = i
            self.data.append(self._new_base_model())

    def _new_base_model(self):
        model = super()._new_base_model()
        i = self._slot
        model.rng = random.Random(member_seed(self.seed, i, self._generations[i]))
        self._generations[i] += 1
        return model

    def learn_one(self, x, y, **kwargs):
        if len(self) == 0:
            self._init_ensemble(sorted(x.keys()))
        ks = [poisson(rate=self.lambda_value, rng=self._rng) for _ in range(self.n_models)]
        for i, model in enumerate(self):
            self._slot = i
            y_pred = model.predict_one(x)
            self._metrics[i].update(y_true=y, y_pred=y_pred)
            k = ks[i]
            if k <= 0:
                continue
            if not self._warning_detection_disabled and self._background[i] is not None:
                self._background[i].learn_one(x=x, y=y, w=k)
            model.learn_one(x=x, y=y, w=k)
            err = self._drift_detector_input(i, y, y_pred)
            if not self._warning_detection_disabled:
                self._warning_detectors[i].update(err)
                if self._warning_detectors[i].drift_detected:
                    self._background[i] = self._new_base_model()
                    self._warning_detectors[i] = self.warning_detector.clone()
                    self._warning_tracker[i] += 1
            if not self._drift_detection_disabled:
                self._drift_detectors[i].update(err)
                if self._drift_detectors[i].drift_detected:
                    if not self._warning_detection_disabled and self._background[i] is not None:
                        self.data[i] = self._background[i]
                        self._background[i] = None
                        self._warning_detectors[i] = self.warning_detector.clone()
                        self._drift_detectors[i] = self.drift_detector.clone()
                        self._metrics[i] = self.metric.clone()
                    else:
                        self.data[i] = self._new_base_model()
                        self._drift_detectors[i] = self.drift_detector.clone()
                        self._metrics[i] = self.metric.clone()
                    self._drift_tracker[i] += 1


class SplitRngARF(SplitRng, forest.ARFClassifier):
    pass


class SplitRngARFRegressor(SplitRng, forest.ARFRegressor):
    pass


def indexed(rows):
    """Feature names -> column indices, labels -> ids in order of first appearance."""
    out, ids = [], {}
    for x, y in rows:
        if y not in ids:
            ids[y] = len(ids)
        out.append(({str(i): v for i, v in enumerate(x.values())}, ids[y]))
    return out


def read_csv(name, limit):
    rows = []
    with open(os.path.join(DATASETS, name)) as f:
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


STREAMS = {
    "elec": lambda n: read_csv("elec.csv", n),
    "sea": lambda n: read_csv("sea_big.csv", n),
    "agrawal": agrawal_drift,
}

# name, stream, rows, parameters
CONFIGS = [
    ("elec_default", "elec", 5000, dict(seed=42)),
    ("sea_default", "sea", 5000, dict(seed=7)),
    ("agrawal_default", "agrawal", 5000, dict(seed=1)),
    ("agrawal_unweighted_mc", "agrawal", 4000,
     dict(seed=5, n_models=5, disable_weighted_vote=True, leaf_prediction="mc")),
    ("elec_log2_gini", "elec", 4000,
     dict(seed=3, n_models=4, max_features="log2", split_criterion="gini", grace_period=100)),
    ("elec_int_nb", "elec", 4000, dict(seed=11, n_models=3, max_features=4, leaf_prediction="nb")),
    ("agrawal_float_depth", "agrawal", 4000,
     dict(seed=13, n_models=6, max_features=0.5, max_depth=3, lambda_value=3)),
    ("sea_none_hellinger", "sea", 4000,
     dict(seed=17, n_models=3, max_features=None, split_criterion="hellinger")),
]


def run(model, rows):
    preds, correct = [], 0
    for x, y in rows:
        p = model.predict_one(x)
        preds.append(-1 if p is None else p)
        correct += p == y
        model.learn_one(x, y)
    return preds, correct / len(rows)


def friedman(limit):
    return [({str(i): v for i, v in enumerate(x.values())}, y)
            for x, y in synth.Friedman(seed=42).take(limit)]


def friedman_drift(limit):
    gen = synth.FriedmanDrift(drift_type="gra", position=(1000, 2000), seed=42)
    return [({str(i): v for i, v in enumerate(x.values())}, y) for x, y in gen.take(limit)]


def friedman_shift(limit):
    """Friedman #1 (seed 42) whose target jumps by +30 from row 1500 on: an abrupt drift."""
    return [(x, y + (30.0 if t >= 1500 else 0.0)) for t, (x, y) in enumerate(friedman(limit))]


REG_STREAMS = {
    "friedman": friedman,
    "friedman_drift": friedman_drift,
    "friedman_shift": friedman_shift,
}

# name, stream, rows, parameters (ARFRegressor)
REG_CONFIGS = [
    ("friedman_default", "friedman", 3000, dict(seed=42)),
    ("friedman_shift_default", "friedman_shift", 3000, dict(seed=6, n_models=5)),
    ("friedman_drift_default", "friedman_drift", 3000, dict(seed=1)),
    ("friedman_drift_mean_weighted", "friedman_drift", 3000,
     dict(seed=2, n_models=5, aggregation_method="mean", disable_weighted_vote=False)),
    ("friedman_mean_leaves", "friedman", 2000,
     dict(seed=3, n_models=4, leaf_prediction="mean", max_features=None)),
    ("friedman_drift_model_leaves", "friedman_drift", 3000,
     dict(seed=4, n_models=6, leaf_prediction="model", aggregation_method="mean",
          max_features="log2")),
]


def run_regressor(model, rows):
    preds, abs_err = [], 0.0
    for x, y in rows:
        p = model.predict_one(x)
        preds.append(p)
        abs_err += abs(y - p)
        model.learn_one(x, y)
    return preds, abs_err / len(rows)


def regressor_main():
    with open(os.path.join(HERE, "reg_configs.csv"), "w") as out:
        out.write(
            "config,stream,rows,n_models,max_features,aggregation_method,"
            "disable_weighted_vote,leaf_prediction,seed,mae,n_warnings,n_drifts\n"
        )
        for name, stream, n, params in REG_CONFIGS:
            model = SplitRngARFRegressor(**params)
            preds, mae = run_regressor(model, REG_STREAMS[stream](n))
            with open(os.path.join(HERE, f"reg_{name}.txt"), "w") as f:
                f.write("".join(f"{p!r}\n" for p in preds))
            p = forest.ARFRegressor(**params)
            mf = params.get("max_features", "sqrt")
            out.write(
                f"{name},{stream},{n},{p.n_models},{'None' if mf is None else mf},"
                f"{p.aggregation_method},{int(p.disable_weighted_vote)},{p.leaf_prediction},"
                f"{p.seed},{mae!r},{model.n_warnings_detected()},{model.n_drifts_detected()}\n"
            )
            print(name, mae, model.n_warnings_detected(), model.n_drifts_detected(), flush=True)
    if "--accuracy" in sys.argv:
        with open(os.path.join(HERE, "reg_accuracy.csv"), "w") as out:
            out.write("stream,rows,river_mae,river_split_rng_mae\n")
            for stream, n in (("friedman", 10000), ("friedman_drift", 10000), ("friedman_shift", 3000)):
                rows = REG_STREAMS[stream](n)
                _, mae = run_regressor(forest.ARFRegressor(seed=42), rows)
                _, mae2 = run_regressor(SplitRngARFRegressor(seed=42), rows)
                out.write(f"{stream},{n},{mae!r},{mae2!r}\n")
                print(stream, n, mae, mae2, flush=True)


def seeds_main():
    rows = agrawal_drift(10000)
    with open(os.path.join(HERE, "accuracy_seeds.csv"), "w") as out:
        out.write("stream,rows,seed,river_accuracy,river_split_rng_accuracy\n")
        for seed in (1, 2, 3, 4):
            _, acc = run(forest.ARFClassifier(seed=seed), rows)
            _, acc2 = run(SplitRngARF(seed=seed), rows)
            out.write(f"agrawal,10000,{seed},{acc!r},{acc2!r}\n")
            print(seed, acc, acc2, flush=True)


def main():
    if "--seeds" in sys.argv:
        seeds_main()
        return
    if "--regressor" in sys.argv:
        regressor_main()
        return
    with open(os.path.join(HERE, "configs.csv"), "w") as out:
        out.write(
            "config,stream,rows,n_models,max_features,lambda_value,disable_weighted_vote,"
            "grace_period,max_depth,split_criterion,leaf_prediction,seed,accuracy,"
            "n_warnings,n_drifts\n"
        )
        for name, stream, n, params in CONFIGS:
            model = SplitRngARF(**params)
            preds, acc = run(model, STREAMS[stream](n))
            with open(os.path.join(HERE, f"pred_{name}.txt"), "w") as f:
                f.write("".join(f"{p}\n" for p in preds))
            p = forest.ARFClassifier(**params)
            mf = params.get("max_features", "sqrt")
            out.write(
                f"{name},{stream},{n},{p.n_models},{'None' if mf is None else mf},"
                f"{p.lambda_value},{int(p.disable_weighted_vote)},{p.grace_period},"
                f"{'None' if p.max_depth is None else p.max_depth},{p.split_criterion},"
                f"{p.leaf_prediction},{p.seed},{acc!r},{model.n_warnings_detected()},"
                f"{model.n_drifts_detected()}\n"
            )
            print(name, acc, model.n_warnings_detected(), model.n_drifts_detected(), flush=True)
    if "--accuracy" in sys.argv:
        with open(os.path.join(HERE, "accuracy.csv"), "w") as out:
            out.write("stream,rows,river_accuracy,river_split_rng_accuracy\n")
            for stream, n in (("elec", 45312), ("sea", 20000), ("agrawal", 20000)):
                rows = STREAMS[stream](n)
                _, acc = run(forest.ARFClassifier(seed=42), rows)
                _, acc2 = run(SplitRngARF(seed=42), rows)
                out.write(f"{stream},{n},{acc!r},{acc2!r}\n")
                print(stream, n, acc, acc2, flush=True)


if __name__ == "__main__":
    main()
