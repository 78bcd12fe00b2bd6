#!/usr/bin/env python3
"""Reference streams for the naive Bayes classifiers, recorded from River 0.26.1.

Run from anywhere (deterministic, needs only River):

    python3 tests/data/naive_bayes/make_nb_reference.py

For each scenario it feeds River a fixed stream test-then-train: before every `learn_one` it
records `predict_proba_one(x)` and `joint_log_likelihood(x)` for every class known at that time.

File layout (plain numbers, comma separated, so the C++ tests read it with `read_doubles`):
    first line:  F, K                      (feature slots, class slots)
    then per step: x_0 .. x_{F-1}, y, w, n_classes, p_0 .. p_{K-1}, jll_0 .. jll_{K-1}
`nan` in x means the feature is absent from that sample (not in River's dict); `nan` in p/jll
means the class was not known yet. y is the class id (labels are ids in order of first
appearance, as streamwise's LabelEncoder assigns them).

River's naive Bayes `learn_one` takes no sample weight. The `*_weighted.csv` scenarios record
streamwise's documented extension (a weight w counts the sample w times) through subclasses that
apply w to River's own state: `proba.Gaussian.update(x, w)` and float Counter increments, so
the oracle is still River's arithmetic.
"""

import math
import os
import random

from river import naive_bayes

HERE = os.path.dirname(os.path.abspath(__file__))


class WeightedGaussianNB(naive_bayes.GaussianNB):
    def learn_one(self, x, y, w=1.0):
        self.class_counts[y] += w
        for i, xi in x.items():
            self.gaussians[y][i].update(xi, w)


class WeightedMultinomialNB(naive_bayes.MultinomialNB):
    def learn_one(self, x, y, w=1.0):
        self.class_counts[y] += w
        for f, frequency in x.items():
            self.feature_counts[f][y] += w * frequency
            self.class_totals[y] += w * frequency


class WeightedBernoulliNB(naive_bayes.BernoulliNB):
    def learn_one(self, x, y, w=1.0):
        self.class_counts[y] += w
        for i, xi in x.items():
            self.feature_counts[i][y] += w if xi > self.true_threshold else 0.0


def fmt(v):
    return "nan" if v is None or (isinstance(v, float) and math.isnan(v)) else repr(float(v))


def record(path, model, stream, n_features, n_slots, weighted):
    labels = {}
    lines = [f"{n_features},{n_slots}"]
    for x, label, w in stream:
        proba = model.predict_proba_one(x)
        jll = model.joint_log_likelihood(x) if labels else {}
        n_classes = len(labels)
        assert list(proba) == list(labels), "River's class order should be learn order"
        y = labels.setdefault(label, len(labels))
        row = [fmt(x.get(i)) for i in range(n_features)]
        row += [str(y), fmt(w), str(n_classes)]
        row += [fmt(proba.get(c)) for c in labels if c in proba] + ["nan"] * (n_slots - len(proba))
        row += [fmt(jll.get(c)) for c in labels if c in jll] + ["nan"] * (n_slots - len(jll))
        lines.append(",".join(row))
        if weighted:
            model.learn_one(x, label, w)
        else:
            model.learn_one(x, label)
    with open(os.path.join(HERE, path), "w") as f:
        f.write("\n".join(lines) + "\n")


def pick_label(rng, step, late_step):
    # Labels "a" then "b" from the start; "c" is first seen at `late_step`.
    if step == 0:
        return "a"
    if step == 1:
        return "b"
    if step == late_step:
        return "c"
    return rng.choice(["a", "b", "c"] if step > late_step else ["a", "b"])


def numeric_stream(seed, n=300, weighted=False):
    """5 features; feature 3 appears from step 40; feature 4 is absent ~30% of the time; feature
    2 is constant for class b (zero variance); class c first appears at step 90."""
    rng = random.Random(seed)
    centre = {"a": -1.0, "b": 0.5, "c": 2.0}
    out = []
    for step in range(n):
        label = pick_label(rng, step, 90)
        c = centre[label]
        x = {0: rng.gauss(c, 1.0), 1: rng.gauss(-c, 2.5)}
        x[2] = 1.0 if label == "b" else rng.gauss(c * 3, 0.5)
        if step >= 40:
            x[3] = rng.gauss(c * 10, 4.0)
        if rng.random() < 0.7:
            x[4] = rng.uniform(-50, 50) + c
        x = {k: x[k] for k in sorted(x)}
        w = (float(rng.randint(1, 3)) if rng.random() < 0.5 else rng.uniform(0.1, 2.0)) if weighted else 1.0
        out.append((x, label, w))
    return out


def count_stream(seed, n=250, weighted=False, tfidf=False):
    """6 features of small counts (0 present as a value, absent features missing from the
    dict); features 4 and 5 appear late; class c first appears at step 70."""
    rng = random.Random(seed)
    prefs = {"a": [3, 1, 0, 1, 2, 0], "b": [0, 2, 3, 1, 0, 2], "c": [1, 0, 1, 4, 3, 3]}
    out = []
    for step in range(n):
        label = pick_label(rng, step, 70)
        p = prefs[label]
        x = {}
        for f in range(6):
            if f == 4 and step < 30:
                continue
            if f == 5 and step < 120:
                continue
            if rng.random() < 0.25:
                continue  # absent
            v = rng.randint(0, p[f] + 1)
            x[f] = v * rng.uniform(0.2, 1.5) if tfidf else v
        w = (float(rng.randint(1, 4)) if rng.random() < 0.5 else rng.uniform(0.1, 2.0)) if weighted else 1.0
        out.append((x, label, w))
    return out


def main():
    record("gaussian.csv", naive_bayes.GaussianNB(), numeric_stream(1), 5, 3, False)
    record("gaussian_weighted.csv", WeightedGaussianNB(), numeric_stream(2, weighted=True), 5, 3, True)
    record("multinomial.csv", naive_bayes.MultinomialNB(), count_stream(3), 6, 3, False)
    record("multinomial_alpha.csv", naive_bayes.MultinomialNB(alpha=0.25), count_stream(4, tfidf=True), 6, 3, False)
    record("multinomial_weighted.csv", WeightedMultinomialNB(alpha=0.5), count_stream(5, weighted=True), 6, 3, True)
    record("bernoulli.csv", naive_bayes.BernoulliNB(), count_stream(6), 6, 3, False)
    record("bernoulli_threshold.csv", naive_bayes.BernoulliNB(alpha=0.3, true_threshold=1.5), count_stream(7, tfidf=True), 6, 3, False)
    record("bernoulli_weighted.csv", WeightedBernoulliNB(alpha=2.0, true_threshold=0.5), count_stream(8, weighted=True), 6, 3, True)


if __name__ == "__main__":
    main()
