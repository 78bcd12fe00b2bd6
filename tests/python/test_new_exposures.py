"""Classes exposed in session 4 (issue 5): metrics.ConfusionMatrix, preprocessing.TargetStandardScaler,
optim.Averager and ensemble.SRPClassifier, each against River 0.26.1 on the same stream."""

import copy
import itertools
import pickle
import random

import pytest

from streamwise import (
    datasets,
    drift,
    ensemble,
    linear_model,
    metrics,
    optim,
    preprocessing,
    tree,
)

river = pytest.importorskip("river")
from river import datasets as river_datasets  # noqa: E402
from river import ensemble as river_ensemble  # noqa: E402
from river import linear_model as river_lm  # noqa: E402
from river import metrics as river_metrics  # noqa: E402
from river import optim as river_optim  # noqa: E402
from river import preprocessing as river_pp  # noqa: E402


# ---- ConfusionMatrix ---------------------------------------------------------------------------


def confusion_stream(n=400, seed=1, labels=("cat", "ant", "bird", 3, True)):
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        yt = rng.choice(labels)
        yp = yt if rng.random() < 0.6 else rng.choice(labels)
        out.append((yt, yp, rng.choice([1.0, 0.5, 2.0])))
    return out


def assert_same_matrix(ours, theirs, labels):
    assert sorted(map(repr, ours.classes)) == sorted(map(repr, theirs.classes))
    for a in labels:
        for b in labels:
            assert ours[a][b] == pytest.approx(theirs[a][b], rel=1e-9, abs=1e-9)
        for f in ("support", "true_positives", "true_negatives", "false_positives", "false_negatives"):
            assert getattr(ours, f)(a) == pytest.approx(getattr(theirs, f)(a), rel=1e-9, abs=1e-9)
    for f in ("total_weight", "total_true_positives", "total_true_negatives",
              "total_false_positives", "total_false_negatives", "n_samples"):
        assert getattr(ours, f) == pytest.approx(getattr(theirs, f), rel=1e-9, abs=1e-9), f
    for f in ("sum_row", "sum_col"):  # dicts by label (River's are defaultdicts)
        ours_totals, theirs_totals = getattr(ours, f), getattr(theirs, f)
        for a in labels:
            assert ours_totals.get(a, 0.0) == pytest.approx(
                theirs_totals.get(a, 0.0), rel=1e-9, abs=1e-9), (f, a)


def test_confusion_matrix_matches_river_with_updates_and_reverts():
    stream = confusion_stream()
    labels = ["cat", "ant", "bird", 3, True, "never"]
    ours, theirs = metrics.ConfusionMatrix(), river_metrics.ConfusionMatrix()
    for i, (yt, yp, w) in enumerate(stream):
        ours.update(yt, yp, w)
        theirs.update(yt, yp, w)
        if i >= 50 and i % 3 == 0:  # a rolling-window style revert of an earlier update
            old = stream[i - 50]
            ours.revert(*old)
            theirs.revert(*old)
        if i % 97 == 0:
            assert_same_matrix(ours, theirs, labels)
    assert_same_matrix(ours, theirs, labels)


def test_confusion_matrix_repr_matches_river():
    ours, theirs = metrics.ConfusionMatrix(), river_metrics.ConfusionMatrix()
    assert repr(ours) == repr(theirs) == ""
    rng = random.Random(4)
    for _ in range(3000):
        yt, yp = rng.choice("abcd"), rng.choice("abcd")
        ours.update(yt, yp)
        theirs.update(yt, yp)
    assert repr(ours) == repr(theirs)  # includes thousands separators ("1,000")
    ours.update("a", "b", 1500.0)
    theirs.update("a", "b", 1500.0)
    assert repr(ours) == repr(theirs)


