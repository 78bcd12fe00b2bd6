#!/usr/bin/env python3
"""Reference outputs of River's ADWIN, KSWIN and PageHinkley, and of Python's `random.Random`.

Run from anywhere (needs numpy, scipy and River 0.26.1):

    python3 tests/data/drift/make_drift_reference.py

It is deterministic (fixed seeds) and rewrites, next to itself:

* ``stream_<name>.csv``: the input streams, one value per line (``repr`` of the double, so the
  C++ side reads back the exact value);
* ``<detector>_expected.csv`` (adwin, kswin, page_hinkley): one line per (stream, parameter
  set) with the columns ``stream;params;drift`` where ``params`` is ``name=value`` pairs joined
  by ``,`` (empty for River's defaults) and ``drift`` lists the 0-based indices after whose
  update River's ``drift_detected`` was True, space separated;
* ``adwin_state.csv``: ``width,total,variance,estimation,n_detections,drift`` after every update
  of ADWIN(clock=1) on the ``gauss_shift`` stream;
* ``kswin_pvalues.csv``: ``p_value,drift`` after every update of two KSWIN set-ups on ``s1``
  (the first 2000 lines are KSWIN(alpha=1e-4, window_size=200, stat_size=100, seed=42), the next
  2000 KSWIN(seed=1) with the defaults, whose stat_size=30 reaches scipy's asymptotic fallback);
* ``page_hinkley_state.csv``: ``x_mean,sum_increase,sum_decrease,min_increase,max_decrease,drift``
  after every update of PageHinkley(mode="both") on ``s3``;
* ``ks_pvalues.csv``: ``n,h,statistic,p_value`` of ``scipy.stats.ks_2samp(range(n), range(h, h + n))``
  (statistic h/n) for a grid of (n, h) and for every (n <= 1000, h <= 12) where scipy's exact method
  lands outside [0, 1] by rounding and falls back to the asymptotic distribution;
* ``python_random.csv``: draws of ``random.Random(seed)``: ``seed;kind;args;values`` with kind
  ``getrandbits`` (args = k), ``randbelow`` (args = n), ``sample`` (args = n k) or ``random``;
  each (seed, kind) group draws from one fresh ``random.Random(seed)``, in file order.

The C++ tests in tests/cpp/drift/ and tests/cpp/core/python_random_test.cpp replay every line
and require identical indices (and states within 1e-9 relative).
"""

from __future__ import annotations

import pathlib
import random
import warnings

import numpy as np
import river
from scipy import stats
from scipy.stats._stats_py import _compute_prob_outside_square
from river import drift

HERE = pathlib.Path(__file__).resolve().parent
assert river.__version__ == "0.26.1", f"expected River 0.26.1, found {river.__version__}"


def write_stream(name, values):
    with open(HERE / f"stream_{name}.csv", "w") as f:
        for v in values:
            f.write(repr(float(v)) + "\n")


def make_streams():
    streams = {}
    # River's tests/drift/test_drift_detectors.py.
    np.random.seed(12345)
    streams["s1"] = np.concatenate(
        (np.random.randint(2, size=1000), np.random.randint(8, size=1000))
    )
    np.random.seed(12345)
    streams["s3"] = np.concatenate(
        (
            np.random.normal(0.0, 0.1, 500) > 0,
            np.random.normal(0.25, 0.1, 500) > 0,
            np.random.normal(0.0, 0.1, 500) > 0,
            np.random.normal(0.25, 0.1, 500) > 0,
        )
    ).astype(int)
    # River's ADWIN regression test: four segments.
    rng = random.Random(42)
    streams["four_segment"] = (
        rng.choices([0, 1], k=1000)
        + rng.choices(range(4, 8), k=1000)
        + rng.choices([0, 1], k=1000)
        + rng.choices(range(4, 8), k=1000)
    )
    # Our own.
    gen = np.random.default_rng(2024)
    streams["gauss_shift"] = np.concatenate(
        (gen.normal(0.0, 1.0, 1500), gen.normal(1.5, 1.0, 1500), gen.normal(-0.5, 1.0, 1000))
    )
    streams["variance_change"] = np.concatenate(
        (gen.normal(0.0, 0.5, 2000), gen.normal(0.0, 3.0, 2000))
    )
    streams["constant"] = np.full(3000, 2.5)
    streams["normal"] = gen.normal(0.0, 1.0, 5000)
    return streams


def detections(detector, values):
    out = []
    for i, v in enumerate(values):
        detector.update(v)
        if detector.drift_detected:
            out.append(i)
    return out


def params_text(params):
    return ",".join(f"{k}={v!r}" for k, v in params.items())


def write_expected(filename, cls, cases, streams):
    with open(HERE / filename, "w") as f:
        f.write("stream;params;drift\n")
        for stream_names, param_sets in cases:
            for name in stream_names:
                for params in param_sets:
                    found = detections(cls(**params), streams[name])
                    f.write(f"{name};{params_text(params)};{' '.join(map(str, found))}\n")


