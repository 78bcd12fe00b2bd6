"""Parity with River 0.26.1: the same stream and parameters give the same answers.

Statistics and linear models agree to 1e-9 (relative) at every step, drift detectors flag the
same indices, naive Bayes probabilities agree to 1e-9.
"""

import random

import pytest

river = pytest.importorskip("river")
from river import drift as r_drift  # noqa: E402
from river import linear_model as r_lm  # noqa: E402
from river import metrics as r_metrics  # noqa: E402
from river import naive_bayes as r_nb  # noqa: E402
from river import optim as r_optim  # noqa: E402
from river import preprocessing as r_pp  # noqa: E402
from river import stats as r_stats  # noqa: E402

from streamwise import drift, linear_model, metrics, naive_bayes, optim, preprocessing, stats  # noqa: E402

REL = 1e-9


def close(a, b, rel=REL):
    if a is None or b is None:
        return a is b
    return a == pytest.approx(b, rel=rel, abs=1e-12)


def values(n=500, seed=0):
    rng = random.Random(seed)
    return [rng.gauss(0, 1) * (1 + (i > n // 2)) + 3 for i in range(n)]


STAT_CASES = [
    ("Mean", {}),
    ("Var", {}),
    ("Var", {"ddof": 0}),
    ("Count", {}),
    ("Sum", {}),
    ("Min", {}),
    ("Max", {}),
    ("AbsMax", {}),
    ("PeakToPeak", {}),
    ("EWMean", {"fading_factor": 0.3}),
    ("EWVar", {"fading_factor": 0.3}),
    ("Kurtosis", {}),
    ("Kurtosis", {"bias": True}),
    ("Skew", {}),
    ("SEM", {}),
    ("Quantile", {"q": 0.3}),
    ("IQR", {}),
    ("AutoCorr", {"lag": 2}),
    ("RollingMax", {"window_size": 7}),
    ("RollingMin", {"window_size": 7}),
    ("RollingAbsMax", {"window_size": 7}),
    ("RollingPeakToPeak", {"window_size": 7}),
    ("RollingQuantile", {"q": 0.25, "window_size": 10}),
    ("RollingIQR", {"window_size": 10}),
]


@pytest.mark.parametrize("name,params", STAT_CASES, ids=[f"{n}{p}" for n, p in STAT_CASES])
def test_stats_step_by_step(name, params):
    ours, theirs = getattr(stats, name)(**params), getattr(r_stats, name)(**params)
    for i, x in enumerate(values()):
        ours.update(x)
        theirs.update(x)
        expected = theirs.get()
        if expected is None:
            continue
        assert close(ours.get(), expected), (i, ours.get(), expected)


@pytest.mark.parametrize("name", ["Cov", "PearsonCorr"])
def test_bivariate_stats_step_by_step(name):
    ours, theirs = getattr(stats, name)(), getattr(r_stats, name)()
    xs, ys = values(seed=1), values(seed=2)
    for i, (x, y) in enumerate(zip(xs, ys)):
        ours.update(x, y)
        theirs.update(x, y)
        assert close(ours.get(), theirs.get()), i


def detections(detector, stream):
    found = []
    for i, x in enumerate(stream):
        detector.update(x)
        if detector.drift_detected:
            found.append(i)
    return found


def shifting_stream(n=3000, seed=42):
    rng = random.Random(seed)
    return [rng.gauss(0.0, 1.0) if i < n // 3 else rng.gauss(2.0, 1.0) if i < 2 * n // 3
            else rng.gauss(-1.0, 2.0) for i in range(n)]


def error_stream(n=3000, seed=7):
    rng = random.Random(seed)
    return [int(rng.random() < (0.1 if i < n // 2 else 0.45)) for i in range(n)]


DRIFT_CASES = [
    ("ADWIN", {}, shifting_stream),
    ("ADWIN", {"delta": 0.01, "clock": 8}, shifting_stream),
    ("KSWIN", {"seed": 42}, shifting_stream),
    ("PageHinkley", {}, shifting_stream),
]


@pytest.mark.parametrize("name,params,make", DRIFT_CASES, ids=[f"{n}{p}" for n, p, _ in DRIFT_CASES])
def test_drift_same_detection_indices(name, params, make):
    stream = make()
    expected = detections(getattr(r_drift, name)(**params), stream)
    assert detections(getattr(drift, name)(**params), stream) == expected
    assert getattr(drift, name)(**params).update_many(stream) == expected


@pytest.mark.parametrize("name", ["DDM", "EDDM", "FHDDM", "HDDMA", "HDDMW"])
def test_binary_drift_same_detection_indices(name):
    stream = error_stream()
    expected = detections(getattr(r_drift.binary, name)(), stream)
    assert detections(getattr(drift.binary, name)(), stream) == expected


def run_classifier(ours, theirs, stream, n_classes_check=True):
    for i, (x, y) in enumerate(stream):
        p_ours, p_theirs = ours.predict_proba_one(x), theirs.predict_proba_one(x)
        assert set(p_ours) == set(k for k in p_theirs), i
        for k, v in p_theirs.items():
            assert close(p_ours[k], v), (i, k, p_ours[k], v)
        assert ours.predict_one(x) == theirs.predict_one(x), i
        ours.learn_one(x, y)
        theirs.learn_one(x, y)


def run_regressor(ours, theirs, stream):
    for i, (x, y) in enumerate(stream):
        assert close(ours.predict_one(x), theirs.predict_one(x)), i
        ours.learn_one(x, y)
        theirs.learn_one(x, y)


def test_scaler_logistic_regression(binary_stream):
    ours = preprocessing.StandardScaler() | linear_model.LogisticRegression(optimizer=optim.SGD(0.1))
    theirs = r_pp.StandardScaler() | r_lm.LogisticRegression(optimizer=r_optim.SGD(0.1))
    run_classifier(ours, theirs, binary_stream)


def test_logistic_regression_adam_l2(binary_stream):
    ours = linear_model.LogisticRegression(optimizer=optim.Adam(), l2=0.01)
    theirs = r_lm.LogisticRegression(optimizer=r_optim.Adam(), l2=0.01)
    run_classifier(ours, theirs, binary_stream)


def test_scaler_linear_regression(regression_stream):
    ours = preprocessing.StandardScaler() | linear_model.LinearRegression(intercept_lr=0.1)
    theirs = r_pp.StandardScaler() | r_lm.LinearRegression(intercept_lr=0.1)
    run_regressor(ours, theirs, regression_stream)


def test_linear_regression_raw(regression_stream):
    ours = linear_model.LinearRegression(optimizer=optim.SGD(1e-6))
    theirs = r_lm.LinearRegression(optimizer=r_optim.SGD(1e-6))
    run_regressor(ours, theirs, regression_stream)


@pytest.mark.parametrize("mode", [0, 1, 2])
def test_pa_classifier(binary_stream, mode):
    run_classifier(linear_model.PAClassifier(C=0.5, mode=mode), r_lm.PAClassifier(C=0.5, mode=mode),
                   binary_stream)


@pytest.mark.parametrize("mode", [0, 1, 2])
def test_pa_regressor(regression_stream, mode):
    ours = preprocessing.StandardScaler() | linear_model.PARegressor(C=0.5, mode=mode, eps=0.1)
    theirs = r_pp.StandardScaler() | r_lm.PARegressor(C=0.5, mode=mode, eps=0.1)
    run_regressor(ours, theirs, regression_stream)


def test_perceptron(binary_stream):
    run_classifier(preprocessing.StandardScaler() | linear_model.Perceptron(),
                   r_pp.StandardScaler() | r_lm.Perceptron(), binary_stream)


def test_softmax_regression(multiclass_stream):
    ours = preprocessing.StandardScaler() | linear_model.SoftmaxRegression()
    theirs = r_pp.StandardScaler() | r_lm.SoftmaxRegression()
    run_classifier(ours, theirs, multiclass_stream)


def test_gaussian_nb(multiclass_stream):
    run_classifier(naive_bayes.GaussianNB(), r_nb.GaussianNB(), multiclass_stream)


def counts_stream(n=300, seed=3):
    rng = random.Random(seed)
    words = ["sun", "rain", "snow", "wind", "cloud"]
    out = []
    for _ in range(n):
        label = rng.choice(["a", "b", "c"])
        x = {w: rng.randint(0, 4 if w[0] == label or label == "c" else 1) for w in words}
        out.append((x, label))
    return out


def test_multinomial_nb():
    run_classifier(naive_bayes.MultinomialNB(alpha=0.5), r_nb.MultinomialNB(alpha=0.5), counts_stream())


def test_bernoulli_nb():
    run_classifier(naive_bayes.BernoulliNB(alpha=0.5), r_nb.BernoulliNB(alpha=0.5), counts_stream())


METRIC_LABEL_CASES = ["Accuracy", "BalancedAccuracy", "CohenKappa", "MCC", "F1", "Precision",
                      "Recall", "MacroF1", "MicroF1", "WeightedF1"]


@pytest.mark.parametrize("name", METRIC_LABEL_CASES)
def test_classification_metrics(name):
    rng = random.Random(11)
    ours, theirs = getattr(metrics, name)(), getattr(r_metrics, name)()
    for i in range(300):
        yt, yp = rng.random() < 0.4, rng.random() < 0.5
        ours.update(yt, yp)
        theirs.update(yt, yp)
        assert close(ours.get(), theirs.get()), i
    assert repr(ours) == repr(theirs) or name == "MCC"


@pytest.mark.parametrize("name", ["MAE", "MSE", "RMSE", "R2", "SMAPE", "RMSLE"])
def test_regression_metrics(name):
    rng = random.Random(12)
    ours, theirs = getattr(metrics, name)(), getattr(r_metrics, name)()
    for i in range(300):
        yt, yp = rng.uniform(0, 10), rng.uniform(0, 10)
        ours.update(yt, yp)
        theirs.update(yt, yp)
        assert close(ours.get(), theirs.get()), i
    assert repr(ours) == repr(theirs)


@pytest.mark.parametrize("name", ["LogLoss", "ROCAUC"])
def test_probabilistic_metrics(name):
    rng = random.Random(13)
    ours, theirs = getattr(metrics, name)(), getattr(r_metrics, name)()
    for i in range(300):
        yt = rng.random() < 0.4
        p = min(0.99, max(0.01, rng.random() * 0.5 + 0.4 * yt))
        y_pred = {True: p, False: 1 - p} if i % 2 else p
        ours.update(yt, y_pred)
        theirs.update(yt, y_pred)
        assert close(ours.get(), theirs.get()), i


def test_progressive_val_score_matches_river(binary_stream):
    from river import evaluate as r_evaluate

    from streamwise import evaluate

    for delay in (None, 5):
        ours = evaluate.progressive_val_score(
            binary_stream, preprocessing.StandardScaler() | linear_model.LogisticRegression(),
            metrics.ROCAUC(), delay=delay)
        theirs = r_evaluate.progressive_val_score(
            binary_stream, r_pp.StandardScaler() | r_lm.LogisticRegression(), r_metrics.ROCAUC(),
            delay=delay)
        assert close(ours.get(), theirs.get())
