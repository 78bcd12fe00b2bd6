#!/usr/bin/env python3
"""CapyMOA side of the comparison: one (model, stream) per process, progressive validation.

    python runners/capymoa_runner.py --model ht_clf --stream elec [--n N] [--loop moa|python]

--loop moa (default, library `capymoa`): the rows are first copied into an in-memory MOA
`Instances` wrapped in a `moa.streams.CachedInstancesStream` (not timed), then CapyMOA's
`prequential_evaluation(..., optimise=True)` runs the whole test-then-train loop inside the JVM
(MOA's EfficientEvaluationLoops): this is CapyMOA's fastest path, the fair figure to beat.
--loop python (library `capymoa_pyloop`): the same test-then-train loop written in Python over
CapyMOA instances (predict / train per row through JPype), for reference.

Models, with parameters set to River's defaults as far as MOA allows (see README.md for the
full mapping and the differences that remain):
  ht_clf    capymoa.classifier.HoeffdingTree
  hat_clf   capymoa.classifier.HoeffdingAdaptiveTree
  arf10_clf capymoa.classifier.AdaptiveRandomForestClassifier (10 trees)
  ht_reg    capymoa.regressor.FIMTDD (MOA has no plain Hoeffding tree regressor in CapyMOA)
  adwin     capymoa.drift.detectors.ADWIN (Python loop: add_element / detected_change)
scaler_logreg, linreg, var and quantile are not in CapyMOA (its SGD learners wrap
scikit-learn, not MOA) and are reported as skipped.
Prints one JSON record (see common.py).
"""

import argparse
import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from common import (MODELS, Timer, curve_step, emit, peak_rss_kb, read_stream,  # noqa: E402
                    skipped)

SEED = 42
NOT_IN_CAPYMOA = {
    "scaler_logreg": "not in CapyMOA (its SGDClassifier wraps scikit-learn, not MOA)",
    "linreg": "not in CapyMOA (its SGDRegressor wraps scikit-learn, not MOA)",
    "var": "no streaming variance estimator exposed by CapyMOA",
    "quantile": "no streaming quantile estimator exposed by CapyMOA",
}

# River default -> MOA option, for the trees (River: HoeffdingTreeClassifier defaults).
HT_OPTIONS = dict(
    grace_period=200,                   # River grace_period=200
    split_criterion="InfoGainSplitCriterion",  # River split_criterion="info_gain"
    confidence=1e-7,                    # River delta=1e-7 (CapyMOA's default is 1e-3)
    tie_threshold=0.05,                 # River tau=0.05
    leaf_prediction="NaiveBayesAdaptive",  # River leaf_prediction="nba"
    nb_threshold=0,                     # River nb_threshold=0
    # River GaussianSplitter; both try 10 split points per numeric feature
    numeric_attribute_observer="GaussianNumericAttributeClassObserver",
    binary_split=False,                 # River binary_split=False
    max_byte_size=100 * 2**20,          # River max_size=100 (MiB)
    memory_estimate_period=1_000_000,   # River memory_estimate_period=1_000_000
    stop_mem_management=False,          # River stop_mem_management=False (CapyMOA default True)
    remove_poor_attrs=False,            # River remove_poor_attrs=False
    disable_prepruning=False,           # River merit_preprune=True (CapyMOA default disables it)
)


def make_learner(key, schema, n_features):
    from capymoa import classifier, regressor

    if key == "ht_clf":
        return classifier.HoeffdingTree(schema=schema, random_seed=SEED, **HT_OPTIONS)
    if key == "hat_clf":
        return classifier.HoeffdingAdaptiveTree(schema=schema, random_seed=SEED, **HT_OPTIONS)
    if key == "arf10_clf":
        from capymoa.base import MOAClassifier
        from moa.classifiers.meta import AdaptiveRandomForest

        # River ARFClassifier defaults: 10 trees, max_features=round(sqrt(d)), lambda 6,
        # ADWIN(0.001) drift / ADWIN(0.01) warning detectors, weighted vote, trees with
        # grace 50, delta 0.01, tau 0.05, NBA leaves, memory_estimate_period 2_000_000.
        # The full MOA option string is given because CapyMOA's wrapper only accepts a wrapped
        # learner object as base learner.
        cli = ("-l (ARFHoeffdingTree -e 2000000 -g 50 -c 0.01 -t 0.05 -l NBAdaptive -q 0 "
               f"-m {100 * 2**20}) -s 10 -o (Specified m (integer value)) "
               f"-m {int(round(math.sqrt(n_features)))} -a 6.0 "
               "-x (ADWINChangeDetector -a 0.001) -p (ADWINChangeDetector -a 0.01) -j 1")
        return MOAClassifier(moa_learner=AdaptiveRandomForest, schema=schema, CLI=cli,
                             random_seed=SEED)
    if key == "ht_reg":
        # River HoeffdingTreeRegressor: grace 200, delta 1e-7, tau 0.05, model leaves.
        return regressor.FIMTDD(schema=schema, grace_period=200, split_confidence=1e-7,
                                tie_threshold=0.05, regression_tree=False, random_seed=SEED)
    raise ValueError(key)


