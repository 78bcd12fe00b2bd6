"""River 0.26.1 answers for the bagging ensembles (streamwise::ensemble), step by step.

Run from this directory (deterministic; river 0.26.x required):

    python3 make_reference.py

Streams (no header, comma-separated):

    phishing.csv   River's bundled datasets.Phishing() (1,250 rows): the 9 features in River's
                   dict order (feature id = column), then y (1 = True, 0 = False).
    synth.csv      600 seeded rows: x0..x3 always present, y_class (ids 0, 1, 2 in order of first
                   appearance; class 2 first appears at row 150; the concept flips at row 300),
                   y_reg (a noisy linear target).
    drift.csv      800 seeded rows: x0, x1, y (0/1). Rows 0..299 have coin-flip labels, from row
                   300 on y = (x0 > 0): the members' accuracy jumps, which is the change River's
                   ADWINBaggingClassifier reacts to (it feeds ADWIN 1 for a correct prediction).
    trump.csv      River's bundled datasets.TrumpApproval() (1,001 rows): 6 features in dict
                   order, then y.

Classifier files `<name>.csv` (test-then-train: every row is predicted before it is learnt):
one line per row with K probabilities (K = 2 on phishing, 3 on synth; `nan` when the class is
not a key of River's dict), then predict_one (-1 for None), then a change counter (the number
of member replacements so far, read after learning the row; 0 for plain bagging), then the index
of the member replaced while learning the row (-1 for none).

Regressor files: one prediction per line, before learning the row.

Two River 0.26.1 bugs are worked around for LeveragingBaggingClassifier (see docs/ensemble.md):
bagging_method="me" calls `rng.rand()` and "half" calls `rng.randint(2)`, which `random.Random`
does not have / rejects. The ensemble's generator is swapped for a `random.Random` subclass that
gives `rand()` = `random()` and `randint(n)` = `randrange(n)`, the evident intent (both were
numpy calls before River moved to `random.Random`). streamwise uses the same draws.
"""

import math
import random

import river
from river import datasets, ensemble, linear_model, naive_bayes, preprocessing

assert river.__version__.startswith("0.26"), river.__version__


class FixedRandom(random.Random):
    """random.Random plus the two numpy-style calls LeveragingBagging makes."""

    def rand(self):
        return self.random()

    def randint(self, a, b=None):
        if b is None:
            return self.randrange(a)
        return super().randint(a, b)


def fmt(v):
    return repr(float(v))


def write_rows(path, rows):
    with open(path, "w") as f:
        for r in rows:
            f.write(",".join(fmt(v) if not isinstance(v, str) else v for v in r) + "\n")


# ---- streams -------------------------------------------------------------------------------

phishing = [(x, y) for x, y in datasets.Phishing()]
phish_keys = list(phishing[0][0].keys())
write_rows("phishing.csv", [[x[k] for k in phish_keys] + [1 if y else 0] for x, y in phishing])

trump = [(x, y) for x, y in datasets.TrumpApproval()]
trump_keys = list(trump[0][0].keys())
write_rows("trump.csv", [[x[k] for k in trump_keys] + [y] for x, y in trump])

rng = random.Random(11)
synth = []
raw_to_id = {}
for t in range(600):
    x = {
        "x0": rng.gauss(0.0, 1.0),
        "x1": rng.uniform(-2.0, 3.0),
        "x2": rng.gauss(5.0, 2.0),
        "x3": rng.gauss(-1.0, 0.5),
    }
    score = x["x0"] + 0.5 * x["x1"] + rng.gauss(0.0, 0.3)
    if t >= 300:
        score = -score  # concept drift: the classes swap sides
    raw = 0 if score < 0.0 else 1
    if t >= 150 and x["x3"] < -1.2:
        raw = 2
    cid = raw_to_id.setdefault(raw, len(raw_to_id))
    y_reg = 1.5 * x["x0"] - x["x1"] + 0.2 * x["x2"] + rng.gauss(0.0, 0.1)
    synth.append((x, cid, y_reg))
rng = random.Random(5)
drift_stream = []
for t in range(800):
    x = {"x0": rng.gauss(0.0, 1.0), "x1": rng.gauss(0.0, 1.0)}
    y = int(rng.random() < 0.5) if t < 300 else int(x["x0"] > 0)
    drift_stream.append((x, y))
write_rows("drift.csv", [[x["x0"], x["x1"], y] for x, y in drift_stream])
write_rows("synth.csv", [[x["x0"], x["x1"], x["x2"], x["x3"], c, r] for x, c, r in synth])


# ---- runs ----------------------------------------------------------------------------------


