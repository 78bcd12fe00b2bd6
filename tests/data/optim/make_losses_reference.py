"""Reference values for streamwise's optim losses, schedulers and initializers, from River.

Run from the repository root (deterministic; needs river 0.26.1 and numpy):

    python3 tests/data/optim/make_losses_reference.py

It writes, next to this script:
- losses_<name>.csv: p1,p2,y_true,y_pred,eval,gradient,mean_func for each binary/regression
  loss (River's __call__, gradient, mean_func) over a grid of targets and predictions that
  includes kinks and extremes; "overflow" marks River's OverflowError. p1/p2 are the loss's
  parameters (see PARAMS below), 0 when unused.
- losses_cross_entropy.csv: n,y_true,nw,w0..w3,p0..p3,eval,g0..g3,s0..s3 where nw class
  weights w are given (class_weight={k: w_k for k < nw}), p are the probabilities (and, for
  the softmax columns s, the raw scores), g is River's gradient ("error" when y_true has no
  probability: streamwise refuses that call).
- schedulers_constant.csv (learning_rate,t,value), schedulers_inverse_scaling.csv
  (learning_rate,power,t,value), schedulers_optimal.csv (loss,alpha,t,value): River's get(t).
- initializers_normal.csv (mu,sigma,seed,index,value): successive draws of River's
  optim.initializers.Normal called with no shape.
- numpy_random_state.csv (seed,draws,word,value): numpy legacy RandomState key words (word -1:
  the position) after
  seeding with an integer and after `draws` random_sample() calls, plus numpy_random_sample.csv
  and numpy_standard_normal.csv (seed,index,value).
"""

from __future__ import annotations

import math
import os

import numpy as np
from river import optim

HERE = os.path.dirname(os.path.abspath(__file__))


def fmt(v) -> str:
    if isinstance(v, str):
        return v
    if isinstance(v, (int, np.integer)) and not isinstance(v, bool):
        return str(int(v))
    return repr(float(v))


def write(name: str, header: str, rows) -> None:
    with open(os.path.join(HERE, name), "w") as f:
        f.write(header + "\n")
        for row in rows:
            f.write(",".join(fmt(v) for v in row) + "\n")


def safe(fn, *args):
    try:
        return float(fn(*args))
    except OverflowError:
        return "overflow"


Y_PRED = [
    -1000.0, -709.5, -100.0, -30.5, -30.0, -18.5, -18.0, -17.9, -5.0, -1.1, -1.0, -0.9, -0.5,
    -0.1, -1e-8, -0.0, 0.0, 1e-8, 0.05, 0.1, 0.2, 0.5, 0.9, 1.0, 1.1, 2.0, 3.0, 5.0, 17.9,
    18.0, 18.5, 30.0, 30.5, 80.0, 100.0, 709.0, 709.5, 710.0, 1000.0,
]
Y_REG = [-1000.0, -3.0, -1.0, -0.1, 0.0, 0.1, 0.5, 1.0, 2.5, 10.0, 1000.0]
Y_BIN = [False, True]

rng = np.random.RandomState(7)
Y_PRED_RANDOM = [float(v) for v in rng.normal(0.0, 20.0, size=40)]

# name -> list of (p1, p2, constructor)
PARAMS = {
    "squared": [(0, 0, lambda: optim.losses.Squared())],
    "absolute": [(0, 0, lambda: optim.losses.Absolute())],
    "huber": [(e, 0, (lambda e=e: optim.losses.Huber(epsilon=e))) for e in (0.1, 1.0, 0.0)],
    "epsilon_insensitive_hinge": [
        (e, 0, (lambda e=e: optim.losses.EpsilonInsensitiveHinge(eps=e))) for e in (0.1, 0.5)
    ],
    "cauchy": [(c, 0, (lambda c=c: optim.losses.Cauchy(C=c))) for c in (80.0, 1.0)],
    "quantile": [(a, 0, (lambda a=a: optim.losses.Quantile(alpha=a))) for a in (0.5, 0.1, 0.9)],
    "log": [
        (wp, wn, (lambda wp=wp, wn=wn: optim.losses.Log(weight_pos=wp, weight_neg=wn)))
        for wp, wn in ((1.0, 1.0), (2.0, 0.5))
    ],
    "hinge": [(t, 0, (lambda t=t: optim.losses.Hinge(threshold=t))) for t in (1.0, 0.0, 0.5)],
    "poisson": [(0, 0, lambda: optim.losses.Poisson())],
}
BINARY = {"log", "hinge"}


def loss_rows(name):
    rows = []
    for p1, p2, make in PARAMS[name]:
        loss = make()
        targets = Y_BIN if name in BINARY else Y_REG
        for y_true in targets:
            preds = list(Y_PRED) + Y_PRED_RANDOM
            if name not in BINARY:
                preds += [y_true, y_true + 0.1, y_true - 0.1, y_true + 1.0, y_true - 1.0]
                preds += [2 * y_true - 1 + d for d in (-0.5, -0.1, 0.0, 0.1, 0.5)]
            for y_pred in preds:
                rows.append(
                    (
                        p1,
                        p2,
                        float(y_true),
                        y_pred,
                        safe(loss, y_true, y_pred),
                        safe(loss.gradient, y_true, y_pred),
                        safe(loss.mean_func, y_pred),
                    )
                )
    return rows


for name in PARAMS:
    write(f"losses_{name}.csv", "p1,p2,y_true,y_pred,eval,gradient,mean_func", loss_rows(name))

