#!/usr/bin/env python3
"""streamwise side of the comparison: the numpy batch API and the native C++ driver.

    python runners/streamwise_runner.py --api numpy  --model ht_clf --stream elec [--n N]
    python runners/streamwise_runner.py --api native --model ht_clf --stream elec [--n N]

(The dict API, `streamwise_py_dict`, is runners/river_runner.py --lib streamwise: the same
code as River's runner with the other import.)

Both report "skipped: not built yet" until their piece exists:
- numpy  needs `import streamwise` (set STREAMWISE_PYTHONPATH to prepend a path) and, for the
         supervised models, `streamwise.evaluate.prequential_many` (contract in README.md);
         the series models use `update_many` on 1% chunks.
- native needs build/release/bench/compare_driver (or the path in STREAMWISE_COMPARE_DRIVER),
         called with the CLI contract in README.md; its peak RSS is measured here with wait4.
Prints one JSON record (see common.py).
"""

import argparse
import json
import math
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from common import (DATA_DIR, MODELS, REPO, Timer, curve_step, emit, peak_rss_kb,  # noqa: E402
                    read_stream, skipped, stream_info)

DRIVER = Path(os.environ.get("STREAMWISE_COMPARE_DRIVER",
                             REPO / "build" / "release" / "bench" / "compare_driver"))


def make_model(sw, key):
    from river_runner import make_model as river_make_model

    return river_make_model(sw, key)


def run_numpy(args):
    library = "streamwise_py_numpy"
    extra = os.environ.get("STREAMWISE_PYTHONPATH")
    if extra:
        sys.path[:0] = extra.split(os.pathsep)
    try:
        import numpy as np
        import streamwise

        sys.path.insert(0, str(Path(__file__).resolve().parent))
        model = make_model(streamwise, args.model)
    except (ImportError, AttributeError) as e:
        return skipped(library, args.model, args.stream, f"not built yet ({e})")

    names, rows, ys, info = read_stream(args.stream, args.n)
    task = info["task"]
    n = len(rows)
    step = curve_step(n)
    X = np.asarray(rows, dtype=np.float64)
    extra_fields = {}
    rss_before = peak_rss_kb()
    if task == "series":
        values = np.ascontiguousarray(X[:, 0])
        if not hasattr(model, "update_many"):
            return skipped(library, args.model, args.stream, "not built yet (no update_many)")
        curve, detections = [], []
        with Timer() as t:
            for start in range(0, n, step):
                chunk = values[start:start + step]
                out = model.update_many(chunk)
                if args.model == "adwin":
                    # contract: update_many returns the positions (within the chunk) where a
                    # drift was detected, or a boolean mask of the chunk's length
                    out = np.asarray(out if out is not None else [])
                    idx = np.flatnonzero(out) if out.dtype == bool else out.astype(np.int64)
                    detections.extend(int(start + i) for i in idx)
                    if start + len(chunk) == (len(curve) + 1) * step:
                        curve.append(len(detections))
                elif start + len(chunk) == (len(curve) + 1) * step:
                    curve.append(model.get())
        if args.model == "adwin":
            metric_name, metric = "n_detections", len(detections)
            extra_fields["detections"] = detections
        else:
            metric_name = "variance" if args.model == "var" else "median"
            metric = model.get()
    else:
        prequential_many = getattr(getattr(streamwise, "evaluate", None), "prequential_many", None)
        if prequential_many is None:
            return skipped(library, args.model, args.stream,
                           "not built yet (streamwise.evaluate.prequential_many missing)")
        y = np.asarray(ys, dtype=np.int64 if task == "classification" else np.float64)
        with Timer() as t:
            metric, curve = prequential_many(model, X, y, every=step, feature_names=names)
        metric_name = "accuracy" if task == "classification" else "mae"
    emit({"library": library, "version": getattr(streamwise, "__version__", "?"),
          "model": args.model, "stream": args.stream, "status": "ok", "n": n,
          "metric_name": metric_name,
          "metric": metric if math.isfinite(metric) else str(metric), "seconds": t.seconds,
          "samples_per_s": n / t.seconds if t.seconds > 0 else None, "curve_step": step,
          "curve": list(curve), "rss_before_loop_kb": rss_before, **extra_fields})


def run_native(args):
    library = "streamwise_native"
    if not DRIVER.exists():
        return skipped(library, args.model, args.stream, f"not built yet ({DRIVER} missing)")
    info = stream_info(args.stream)
    argv = [str(DRIVER), args.model, str(DATA_DIR / info["file"]), info["target"] or "-",
            info["task"]]
    if args.n is not None:
        argv += ["--n", str(args.n)]
    if args.seed is not None:
        argv += ["--seed", str(args.seed)]
    import tempfile

    with tempfile.TemporaryFile() as fout, tempfile.TemporaryFile() as ferr:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=fout, stderr=ferr)
        # reap it ourselves: wait4 gives the driver's own rusage (its peak RSS)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - start
        fout.seek(0)
        ferr.seek(0)
        out, err = fout.read(), ferr.read()
    code = proc.returncode
    if code == 2:
        return skipped(library, args.model, args.stream,
                       "driver: " + err.decode(errors="replace").strip()[:200])
    if code != 0:
        sys.stderr.write(err.decode(errors="replace"))
        sys.exit(f"error: {' '.join(argv)} exited with {code}")
    rec = json.loads(out.decode().strip().splitlines()[-1])
    rec.update({"library": library, "model": args.model, "stream": args.stream, "status": "ok",
                "driver_argv": argv, "driver_wall_s": wall})
    rec.setdefault("curve_step", curve_step(rec.get("n", info["n"])))
    if "peak_rss_kb" in rec:  # the driver's own VmHWM (see README): exact for the driver
        rec["peak_rss_source"] = "VmHWM reported by the driver"
    else:  # includes this runner's size at fork time (Linux carries it over exec)
        rec["peak_rss_kb"] = usage.ru_maxrss
        rec["peak_rss_source"] = "wait4 ru_maxrss of the driver (upper bound)"
    emit(rec)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--api", required=True, choices=["numpy", "native"])
    ap.add_argument("--model", required=True, choices=sorted(MODELS))
    ap.add_argument("--stream", required=True)
    ap.add_argument("--n", type=int, default=None)
    ap.add_argument("--seed", type=int, default=None,
                    help="seed of the stochastic models (native only; default the driver's 42)")
    args = ap.parse_args()
    if args.api == "numpy":
        run_numpy(args)
    else:
        run_native(args)


if __name__ == "__main__":
    main()