def run_classifier(model, stream, k, path):
    rows = []
    ids = [id(m) for m in model.models]
    counter = 0
    for x, y in stream:
        proba = model.predict_proba_one(x)
        pred = model.predict_one(x)
        model.learn_one(x, y)
        new_ids = [id(m) for m in model.models]
        replaced = [i for i, (a, b) in enumerate(zip(ids, new_ids)) if a != b]
        assert len(replaced) <= 1
        counter += len(replaced)
        ids = new_ids
        row = [proba[c] if c in proba else math.nan for c in range(k)]
        row.append(-1 if pred is None else int(pred))
        row.append(counter)
        row.append(replaced[0] if replaced else -1)
        rows.append(row)
    write_rows(path, rows)
    return counter


def run_regressor(model, stream, path):
    with open(path, "w") as f:
        for x, y in stream:
            f.write(fmt(model.predict_one(x)) + "\n")
            model.learn_one(x, y)


phish_stream = [(x, 1 if y else 0) for x, y in phishing]
# River's LogisticRegression keys its probabilities False/True; with labels 0/1 it keys them
# 0/1 in the same order ({False: .., True: ..} == {0: .., 1: ..}), so ints are used throughout.
synth_clf = [(x, c) for x, c, _ in synth]
synth_reg = [(x, r) for x, _, r in synth]


def scaled_logreg():
    return preprocessing.StandardScaler() | linear_model.LogisticRegression()


for n in (3, 10):
    run_classifier(
        ensemble.BaggingClassifier(linear_model.LogisticRegression(), n_models=n, seed=42),
        phish_stream, 2, f"bag_logreg_{n}.csv")
    run_classifier(
        ensemble.BaggingClassifier(scaled_logreg(), n_models=n, seed=42),
        phish_stream, 2, f"bag_std_logreg_{n}.csv")
    run_classifier(
        ensemble.BaggingClassifier(naive_bayes.GaussianNB(), n_models=n, seed=42),
        phish_stream, 2, f"bag_gnb_{n}.csv")

run_classifier(
    ensemble.BaggingClassifier(naive_bayes.GaussianNB(), n_models=10, seed=42),
    synth_clf, 3, "bag_gnb_synth.csv")

print("adwin gnb", run_classifier(
    ensemble.ADWINBaggingClassifier(naive_bayes.GaussianNB(), n_models=10, seed=42),
    synth_clf, 3, "adwin_gnb_synth.csv"))
print("adwin drift gnb", run_classifier(
    ensemble.ADWINBaggingClassifier(naive_bayes.GaussianNB(), n_models=5, seed=42),
    drift_stream, 2, "adwin_gnb_drift.csv"))
print("adwin drift logreg", run_classifier(
    ensemble.ADWINBaggingClassifier(scaled_logreg(), n_models=5, seed=42),
    drift_stream, 2, "adwin_std_logreg_drift.csv"))
print("adwin logreg", run_classifier(
    ensemble.ADWINBaggingClassifier(scaled_logreg(), n_models=3, seed=42),
    phish_stream, 2, "adwin_std_logreg_3.csv"))

for method in ("bag", "me", "half", "wt", "subag"):
    model = ensemble.LeveragingBaggingClassifier(
        naive_bayes.GaussianNB(), n_models=3, bagging_method=method, seed=42)
    model._rng = FixedRandom(42)
    print("leveraging", method, run_classifier(model, synth_clf, 3, f"lev_{method}_gnb_synth.csv"),
          model.n_detected_changes)

model = ensemble.LeveragingBaggingClassifier(scaled_logreg(), n_models=10, seed=42)
print("leveraging logreg", run_classifier(model, phish_stream, 2, "lev_bag_std_logreg_10.csv"),
      model.n_detected_changes)

scaled_linreg = lambda: preprocessing.StandardScaler() | linear_model.LinearRegression()  # noqa
for n in (3, 10):
    run_regressor(ensemble.BaggingRegressor(scaled_linreg(), n_models=n, seed=42), trump,
                  f"bagreg_std_linreg_{n}.csv")
run_regressor(ensemble.BaggingRegressor(linear_model.LinearRegression(), n_models=10, seed=42),
              synth_reg, "bagreg_linreg_synth.csv")

# Raw draws of utils.random.poisson for the generator test: rate 1 and 6, 200 each, seed 42.
r = FixedRandom(42)
with open("poisson_draws.csv", "w") as f:
    from river import utils
    for rate in (1.0, 6.0):
        f.write(",".join(str(utils.random.poisson(rate, r)) for _ in range(200)) + "\n")
