#!/usr/bin/env python3
"""Reference drift/warning indices of River's binary drift detectors.

Run from anywhere (needs numpy and River 0.26.1):

    python3 tests/data/drift_binary/make_binary_drift_reference.py

It is deterministic (fixed seeds) and rewrites, next to itself:

* ``stream_<name>.csv``: one 0/1 value per line, the input streams;
* ``<detector>_expected.csv``: one line per (parameter set, stream) with the columns
  ``stream;params;drift;warning`` where ``params`` is ``name=value`` pairs joined by ``,``
  (empty for River's defaults, Python literals: ``True``/``False``/``None``, ints, floats)
  and ``drift`` / ``warning`` list the 0-based indices after whose update River's
  ``drift_detected`` / ``warning_detected`` was True, space separated, runs of consecutive
  indices written ``first-last``.

The C++ tests in tests/cpp/drift/binary/ replay every line and require identical indices.
"""

from __future__ import annotations

import pathlib

import numpy as np
import river
from river.drift import binary

HERE = pathlib.Path(__file__).resolve().parent


def river_reference_streams() -> dict[str, np.ndarray]:
    """The two binary streams of River's own drift-detector tests."""
    np.random.seed(12345)
    s2 = np.concatenate(
        [
            [np.random.binomial(1, 0.2) for _ in range(1000)],
            [np.random.binomial(1, 0.8) for _ in range(1000)],
        ]
    ).astype(int)
    np.random.seed(12345)
    s3 = np.concatenate(
        (
            np.random.normal(0.0, 0.1, 500) > 0,
            np.random.normal(0.25, 0.1, 500) > 0,
            np.random.normal(0.0, 0.1, 500) > 0,
            np.random.normal(0.25, 0.1, 500) > 0,
        )
    ).astype(int)
    return {"s2": s2, "s3": s3}


def own_streams() -> dict[str, np.ndarray]:
    """Extra streams: constant, alternating, a gradual rise and several abrupt changes."""
    rng = np.random.RandomState(2024)
    t = np.arange(3000)
    gradual = (rng.uniform(size=3000) < 0.05 + 0.55 * t / 3000).astype(int)
    rates = [0.1, 0.4, 0.1, 0.7, 0.2, 0.5]
    multi = np.concatenate([(rng.uniform(size=1000) < p).astype(int) for p in rates])
    rare = np.concatenate(
        [(rng.uniform(size=1500) < 0.02).astype(int), (rng.uniform(size=500) < 0.3).astype(int)]
    )
    return {
        "ones": np.ones(1000, dtype=int),
        "zeros": np.zeros(1000, dtype=int),
        "alternating": np.arange(1000) % 2,
        "gradual": gradual,
        "multi": multi,
        "rare": rare,
    }


# (River class, list of parameter sets); {} means River's defaults.
CASES = {
    "ddm": (
        binary.DDM,
        [
            {},
            {"warm_start": 100},
            {"warning_threshold": 1.5, "drift_threshold": 2.5},
            {"warm_start": 0, "warning_threshold": 1.0, "drift_threshold": 4.0},
        ],
    ),
    "eddm": (
        binary.EDDM,
        [
            {},
            {"alpha": 0.9, "beta": 0.8},
            {"alpha": 0.8, "beta": 0.75},
            {"warm_start": 5, "alpha": 0.97, "beta": 0.93},
        ],
    ),
    "hddm_a": (
        binary.HDDMA,
        [
            {},
            {"two_sided_test": True},
            {"drift_confidence": 0.01, "warning_confidence": 0.05},
            {"drift_confidence": 0.0001, "warning_confidence": 0.001, "two_sided_test": True},
        ],
    ),
    "hddm_w": (
        binary.HDDMW,
        [
            {},
            {"two_sided_test": True},
            {"lambda_val": 0.01},
            {"lambda_val": 0.2, "drift_confidence": 0.01, "warning_confidence": 0.05,
             "two_sided_test": True},
            {"lambda_val": 1.0, "two_sided_test": True},
        ],
    ),
    "fhddm": (
        binary.FHDDM,
        [
            {},
            {"short_window_size": 20},
            {"sliding_window_size": 50, "confidence_level": 0.0001},
            {"sliding_window_size": 30, "confidence_level": 0.01, "short_window_size": 30},
            {"sliding_window_size": 1, "confidence_level": 0.5},
        ],
    ),
}


def run(detector, stream) -> tuple[list[int], list[int]]:
    drifts, warnings = [], []
    for i, x in enumerate(stream):
        detector.update(x)
        if detector.drift_detected:
            drifts.append(i)
        if detector.warning_detected:
            warnings.append(i)
    return drifts, warnings


def format_indices(indices: list[int]) -> str:
    runs: list[list[int]] = []
    for i in indices:
        if runs and runs[-1][1] == i - 1:
            runs[-1][1] = i
        else:
            runs.append([i, i])
    return " ".join(str(a) if a == b else f"{a}-{b}" for a, b in runs)


def format_params(params: dict) -> str:
    return ",".join(f"{k}={v!r}" for k, v in params.items())


def main() -> None:
    assert river.__version__ == "0.26.1", f"expected River 0.26.1, found {river.__version__}"
    streams = {**river_reference_streams(), **own_streams()}
    for name, stream in streams.items():
        (HERE / f"stream_{name}.csv").write_text("".join(f"{int(v)}\n" for v in stream))
    for file_stem, (cls, param_sets) in CASES.items():
        lines = ["stream;params;drift;warning"]
        for params in param_sets:
            for name, stream in streams.items():
                drifts, warnings = run(cls(**params), stream)
                lines.append(
                    f"{name};{format_params(params)};"
                    f"{format_indices(drifts)};{format_indices(warnings)}"
                )
        (HERE / f"{file_stem}_expected.csv").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