# CrossEntropy
ce_rows = []
prob_sets = [
    [1.0],
    [0.5, 0.5],
    [0.0, 1.0],
    [1e-20, 1.0 - 1e-16],
    [0.29450637, 0.34216758, 0.36332605],
    [0.2, 0.7, 0.1],
    [0.1, 0.2, 0.3, 0.4],
    [0.0, 0.0, 0.0, 1.0],
    [0.25, 0.25, 0.25, 0.25],
]
score_sets = [
    [0.0],
    [1.0, -1.0],
    [-1000.0, 1000.0],
    [3.0, 3.0, 3.0],
    [0.5, -2.0, 7.0],
    [-30.0, 0.0, 30.0, 709.0],
    [1.5, 2.5, -0.5, 0.25],
]
weight_sets = [[], [2.0], [0.5, 3.0], [1.0, 0.0, 2.5, 4.0]]
for probs in prob_sets:
    n = len(probs)
    scores = next(s for s in score_sets if len(s) == n) if any(len(s) == n for s in score_sets) else probs
    for weights in weight_sets:
        cw = {k: w for k, w in enumerate(weights[:n])}
        loss = optim.losses.CrossEntropy(class_weight=dict(cw))
        for y_true in range(n + 1):
            y_pred = {k: p for k, p in enumerate(probs)}
            ev = loss(y_true, y_pred)
            if y_true < n:
                g = loss.gradient(y_true, y_pred)
                grads = [g[k] for k in range(n)]
            else:
                grads = ["error"] * n
            soft = loss.mean_func({k: s for k, s in enumerate(scores)})
            softs = [soft[k] for k in range(n)]
            pad = lambda xs, fill: list(xs) + [fill] * (4 - len(xs))
            ce_rows.append(
                [n, y_true, len(cw)]
                + pad(weights[:n], 1.0)
                + pad(probs, 0.0)
                + [ev]
                + pad(grads, 0.0)
                + pad(list(scores), 0.0)
                + pad(softs, 0.0)
            )
write(
    "losses_cross_entropy.csv",
    "n,y_true,nw,w0,w1,w2,w3,p0,p1,p2,p3,eval,g0,g1,g2,g3,x0,x1,x2,x3,s0,s1,s2,s3",
    ce_rows,
)

# Schedulers
T_ALL = range(0, 1001)
T_FEW = [0, 1, 2, 3, 10, 99, 100, 500, 1000, 10**6, 2**40]
rows = []
for lr in (0.01, 0.5, 0.0):
    s = optim.schedulers.Constant(learning_rate=lr)
    rows += [(lr, t, s.get(t)) for t in (T_ALL if lr == 0.01 else T_FEW)]
write("schedulers_constant.csv", "learning_rate,t,value", rows)

rows = []
for lr, power in ((0.1, 0.5), (0.05, 0.25), (1.0, 1.0), (0.3, 0.0), (0.01, 2.0)):
    s = optim.schedulers.InverseScaling(learning_rate=lr, power=power)
    ts = T_ALL if (lr, power) in ((0.1, 0.5), (0.05, 0.25)) else T_FEW
    rows += [(lr, power, t, s.get(t)) for t in ts]
write("schedulers_inverse_scaling.csv", "learning_rate,power,t,value", rows)

LOSS_BY_NAME = {
    "Squared": optim.losses.Squared,
    "Absolute": optim.losses.Absolute,
    "Huber": optim.losses.Huber,
    "EpsilonInsensitiveHinge": optim.losses.EpsilonInsensitiveHinge,
    "Cauchy": optim.losses.Cauchy,
    "Quantile": optim.losses.Quantile,
    "Log": optim.losses.Log,
    "Hinge": optim.losses.Hinge,
    "Poisson": optim.losses.Poisson,
}
rows = []
for loss_name, make in LOSS_BY_NAME.items():
    for alpha in (1e-4, 0.01, 1.0):
        s = optim.schedulers.Optimal(loss=make(), alpha=alpha)
        full = (loss_name, alpha) in (("Hinge", 1e-4), ("Log", 0.01))
        rows += [(loss_name, alpha, t, s.get(t)) for t in (T_ALL if full else T_FEW)]
write("schedulers_optimal.csv", "loss,alpha,t,value", rows)

# Initializers
rows = []
for mu, sigma, seed, n in ((0.0, 1.0, 42, 1000), (2.5, 0.1, 0, 101), (-1.0, 3.0, 2**32 - 1, 51),
                           (0.0, 1.0, 12345, 7), (5.0, 0.0, 1, 3)):
    init = optim.initializers.Normal(mu=mu, sigma=sigma, seed=seed)
    rows += [(mu, sigma, seed, i, init()) for i in range(n)]
write("initializers_normal.csv", "mu,sigma,seed,index,value", rows)

# numpy legacy RandomState
rows = []
for seed in (0, 1, 42, 5489, 2**31, 2**32 - 1):
    rs = np.random.RandomState(seed)
    for draws in (0, 1, 312, 313, 1000):
        rs = np.random.RandomState(seed)
        for _ in range(draws):
            rs.random_sample()
        _, key, pos, has_gauss, gauss = rs.get_state()
        for word in (0, 1, 2, 396, 397, 623):
            rows.append((seed, draws, word, int(key[word])))
        rows.append((seed, draws, -1, int(pos)))
write("numpy_random_state.csv", "seed,draws,word,value", rows)

rows = []
for seed in (0, 42, 2**32 - 1):
    rs = np.random.RandomState(seed)
    rows += [(seed, i, rs.random_sample()) for i in range(500)]
write("numpy_random_sample.csv", "seed,index,value", rows)

rows = []
for seed in (0, 42, 2**32 - 1):
    rs = np.random.RandomState(seed)
    rows += [(seed, i, rs.standard_normal()) for i in range(500)]
write("numpy_standard_normal.csv", "seed,index,value", rows)
