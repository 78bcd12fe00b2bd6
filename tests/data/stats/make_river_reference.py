"""River 0.26 outputs on a small fixed stream, to prove streamwise's stats give River's answers.

Run from this directory (deterministic; river 0.26.x required):

    python3 make_river_reference.py

It writes river_reference.csv: no header, one row per step of a 300-step stream, 19
comma-separated columns; every statistic column is River's `get()` after updating with this
row and all earlier ones:

     0 x          1 y          2 w (integer weight 1..3)
     3 Var().update(x, w)                  4 SEM().update(x, w)
     5 Cov().update(x, y, w)               6 Cov(ddof=0).update(x, y)
     7 PearsonCorr().update(x, y)          8 AutoCorr(lag=3).update(x)
     9 EWMean(fading_factor=0.3)          10 EWVar(fading_factor=0.3)
    11 Skew()                             12 Kurtosis()
    13 PeakToPeak()                       14 AbsMax()
    15 Sum()                              16 Count()
    17 Min()                              18 Max()
"""

import random

import river
from river import stats

assert river.__version__.startswith("0.26"), river.__version__

rng = random.Random(7)
xs, ys, ws = [], [], []
for i in range(300):
    if i > 0 and rng.random() < 0.1:
        x = xs[rng.randrange(i)]  # exact repeat of an earlier value
    else:
        x = rng.gauss(3.0 if i < 150 else -2.0, 1.0 + 4.0 * rng.random())
    xs.append(x)
    ys.append(0.6 * x + rng.gauss(0.0, 2.0))
    ws.append(rng.randint(1, 3))

unweighted = {
    6: stats.Cov(ddof=0),
}
univariate = {
    8: stats.AutoCorr(lag=3),
    9: stats.EWMean(fading_factor=0.3),
    10: stats.EWVar(fading_factor=0.3),
    11: stats.Skew(),
    12: stats.Kurtosis(),
    13: stats.PeakToPeak(),
    14: stats.AbsMax(),
    15: stats.Sum(),
    16: stats.Count(),
    17: stats.Min(),
    18: stats.Max(),
}
var, sem, cov, pearson = stats.Var(), stats.SEM(), stats.Cov(), stats.PearsonCorr()

with open("river_reference.csv", "w") as out:
    for x, y, w in zip(xs, ys, ws):
        var.update(x, w)
        sem.update(x, w)
        cov.update(x, y, w)
        pearson.update(x, y)
        for s in unweighted.values():
            s.update(x, y)
        for s in univariate.values():
            s.update(x)
        row = [x, y, w, var.get(), sem.get(), cov.get()]
        row += [unweighted[6].get(), pearson.get()]
        row += [univariate[k].get() for k in range(8, 19)]
        out.write(",".join(repr(float(v)) for v in row) + "\n")