def test_confusion_matrix_conventions():
    cm = metrics.ConfusionMatrix(classes=[0, 1])
    assert cm._get_params() == {"classes": [0, 1]}
    for yt, yp, w in confusion_stream(100, labels=("cat", "ant", "bird")):
        cm.update(yt, yp, w)
    for other in (pickle.loads(pickle.dumps(cm)), copy.copy(cm), copy.deepcopy(cm),
                  cm.clone(include_attributes=True)):
        assert repr(other) == repr(cm)
        assert other["cat"]["ant"] == cm["cat"]["ant"]
        other.update("cat", "ant")
        assert other["cat"]["ant"] == cm["cat"]["ant"] + 1.0  # independent copies
    fresh = cm.clone()
    assert repr(fresh) == "" and fresh._get_params() == {"classes": [0, 1]}
    # Reverting what was never added is refused (River would go negative); nothing changes.
    before = pickle.dumps(cm)
    with pytest.raises(ValueError, match=r"ConfusionMatrix: cannot revert \('zebra', 'cat'\)"):
        cm.revert("zebra", "cat")
    with pytest.raises(ValueError, match="ConfusionMatrix"):
        cm.update("cat", "ant", -1.0)
    assert pickle.dumps(cm) == before
    assert "zebra" not in cm.classes


# ---- TargetStandardScaler ----------------------------------------------------------------------


def trump(n=1001):
    return [(dict(x), y) for x, y in itertools.islice(river_datasets.TrumpApproval(), n)]


def test_target_standard_scaler_matches_river():
    stream = trump()
    ours = preprocessing.StandardScaler() | preprocessing.TargetStandardScaler(
        regressor=linear_model.LinearRegression(intercept_lr=0.15)
    )
    theirs = river_pp.StandardScaler() | river_pp.TargetStandardScaler(
        regressor=river_lm.LinearRegression(intercept_lr=0.15)
    )
    mse_ours, mse_theirs = metrics.MSE(), river_metrics.MSE()
    for x, y in stream:
        p, q = ours.predict_one(x), theirs.predict_one(x)
        assert p == pytest.approx(q, rel=1e-9, abs=1e-9)
        mse_ours.update(y, p)
        mse_theirs.update(y, q)
        ours.learn_one(x, y)
        theirs.learn_one(x, y)
    assert mse_ours.get() == pytest.approx(mse_theirs.get(), rel=1e-9)


def test_target_standard_scaler_alone_matches_river():
    stream = trump(300)
    ours = preprocessing.TargetStandardScaler(linear_model.LinearRegression())
    theirs = river_pp.TargetStandardScaler(river_lm.LinearRegression())
    for x, y in stream:
        x = {k: v / 100.0 for k, v in x.items()}
        assert ours.predict_one(x) == pytest.approx(theirs.predict_one(x), rel=1e-9, abs=1e-9)
        ours.learn_one(x, y)
        theirs.learn_one(x, y)
    assert ours.var.get() == pytest.approx(theirs.var.get(), rel=1e-12)


def test_target_standard_scaler_conventions():
    inner = linear_model.LinearRegression(intercept_lr=0.15)
    model = preprocessing.TargetStandardScaler(inner)
    assert repr(model) == repr(preprocessing.TargetStandardScaler(regressor=inner))
    stream = trump(200)
    for x, y in stream[:100]:
        model.learn_one(x, y)
    # The constructor clones: the given regressor is untouched.
    assert inner.predict_one(stream[0][0]) == 0.0
    params = model._get_params()
    assert type(params["regressor"]) is linear_model.LinearRegression
    restored = pickle.loads(pickle.dumps(model))
    for x, y in stream[100:]:
        assert restored.predict_one(x) == model.predict_one(x)
        restored.learn_one(x, y)
        model.learn_one(x, y)
    fresh = model.clone()
    assert fresh.predict_one(stream[0][0]) == 0.0
    with pytest.raises(TypeError, match="missing 1 required argument: 'regressor'"):
        preprocessing.TargetStandardScaler()
    with pytest.raises(TypeError, match="regressor must be a streamwise regressor"):
        preprocessing.TargetStandardScaler(tree.HoeffdingTreeClassifier())
    with pytest.raises(TypeError, match="unexpected keyword argument 'model'"):
        preprocessing.TargetStandardScaler(model=linear_model.LinearRegression())


def test_target_standard_scaler_wraps_a_tree_with_nominal_features():
    model = preprocessing.TargetStandardScaler(tree.HoeffdingTreeRegressor(grace_period=20))
    rng = random.Random(0)
    for _ in range(500):
        city = rng.choice(["a", "b", "c"])
        model.learn_one({"city": city, "x": rng.random()}, {"a": 10.0, "b": 20.0, "c": 30.0}[city])
    assert model.predict_one({"city": "c", "x": 0.5}) == pytest.approx(30.0, abs=3.0)


