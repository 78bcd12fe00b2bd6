#!/usr/bin/env python3
"""River side of the comparison: one (model, stream) per process, progressive validation.

    python runners/river_runner.py --model ht_clf --stream elec [--n N] [--lib river|streamwise]

Test-then-train on every row: predict_one, score, learn_one. Classification scores accuracy
(a missing prediction counts as wrong), regression scores MAE. The series models (adwin, var,
quantile) update over series.csv. Timing covers the loop only; rows are converted to dicts
before the clock starts. With --lib streamwise the same code runs on `import streamwise`
(its River-compatible dict API): that is the `streamwise_py_dict` runner.
Prints one JSON record (see common.py).
"""

import argparse
import importlib
import math
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from common import (MODELS, Timer, curve_step, emit, peak_rss_kb, read_stream,  # noqa: E402
                    skipped)

SEED = 42  # River's HAT and ARF default to seed=None (not reproducible); we fix it


def make_model(lib, key, seed=SEED):
    """River's classes with their defaults (plus a fixed seed where the default is None)."""
    def sub(name):
        mod = getattr(lib, name, None)
        return mod if mod is not None else importlib.import_module(f"{lib.__name__}.{name}")

    if key == "scaler_logreg":
        return sub("preprocessing").StandardScaler() | sub("linear_model").LogisticRegression()
    if key == "linreg":
        return sub("linear_model").LinearRegression()
    if key == "ht_clf":
        return sub("tree").HoeffdingTreeClassifier()
    if key == "hat_clf":
        return sub("tree").HoeffdingAdaptiveTreeClassifier(seed=seed)
    if key == "ht_reg":
        return sub("tree").HoeffdingTreeRegressor()
    if key == "arf10_clf":
        return sub("forest").ARFClassifier(n_models=10, seed=seed)
    if key == "adwin":
        return sub("drift").ADWIN()
    if key == "var":
        return sub("stats").Var()
    if key == "quantile":
        return sub("stats").Quantile()
    raise ValueError(key)


def run_supervised(model, names, rows, ys, task):
    xs = [dict(zip(names, r)) for r in rows]
    n = len(xs)
    step = curve_step(n)
    curve = []
    predict = model.predict_one
    learn = model.learn_one
    if task == "classification":
        correct = 0
        with Timer() as t:
            for i, (x, y) in enumerate(zip(xs, ys)):
                if predict(x) == y:
                    correct += 1
                learn(x, y)
                if (i + 1) % step == 0:
                    curve.append(correct / (i + 1))
        metric = correct / n
        metric_name = "accuracy"
    else:
        abs_err = 0.0
        with Timer() as t:
            for i, (x, y) in enumerate(zip(xs, ys)):
                abs_err += abs(y - predict(x))
                learn(x, y)
                if (i + 1) % step == 0:
                    curve.append(abs_err / (i + 1))
        metric = abs_err / n
        metric_name = "mae"
    return metric_name, metric, curve, t.seconds, {}


def run_series(model, key, values):
    n = len(values)
    step = curve_step(n)
    curve = []
    extra = {}
    update = model.update
    if key == "adwin":
        detections = []
        with Timer() as t:
            for i, v in enumerate(values):
                update(v)
                if model.drift_detected:
                    detections.append(i)
                if (i + 1) % step == 0:
                    curve.append(len(detections))
        extra["detections"] = detections
        return "n_detections", len(detections), curve, t.seconds, extra
    get = model.get
    with Timer() as t:
        for i, v in enumerate(values):
            update(v)
            if (i + 1) % step == 0:
                curve.append(get())
    value = get()
    return ("variance" if key == "var" else "median"), value, curve, t.seconds, extra


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", required=True, choices=sorted(MODELS))
    ap.add_argument("--stream", required=True)
    ap.add_argument("--n", type=int, default=None, help="use only the first N rows")
    ap.add_argument("--lib", default="river", choices=["river", "streamwise"])
    ap.add_argument("--seed", type=int, default=SEED, help="seed of the stochastic models")
    args = ap.parse_args()

    library = "river" if args.lib == "river" else "streamwise_py_dict"
    extra_path = os.environ.get("STREAMWISE_PYTHONPATH")
    if args.lib == "streamwise" and extra_path:
        sys.path[:0] = extra_path.split(os.pathsep)
    try:
        lib = importlib.import_module(args.lib)
        model = make_model(lib, args.model, args.seed)
    except (ImportError, AttributeError) as e:
        if args.lib == "river":
            raise
        return skipped(library, args.model, args.stream, f"not built yet ({e})")

    names, rows, ys, info = read_stream(args.stream, args.n)
    task = MODELS[args.model][0]
    if task != info["task"]:
        sys.exit(f"error: model {args.model} is {task}, stream {args.stream} is {info['task']}")
    rss_before = peak_rss_kb()
    if task == "series":
        metric_name, metric, curve, seconds, extra = run_series(
            model, args.model, [r[0] for r in rows])
    else:
        metric_name, metric, curve, seconds, extra = run_supervised(model, names, rows, ys, task)
    n = len(rows)
    emit({
        "library": library,
        "version": getattr(lib, "__version__", "?"),
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
        "params": repr(model),
        **extra,
    })


if __name__ == "__main__":
    main()