def main():
    streams = make_streams()
    for name, values in streams.items():
        write_stream(name, values)

    all_names = list(streams)

    # The checks promised in River's own tests.
    assert detections(drift.ADWIN(), streams["s1"]) == [1023]
    assert detections(drift.ADWIN(), streams["four_segment"]) == [1023, 2015, 3007]
    kswin = drift.KSWIN(alpha=1e-4, window_size=200, stat_size=100, seed=42)
    assert detections(kswin, streams["s1"]) == [1042]
    assert detections(drift.PageHinkley(mode="up"), streams["s3"]) == [588, 1681]
    assert detections(drift.PageHinkley(mode="down"), streams["s3"]) == [1172]
    assert detections(drift.PageHinkley(mode="both"), streams["s3"]) == [588, 1097, 1585]

    adwin_params = [
        {},
        {"clock": 1},
        {"delta": 0.01},
        {"delta": 0.2, "clock": 1},
        {"delta": 0.001, "clock": 7},
        {"max_buckets": 3, "clock": 1},
        {"max_buckets": 2},
        {"max_buckets": 20, "clock": 3},
        {"min_window_length": 1, "clock": 1},
        {"min_window_length": 50, "clock": 4},
        {"grace_period": 100, "clock": 1},
        {"grace_period": 0, "clock": 1, "delta": 0.05},
    ]
    write_expected("adwin_expected.csv", drift.ADWIN, [(all_names, adwin_params)], streams)

    kswin_params = [
        {"alpha": 1e-4, "window_size": 200, "stat_size": 100, "seed": 42},
        {"seed": 1},
        {"alpha": 0.01, "seed": 7},
        {"alpha": 0.05, "window_size": 60, "stat_size": 30, "seed": 12345},
        {"alpha": 0.01, "window_size": 500, "stat_size": 50, "seed": 3},
        {"alpha": 0.005, "window_size": 1000, "stat_size": 20, "seed": 2**40 + 5},
        {"alpha": 0.05, "window_size": 100, "stat_size": 5, "seed": 0},
        {"alpha": 0.02, "window_size": 300, "stat_size": 150, "seed": -9},
        {"alpha": 1.0, "window_size": 20, "stat_size": 7, "seed": 11},
    ]
    write_expected("kswin_expected.csv", drift.KSWIN, [(all_names, kswin_params)], streams)

    ph_params = [
        {},
        {"mode": "up"},
        {"mode": "down"},
        {"min_instances": 100, "threshold": 20.0},
        {"delta": 0.01, "threshold": 10.0, "alpha": 0.999, "mode": "down"},
        {"min_instances": 0, "delta": 0.0, "threshold": 5.0, "alpha": 1.0, "mode": "up"},
    ]
    write_expected("page_hinkley_expected.csv", drift.PageHinkley, [(all_names, ph_params)], streams)

    with open(HERE / "adwin_state.csv", "w") as f:
        f.write("width,total,variance,estimation,n_detections,drift\n")
        adwin = drift.ADWIN(clock=1)
        for v in streams["gauss_shift"]:
            adwin.update(v)
            f.write(
                f"{adwin.width!r},{adwin.total!r},{adwin.variance!r},{adwin.estimation!r},"
                f"{adwin.n_detections},{int(adwin.drift_detected)}\n"
            )

    with open(HERE / "kswin_pvalues.csv", "w") as f:
        f.write("p_value,drift\n")
        for kswin in (
            drift.KSWIN(alpha=1e-4, window_size=200, stat_size=100, seed=42),
            drift.KSWIN(seed=1),
        ):
            for v in streams["s1"]:
                kswin.update(v)
                f.write(f"{float(kswin.p_value)!r},{int(kswin.drift_detected)}\n")

    with open(HERE / "page_hinkley_state.csv", "w") as f:
        f.write("x_mean,sum_increase,sum_decrease,min_increase,max_decrease,drift\n")
        ph = drift.PageHinkley(mode="both")
        for v in streams["s3"]:
            ph.update(v)
            f.write(
                f"{float(ph._x_mean.get())!r},{float(ph._sum_increase)!r},{float(ph._sum_decrease)!r},"
                f"{float(ph._min_increase)!r},{float(ph._max_decrease)!r},"
                f"{int(ph.drift_detected)}\n"
            )

    with open(HERE / "ks_pvalues.csv", "w") as f:
        f.write("n,h,statistic,p_value\n")
        pairs = set()
        for n in (1, 2, 3, 5, 7, 10, 30, 64, 100):
            pairs.update((n, h) for h in range(n + 1))
        for n in (150, 333, 1000, 2500):
            pairs.update((n, h) for h in range(0, n + 1, max(1, n // 40)))
        for n in range(1, 1001):
            for h in range(1, min(n, 12) + 1):
                if not 0 <= _compute_prob_outside_square(n, h) <= 1:
                    pairs.add((n, h))
        # SciPy warns when it leaves the exact method; that fallback is what is recorded here.
        warnings.simplefilter("ignore", RuntimeWarning)
        for n, h in sorted(pairs):
            res = stats.ks_2samp(np.arange(n), np.arange(h, h + n), method="auto")
            f.write(f"{n},{h},{float(res.statistic)!r},{float(res.pvalue)!r}\n")

    with open(HERE / "python_random.csv", "w") as f:
        f.write("seed;kind;args;values\n")
        for seed in (0, 1, 42, 12345, -7, 2**32, 2**40 + 5, 2**63 - 1):
            r = random.Random(seed)
            f.write(f"{seed};random;;{' '.join(repr(r.random()) for _ in range(5))}\n")
            r = random.Random(seed)
            for k in (1, 5, 31, 32, 33, 64):
                f.write(f"{seed};getrandbits;{k};{' '.join(str(r.getrandbits(k)) for _ in range(6))}\n")
            r = random.Random(seed)
            for n in (1, 2, 3, 7, 100, 1000, 2**31 + 1):
                f.write(f"{seed};randbelow;{n};{' '.join(str(r._randbelow(n)) for _ in range(8))}\n")
            r = random.Random(seed)
            for n, k in ((10, 0), (10, 3), (26, 5), (70, 30), (100, 100), (450, 50), (980, 20),
                         (95, 5), (5000, 6), (150, 150)):
                f.write(f"{seed};sample;{n} {k};{' '.join(map(str, r.sample(range(n), k)))}\n")


if __name__ == "__main__":
    main()