# ---- Averager ----------------------------------------------------------------------------------


@pytest.mark.parametrize("start", [0, 10])
def test_averager_in_a_linear_model_matches_river(start):
    stream = trump(400)
    ours = preprocessing.StandardScaler() | linear_model.LinearRegression(
        optimizer=optim.Averager(optim.SGD(0.01), start=start)
    )
    theirs = river_pp.StandardScaler() | river_lm.LinearRegression(
        optimizer=river_optim.Averager(river_optim.SGD(0.01), start=start)
    )
    for x, y in stream:
        assert ours.predict_one(x) == pytest.approx(theirs.predict_one(x), rel=1e-9, abs=1e-9)
        ours.learn_one(x, y)
        theirs.learn_one(x, y)


def test_averager_conventions():
    opt = optim.Averager(optim.Adam(0.05), 3)
    assert opt._get_params()["start"] == 3
    assert type(opt._get_params()["optimizer"]) is optim.Adam
    assert repr(pickle.loads(pickle.dumps(opt))) == repr(opt) == repr(opt.clone())
    model = linear_model.LogisticRegression(optimizer=opt)
    assert type(model._get_params()["optimizer"]) is optim.Averager
    with pytest.raises(ValueError, match="Averager: start must be >= 0"):
        optim.Averager(optim.SGD(), start=-1)
    with pytest.raises(TypeError, match="Averager: optimizer must be one of"):
        optim.Averager(optim.Averager())


# ---- SRPClassifier -----------------------------------------------------------------------------


def sea(n, seed=1):
    return list(datasets.SEA(seed=seed).take(n))


def accuracy(model, stream):
    metric = river_metrics.Accuracy()  # takes None (no prediction yet) as a wrong answer
    for x, y in stream:
        metric.update(y, model.predict_one(x))
        model.learn_one(x, y)
    return metric.get()


def test_srp_same_seed_same_result_and_probabilities():
    stream = sea(600)
    a, b = ensemble.SRPClassifier(n_models=4, seed=7), ensemble.SRPClassifier(n_models=4, seed=7)
    for x, y in stream:
        pa, pb = a.predict_proba_one(x), b.predict_proba_one(x)
        assert pa == pb
        if pa:
            assert sum(pa.values()) == pytest.approx(1.0)
            assert all(0.0 <= p <= 1.0 for p in pa.values())
            assert set(pa) <= {False, True}
        a.learn_one(x, y)
        b.learn_one(x, y)
    other = ensemble.SRPClassifier(n_models=4, seed=8)
    for x, y in stream:
        other.learn_one(x, y)
    assert any(other.predict_proba_one(x) != a.predict_proba_one(x) for x, _ in stream[:50])


def test_srp_clone_pickle_copies():
    stream = sea(400)
    model = ensemble.SRPClassifier(n_models=3, seed=42, subspace_size=0.5)
    for x, y in stream[:200]:
        model.learn_one(x, y)
    for other in (pickle.loads(pickle.dumps(model)), copy.copy(model), copy.deepcopy(model),
                  model.clone(include_attributes=True)):
        a = copy.deepcopy(model)
        for x, y in stream[200:]:
            assert a.predict_proba_one(x) == other.predict_proba_one(x)
            a.learn_one(x, y)
            other.learn_one(x, y)
    fresh, again = ensemble.SRPClassifier(n_models=3, seed=42, subspace_size=0.5), model.clone()
    assert repr(fresh) == repr(again)
    for x, y in stream[:100]:
        fresh.learn_one(x, y)
        again.learn_one(x, y)
    assert fresh.predict_proba_one(stream[0][0]) == again.predict_proba_one(stream[0][0])
    params = model._get_params()
    assert params["subspace_size"] == 0.5 and params["metric"] is None
    assert type(params["model"]) is tree.HoeffdingTreeClassifier
    assert params["model"]._get_params()["grace_period"] == 50


