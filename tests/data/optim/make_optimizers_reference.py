"""Reference weights for streamwise's optimizers, recorded from River 0.26.1.

Run from the repository root (deterministic; rewrites the optimizers_*.csv files next to it):

    python3 tests/data/optim/make_optimizers_reference.py

A fixed sequence of sparse gradients over five features (feature ids 0..4) is written to
optimizers_gradients.csv: one row per step, one column per feature, `nan` where the feature is
absent from that step. Features appear late (2 from step 5, 3 from step 15, 4 from step 30),
disappear for a while (0 at steps 10-12, 3 at steps 20-24), one step has no feature at all
(step 7) and some gradients are exactly 0 (present, but zero).

Each optimizer configuration is driven through River's own `look_ahead` and `step` with plain
dicts, as River's linear models do: the weight dict handed to the optimizer holds exactly the
features present in the step (River's models mask their weight VectorDict with the sample's keys),
so `look_ahead`/`step` see the same ids as streamwise's `look_ahead(w, ids)`/`step(w, ids, g)`.
After every step a row of optimizers_<label>.csv holds

    step, la_0..la_4, w_0..w_4, avg_0..avg_4, lr, n_iterations

la_* are all weights after `look_ahead` (before the step), w_* after the step (a feature never
stepped reads 0), avg_* Averager's running average `avg_w` (0 before `start`; nan for the other
optimizers), lr the optimizer's `learning_rate` after the step (for Averager, its inner
optimizer's; nan for FTRLProximal, which has none in River).
"""

from __future__ import annotations

import math
import os

import numpy as np
from river import optim

HERE = os.path.dirname(os.path.abspath(__file__))
N_FEATURES = 5
N_STEPS = 40


def make_gradients():
    rng = np.random.RandomState(20240611)
    rows = []
    for t in range(N_STEPS):
        row = []
        for k in range(N_FEATURES):
            present = {
                0: not (10 <= t <= 12),
                1: t % 2 == 0,
                2: t >= 5,
                3: t >= 15 and not (20 <= t <= 24),
                4: t >= 30,
            }[k]
            if t == 7:
                present = False
            if not present:
                row.append(math.nan)
                continue
            g = float(rng.normal(0.0, 1.0))
            if (t, k) in {(3, 0), (18, 2), (33, 4)}:
                g = 0.0
            if (t, k) in {(9, 1), (26, 3)}:
                g *= 8.0  # a burst, to exercise max-based moments
            row.append(g)
        rows.append(row)
    return rows


def configs():
    yield "sgd_default", lambda: optim.SGD()
    yield "sgd_lr", lambda: optim.SGD(lr=0.1)
    yield "sgd_inverse_scaling", lambda: optim.SGD(
        lr=optim.schedulers.InverseScaling(learning_rate=0.3, power=0.6)
    )
    yield "adam_default", lambda: optim.Adam()
    yield "adam_custom", lambda: optim.Adam(lr=0.05, beta_1=0.8, beta_2=0.99, eps=1e-6)
    yield "adam_inverse_scaling", lambda: optim.Adam(
        lr=optim.schedulers.InverseScaling(learning_rate=0.2, power=0.5)
    )
    yield "ada_grad_default", lambda: optim.AdaGrad()
    yield "ada_grad_custom", lambda: optim.AdaGrad(lr=0.5, eps=1e-4)
    yield "rms_prop_default", lambda: optim.RMSProp()
    yield "rms_prop_custom", lambda: optim.RMSProp(lr=0.01, rho=0.5, eps=1e-6)
    yield "ada_delta_default", lambda: optim.AdaDelta()
    yield "ada_delta_custom", lambda: optim.AdaDelta(rho=0.8, eps=1e-4)
    yield "ada_max_default", lambda: optim.AdaMax()
    yield "ada_max_custom", lambda: optim.AdaMax(lr=0.02, beta_1=0.5, beta_2=0.9, eps=1e-3)
    yield "ams_grad_default", lambda: optim.AMSGrad()
    yield "ams_grad_custom", lambda: optim.AMSGrad(
        lr=0.05, beta_1=0.7, beta_2=0.95, eps=1e-5, correct_bias=False
    )
    yield "momentum_default", lambda: optim.Momentum()
    yield "momentum_custom", lambda: optim.Momentum(lr=0.05, rho=0.5)
    yield "nesterov_momentum_default", lambda: optim.NesterovMomentum()
    yield "nesterov_momentum_custom", lambda: optim.NesterovMomentum(lr=0.05, rho=0.5)
    yield "ftrl_proximal_default", lambda: optim.FTRLProximal()
    yield "ftrl_proximal_custom", lambda: optim.FTRLProximal(alpha=0.1, beta=0.5, l1=0.3, l2=0.1)
    yield "averager_sgd", lambda: optim.Averager(optim.SGD())
    yield "averager_adam_start5", lambda: optim.Averager(optim.Adam(lr=0.05), start=5)
    yield "averager_nesterov_start3", lambda: optim.Averager(
        optim.NesterovMomentum(lr=0.05, rho=0.5), start=3
    )


def learning_rate(opt):
    if isinstance(opt, optim.Averager):
        return learning_rate(opt.optimizer)
    if isinstance(opt, optim.FTRLProximal):
        return math.nan
    return float(opt.learning_rate)


def fmt(v):
    return "nan" if math.isnan(v) else repr(float(v))


def main():
    grads = make_gradients()
    with open(os.path.join(HERE, "optimizers_gradients.csv"), "w") as f:
        f.write(",".join(f"g_{k}" for k in range(N_FEATURES)) + "\n")
        for row in grads:
            f.write(",".join(fmt(v) for v in row) + "\n")

    header = (
        ["step"]
        + [f"la_{k}" for k in range(N_FEATURES)]
        + [f"w_{k}" for k in range(N_FEATURES)]
        + [f"avg_{k}" for k in range(N_FEATURES)]
        + ["lr", "n_iterations"]
    )
    for label, make in configs():
        opt = make()
        weights = [0.0] * N_FEATURES
        lines = [",".join(header)]
        for t, row in enumerate(grads):
            ids = [k for k in range(N_FEATURES) if not math.isnan(row[k])]
            g = {k: row[k] for k in ids}
            w = {k: weights[k] for k in ids}
            opt.look_ahead(w)
            looked = list(weights)
            for k, v in w.items():
                looked[k] = v
            opt.step(w, g)
            for k, v in w.items():
                weights[k] = v
            if isinstance(opt, optim.Averager):
                avg = [float(opt.avg_w.get(k, 0.0)) for k in range(N_FEATURES)]
            else:
                avg = [math.nan] * N_FEATURES
            values = looked + weights + avg + [learning_rate(opt)]
            lines.append(
                ",".join([str(t)] + [fmt(v) for v in values] + [str(opt.n_iterations)])
            )
        with open(os.path.join(HERE, f"optimizers_{label}.csv"), "w") as f:
            f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
