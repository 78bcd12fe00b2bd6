"""Reference values for streamwise's Skew and Kurtosis tests, computed by scipy.

Run from this directory (deterministic; numpy and scipy required):

    python3 make_skew_kurtosis.py

It writes skew_kurtosis.csv: one row per prefix of a fixed 60-value stream (a few values repeat
exactly), no header, five comma-separated columns:

    x, scipy.stats.skew(prefix, bias=True), skew(prefix, bias=False),
       scipy.stats.kurtosis(prefix, bias=True), kurtosis(prefix, bias=False)

where `prefix` is every value up to and including this row's x. The first row has a zero
variance, for which scipy gives nan (streamwise, like River, gives 0 and -3 there instead).
"""

import numpy as np
import scipy.stats

rng = np.random.default_rng(20240611)
values = list(rng.normal(loc=2.0, scale=3.0, size=40)) + list(rng.exponential(scale=2.0, size=20))
# Exact repeats of earlier values, as in a real stream.
for i in (7, 19, 33, 47, 55):
    values[i] = values[i - 5]

with open("skew_kurtosis.csv", "w") as out:
    for i, x in enumerate(values):
        prefix = np.array(values[: i + 1])
        with np.errstate(all="ignore"):
            row = [
                x,
                scipy.stats.skew(prefix, bias=True),
                scipy.stats.skew(prefix, bias=False),
                scipy.stats.kurtosis(prefix, bias=True),
                scipy.stats.kurtosis(prefix, bias=False),
            ]
        out.write(",".join(repr(float(v)) for v in row) + "\n")