def test_srp_river_arguments():
    m = ensemble.SRPClassifier(None, 3, 0.5, "subspaces", 4, drift.ADWIN(delta=1e-4), None, "warning",
                               True, 1, metrics.Accuracy())
    p = m._get_params()
    assert (p["n_models"], p["subspace_size"], p["training_method"], p["lam"]) == (3, 0.5, "subspaces", 4.0)
    assert p["disable_detector"] == "warning" and p["disable_weighted_vote"] is True
    assert ensemble.SRPClassifier(subspace_size="sqrt")._get_params()["subspace_size"] == "sqrt"
    with pytest.raises(ValueError, match="metric must be None or metrics.Accuracy"):
        ensemble.SRPClassifier(metric=metrics.F1())
    with pytest.raises(ValueError, match="SRPClassifier: training_method must be"):
        ensemble.SRPClassifier(training_method="bag")
    with pytest.raises(TypeError, match="unexpected keyword argument 'n_estimators'"):
        ensemble.SRPClassifier(n_estimators=3)
    with pytest.raises(TypeError, match="model must be a streamwise classifier"):
        ensemble.SRPClassifier(linear_model.LinearRegression())


def test_srp_many_equals_one():
    import pandas as pd

    stream = sea(300)
    X = pd.DataFrame([x for x, _ in stream])
    y = pd.Series([y for _, y in stream])
    one, many = ensemble.SRPClassifier(n_models=3, seed=5), ensemble.SRPClassifier(n_models=3, seed=5)
    for x, yi in stream[:200]:
        one.learn_one(x, yi)
    many.learn_many(X.iloc[:200], y.iloc[:200])
    out = many.predict_proba_many(X.iloc[200:])
    for i, (x, _) in enumerate(stream[200:]):
        for label, p in one.predict_proba_one(x).items():
            assert out.iloc[i][label] == pytest.approx(p, rel=1e-12, abs=1e-15)


def test_srp_refuses_another_width_and_is_unchanged():
    model = ensemble.SRPClassifier(n_models=3, seed=1)
    for x, y in sea(50):
        model.learn_one(x, y)
    before = model._checkpoint_bytes()
    with pytest.raises(ValueError, match="SRPClassifier: sample has 4 features"):
        model.learn_one({0: 1.0, 1: 2.0, 2: 3.0, 3: 4.0}, True)
    # The C++ model is unchanged (the wrapper's feature table keeps the new name "3", as for
    # every model whose C++ part refuses a sample after the dict was read).
    assert model._checkpoint_bytes() == before


def test_srp_matches_river_until_the_first_warning():
    # Until a member draws a new subspace (at a warning or a drift), the draws are River's draw
    # for draw (docs/ensemble.md), so every probability matches River's to 1e-9.
    stream = sea(1500, seed=3)
    ours = ensemble.SRPClassifier(n_models=5, seed=42)
    theirs = river_ensemble.SRPClassifier(n_models=5, seed=42)
    compared = 0
    for x, y in stream:
        if ours.n_warnings_detected() or ours.n_drifts_detected():
            break
        p, q = ours.predict_proba_one(x), theirs.predict_proba_one(x)
        for label in set(p) | set(q):
            assert p.get(label, 0.0) == pytest.approx(q.get(label, 0.0), rel=1e-9, abs=1e-12)
        compared += 1
        ours.learn_one(x, y)
        theirs.learn_one(x, y)
    assert compared >= 500


def test_srp_accuracy_close_to_river():
    # After a warning the members' new subspaces come from per-member generators, not River's
    # shared one (docs/ensemble.md), so only the accuracy is comparable. Tolerance: 1 point on
    # the mean of seeds 1-3 over 2,000 SEA rows (prequential accuracy ~0.95), the bound
    # docs/ensemble.md reports on Electricity and SEA; on these rows the three seeds give River's
    # accuracies exactly (no warning happens), so the margin only covers future draw changes.
    stream = sea(2000, seed=3)
    ours = [accuracy(ensemble.SRPClassifier(n_models=5, seed=s), stream) for s in (1, 2, 3)]
    theirs = [accuracy(river_ensemble.SRPClassifier(n_models=5, seed=s), stream) for s in (1, 2, 3)]
    assert abs(sum(ours) / 3 - sum(theirs) / 3) < 0.01, (ours, theirs)
    assert min(ours) > 0.9
