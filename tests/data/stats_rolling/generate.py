"""Reference outputs of River 0.26 for the streamwise quantile/mode/entropy tests.

Run from the repository root (River 0.26.1, deterministic, no arguments):

    python3 tests/data/stats_rolling/generate.py

It writes, next to this script:
  quantile.csv     x, then River's get() after each update of Quantile(q) for q in QS, then
                   IQR() and IQR(0.1, 0.9)                                   (P² estimators)
  rolling.csv      x, then RollingQuantile(0.3, 50), RollingQuantile(1.0, 7) and RollingIQR(37)
                   (a cross-check of the "numpy linear interpolation" claim against River)
  categorical.csv  x (a nominal code), then Mode(k=25), Mode(k=3), Mode(k=-1), Entropy(),
                   Entropy(fading_factor=0.9), Entropy(fading_factor=0.5, eps=1e-3),
                   RollingMode(1), RollingMode(7), RollingMode(100)
None (River's answer before any data) is written as nan. Floats use repr(), which reads back to
the same double.
"""

import math
import os
import random

import river
from river import stats

HERE = os.path.dirname(os.path.abspath(__file__))
QS = [0.5, 0.01, 0.25, 0.9, 0.99]


def fmt(v):
    if v is None:
        return "nan"
    return repr(float(v))


def numeric_stream(n, seed):
    rng = random.Random(seed)
    xs = []
    for i in range(n):
        r = rng.random()
        if i > 0 and r < 0.1:
            x = xs[rng.randrange(i)]  # exact repeat of an earlier value
        elif r < 0.2:
            x = round(rng.gauss(0.0, 2.0), 1)  # coarse values: many ties
        elif r < 0.22:
            x = rng.choice([-1.0, 1.0]) * rng.uniform(50.0, 500.0)  # outliers
        else:
            mu = 5.0 if i < n // 2 else -3.0  # a level shift halfway
            x = rng.gauss(mu, 1.0 + 9.0 * rng.random())
        xs.append(x)
    return xs


def write(name, header, rows):
    with open(os.path.join(HERE, name), "w") as f:
        f.write(",".join(header) + "\n")
        for row in rows:
            f.write(",".join(fmt(v) for v in row) + "\n")


def main():
    assert river.__version__.startswith("0.26"), river.__version__

    xs = numeric_stream(2500, 1178)
    ests = [stats.Quantile(q) for q in QS] + [stats.IQR(), stats.IQR(0.1, 0.9)]
    rows = []
    for x in xs:
        for e in ests:
            e.update(x)
        rows.append([x] + [e.get() for e in ests])
    write("quantile.csv", ["x"] + [f"q{q}" for q in QS] + ["iqr", "iqr_0.1_0.9"], rows)

    xs = numeric_stream(1000, 7)
    ests = [stats.RollingQuantile(0.3, 50), stats.RollingQuantile(1.0, 7), stats.RollingIQR(37)]
    rows = []
    for x in xs:
        for e in ests:
            e.update(x)
        rows.append([x] + [e.get() for e in ests])
    write("rolling.csv", ["x", "rq_0.3_50", "rq_1_7", "riqr_37"], rows)

    rng = random.Random(2024)
    codes = []
    for i in range(3000):
        phase = i * 3 // 3000
        if phase == 0:
            c = min(int(rng.expovariate(0.7)), 9)
        elif phase == 1:
            c = rng.choice([3.0, 4.0, 4.0, 7.5, -1.0, 0.0])
        else:
            c = 9 - min(int(rng.expovariate(0.4)), 9)
        codes.append(float(c))
    ests = [
        stats.Mode(k=25),
        stats.Mode(k=3),
        stats.Mode(k=-1),
        stats.Entropy(),
        stats.Entropy(fading_factor=0.9),
        stats.Entropy(fading_factor=0.5, eps=1e-3),
        stats.RollingMode(1),
        stats.RollingMode(7),
        stats.RollingMode(100),
    ]
    rows = []
    for c in codes:
        for e in ests:
            e.update(c)
        rows.append([c] + [e.get() for e in ests])
    header = ["x", "mode_25", "mode_3", "mode_all", "entropy", "entropy_0.9", "entropy_0.5_1e-3",
              "rmode_1", "rmode_7", "rmode_100"]
    write("categorical.csv", header, rows)


if __name__ == "__main__":
    main()