def moa_stream_from_rows(names, rows, ys, task, name):
    """Copy the rows into an in-memory MOA stream (CachedInstancesStream) and its schema."""
    from capymoa.stream import MOAStream, Schema
    from capymoa.stream._stream import _init_moa_stream_and_create_moa_header
    from com.yahoo.labs.samoa.instances import DenseInstance
    from moa.streams import CachedInstancesStream

    classes = [str(c) for c in sorted(set(ys))] if task == "classification" else None
    if classes is not None and classes != [str(i) for i in range(len(classes))]:
        sys.exit(f"error: class labels must be 0..k-1, got {classes}")
    instances, header = _init_moa_stream_and_create_moa_header(
        number_of_instances=len(rows), feature_names=list(names),
        values_for_class_label=classes, dataset_name=name, target_attribute_name="target",
        target_type="categorical" if task == "classification" else "numeric")
    d = len(names)
    for r, y in zip(rows, ys):
        inst = DenseInstance(d + 1)
        for j, v in enumerate(r):
            inst.setValue(j, v)
        inst.setDataset(header)
        inst.setClassValue(float(y))
        instances.add(inst)
    # CachedInstancesStream is not an OptionHandler (no prepareForUse), so attach it after
    # constructing the MOAStream from the schema alone.
    stream = MOAStream(schema=Schema(moa_header=header))
    stream.moa_stream = CachedInstancesStream(instances)
    return stream


def run_moa_loop(key, names, rows, ys, task, name):
    from capymoa.evaluation import prequential_evaluation

    stream = moa_stream_from_rows(names, rows, ys, task, name)
    learner = make_learner(key, stream.get_schema(), len(names))
    n = len(rows)
    step = curve_step(n)
    rss_before = peak_rss_kb()
    with Timer() as t:
        results = prequential_evaluation(stream, learner, max_instances=n, window_size=step,
                                         optimise=True, progress_bar=False)
    col = "accuracy" if task == "classification" else "mae"
    windows = list(results["windowed"].metrics_per_window()[col])
    scale = 100.0 if task == "classification" else 1.0
    curve, acc = [], 0.0
    for k in range(n // step):  # cumulative metric from the equal-sized windows
        acc += windows[k] / scale
        curve.append(acc / (k + 1))
    cumulative = results["cumulative"]
    metric = cumulative.accuracy() / 100.0 if task == "classification" else cumulative.mae()
    params = getattr(learner, "CLI", None) or str(learner)
    return col, metric, curve, t.seconds, rss_before, {"params": params}


def run_python_loop(key, names, rows, ys, task, name):
    import numpy as np
    from capymoa.stream import NumpyStream

    X = np.asarray(rows, dtype=float)
    y = np.asarray(ys, dtype=int if task == "classification" else float)
    stream = NumpyStream(X, y, dataset_name=name, feature_names=list(names), target_name="target",
                         target_type="categorical" if task == "classification" else "numeric")
    learner = make_learner(key, stream.get_schema(), len(names))
    instances = [stream.next_instance() for _ in range(len(rows))]
    n = len(rows)
    step = curve_step(n)
    curve = []
    rss_before = peak_rss_kb()
    if task == "classification":
        correct = 0
        with Timer() as t:
            for i, inst in enumerate(instances):
                if learner.predict(inst) == inst.y_index:
                    correct += 1
                learner.train(inst)
                if (i + 1) % step == 0:
                    curve.append(correct / (i + 1))
        return "accuracy", correct / n, curve, t.seconds, rss_before, {}
    abs_err = 0.0
    with Timer() as t:
        for i, inst in enumerate(instances):
            abs_err += abs(inst.y_value - learner.predict(inst))
            learner.train(inst)
            if (i + 1) % step == 0:
                curve.append(abs_err / (i + 1))
    return "mae", abs_err / n, curve, t.seconds, rss_before, {}


def run_adwin(values):
    from capymoa.drift.detectors import ADWIN

    det = ADWIN(delta=0.002)  # River ADWIN default delta; MOA's clock is 32 as River's
    n = len(values)
    step = curve_step(n)
    curve, detections = [], []
    rss_before = peak_rss_kb()
    with Timer() as t:
        for i, v in enumerate(values):
            det.add_element(v)
            if det.detected_change():
                detections.append(i)
            if (i + 1) % step == 0:
                curve.append(len(detections))
    return "n_detections", len(detections), curve, t.seconds, rss_before, {
        "detections": detections}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", required=True, choices=sorted(MODELS))
    ap.add_argument("--stream", required=True)
    ap.add_argument("--n", type=int, default=None, help="use only the first N rows")
    ap.add_argument("--loop", default="moa", choices=["moa", "python"])
    args = ap.parse_args()
    library = "capymoa" if args.loop == "moa" else "capymoa_pyloop"
    if args.model in NOT_IN_CAPYMOA:
        return skipped(library, args.model, args.stream, NOT_IN_CAPYMOA[args.model])

    names, rows, ys, info = read_stream(args.stream, args.n)
    task = MODELS[args.model][0]
    if task != info["task"]:
        sys.exit(f"error: model {args.model} is {task}, stream {args.stream} is {info['task']}")
    import capymoa  # starts the JVM

    if task == "series":
        res = run_adwin([r[0] for r in rows])
    elif args.loop == "moa":
        res = run_moa_loop(args.model, names, rows, ys, task, args.stream)
    else:
        res = run_python_loop(args.model, names, rows, ys, task, args.stream)
    metric_name, metric, curve, seconds, rss_before, extra = res
    n = len(rows)
    emit({
        "library": library,
        "version": capymoa.__version__,
        "model": args.model,
        "stream": args.stream,
        "status": "ok",
        "n": n,
        "metric_name": metric_name,
        "metric": metric if math.isfinite(metric) else str(metric),
        "seconds": seconds,
        "samples_per_s": n / seconds if seconds > 0 else None,
        "curve_step": curve_step(n),
        "curve": curve,
        "rss_before_loop_kb": rss_before,
        **extra,
    })


if __name__ == "__main__":
    main()
