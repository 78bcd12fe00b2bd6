"""River 0.26 outputs of linear_model.BayesianLinearRegression on a small fixed stream.

Run from this directory (deterministic; river 0.26.x required):

    python3 make_blr_reference.py

The stream is shaped like TrumpApproval (a handful of numeric features of different scales and a
real-valued target) with the situations that matter for this model:
  * feature 2 is absent from about a quarter of the rows;
  * feature 7 first appears at row 60, then 5, 6, 8, 9 at rows 120, 125, 150, 155 (so River
    assigns its internal slots in an order different from the feature ids, its capacity grows
    from 8 to 16 while learning, and under smoothing a late feature starts from River's decayed
    reserved-slot prior; one new feature at a time keeps the posterior well conditioned, so
    1e-9 agreement is meaningful);
  * row 30 has no feature at all (learning it still decays the state under smoothing);
  * the late features are already present in the row that is predicted before they are learnt,
    which exercises the "unknown feature" part of the predictive variance.

Files written (no header, comma-separated, absent features written as nan):
  blr_stream.csv      one row per step: x0 .. x9, y, k (k = integer repeat count, 1..3)
  blr_<config>.csv    one row per step: mean, sigma of predict_one(x, with_dist=True), taken
                      BEFORE learn_one(x, y) on that row, for each configuration below
  blr_repeat.csv      same as blr_default.csv but learning each row k times in a row (checks
                      that a sample weight w = k equals k repetitions without smoothing)
"""

import math
import random

import river
from river import linear_model

assert river.__version__.startswith("0.26"), river.__version__

N_ROWS = 240
N_FEATURES = 10
FIRST_SEEN = {0: 0, 1: 0, 2: 0, 3: 0, 4: 0, 7: 60, 5: 120, 6: 125, 8: 150, 9: 155}

CONFIGS = {
    "default": dict(),
    "alpha_beta": dict(alpha=0.5, beta=2.0),
    "smoothing": dict(smoothing=0.8),
    "smoothing_alpha_beta": dict(alpha=2.0, beta=0.5, smoothing=0.95),
}

rng = random.Random(2024)
coefs = [0.8, -1.5, 0.3, 2.0, -0.7, 1.1, -0.4, 0.9, 0.25, -1.2]
scales = [1.0, 5.0, 2.0, 0.5, 10.0, 1.0, 3.0, 0.7, 4.0, 1.5]
offsets = [40.0, -3.0, 1.0, 0.0, 7.0, -2.0, 0.5, 3.0, 0.0, 1.0]

rows = []
for t in range(N_ROWS):
    x = {}
    for f in range(N_FEATURES):
        if t < FIRST_SEEN[f]:
            continue
        if f == 2 and rng.random() < 0.25:
            continue
        x[f] = offsets[f] + scales[f] * rng.gauss(0.0, 1.0)
    if t == 30:  # a row with every feature absent
        x = {}
    y = 5.0 + sum(coefs[f] * v for f, v in x.items()) + rng.gauss(0.0, 0.5)
    if t >= 180:  # mild drift so that smoothing matters
        y += 0.05 * (t - 180) * x.get(0, 40.0) / 40.0
    k = rng.choice([1, 1, 2, 3])
    rows.append((x, y, k))


def fmt(v):
    return "nan" if v is None or (isinstance(v, float) and math.isnan(v)) else repr(float(v))


with open("blr_stream.csv", "w") as out:
    for x, y, k in rows:
        cells = [fmt(x.get(f)) for f in range(N_FEATURES)] + [fmt(y), str(k)]
        out.write(",".join(cells) + "\n")


def record(model, path, repeat=False):
    with open(path, "w") as out:
        for x, y, k in rows:
            dist = model.predict_one(x, with_dist=True)
            mean = model.predict_one(x)
            assert mean == dist.mu
            out.write(f"{fmt(dist.mu)},{fmt(dist.sigma)}\n")
            for _ in range(k if repeat else 1):
                model.learn_one(x, y)


for name, params in CONFIGS.items():
    record(linear_model.BayesianLinearRegression(**params), f"blr_{name}.csv")
record(linear_model.BayesianLinearRegression(), "blr_repeat.csv", repeat=True)
