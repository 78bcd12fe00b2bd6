"""streamwise.ensemble against River 0.26.1, and its Python conventions.

Parity: the same model, parameters and seed give River's class probabilities (1e-9 relative)
and predictions at every step of the first 1,000 rows of River's Phishing (test-then-train).
The general conventions (clone, pickle, copies, batch methods...) are also run by
test_conformance.py over the entries in estimators.py.
"""

import copy
import itertools
import pickle

import pytest

river = pytest.importorskip("river")
from river import datasets as r_datasets  # noqa: E402
from river import ensemble as r_ensemble  # noqa: E402
from river import linear_model as r_linear  # noqa: E402
from river import naive_bayes as r_nb  # noqa: E402
from river import preprocessing as r_pre  # noqa: E402
from river import tree as r_tree  # noqa: E402

from streamwise import ensemble, linear_model, naive_bayes, preprocessing, tree  # noqa: E402

REL = 1e-9


def take(dataset, n):
    return [(dict(x), y) for x, y in itertools.islice(dataset, n)]


@pytest.fixture(scope="module")
def phishing():
    return take(r_datasets.Phishing(), 1000)


@pytest.fixture(scope="module")
def trump():
    return take(r_datasets.TrumpApproval(), 1000)


def close(a, b):
    return a == pytest.approx(b, rel=REL, abs=1e-12)


def run_classifier(ours, theirs, stream):
    for i, (x, y) in enumerate(stream):
        p_ours, p_theirs = ours.predict_proba_one(x), theirs.predict_proba_one(x)
        assert set(p_ours) == set(p_theirs), i
        for k, v in p_theirs.items():
            assert close(p_ours[k], v), (i, k, p_ours[k], v)
        if p_theirs:
            assert ours.predict_one(x) == theirs.predict_one(x), i
        ours.learn_one(x, y)
        theirs.learn_one(x, y)


def test_bagging_hoeffding_tree_equals_river(phishing):
    ours = ensemble.BaggingClassifier(tree.HoeffdingTreeClassifier(), n_models=10, seed=42)
    theirs = r_ensemble.BaggingClassifier(r_tree.HoeffdingTreeClassifier(), n_models=10, seed=42)
    run_classifier(ours, theirs, phishing)


def test_bagging_scaled_logistic_regression_equals_river(phishing):
    ours = ensemble.BaggingClassifier(
        preprocessing.StandardScaler() | linear_model.LogisticRegression(), n_models=5, seed=7)
    theirs = r_ensemble.BaggingClassifier(
        r_pre.StandardScaler() | r_linear.LogisticRegression(), n_models=5, seed=7)
    run_classifier(ours, theirs, phishing)


def test_leveraging_bagging_equals_river(phishing):
    ours = ensemble.LeveragingBaggingClassifier(
        preprocessing.StandardScaler() | linear_model.LogisticRegression(), seed=42)
    theirs = r_ensemble.LeveragingBaggingClassifier(
        r_pre.StandardScaler() | r_linear.LogisticRegression(), seed=42)
    run_classifier(ours, theirs, phishing)
    assert ours.n_detected_changes == theirs.n_detected_changes


def test_leveraging_bagging_hoeffding_tree_equals_river(phishing):
    ours = ensemble.LeveragingBaggingClassifier(tree.HoeffdingTreeClassifier(), n_models=3,
                                                seed=42)
    theirs = r_ensemble.LeveragingBaggingClassifier(r_tree.HoeffdingTreeClassifier(),
                                                    n_models=3, seed=42)
    run_classifier(ours, theirs, phishing)


@pytest.mark.parametrize("method", ["wt", "subag"])
def test_leveraging_methods_equal_river(phishing, method):
    ours = ensemble.LeveragingBaggingClassifier(naive_bayes.GaussianNB(), n_models=3,
                                                bagging_method=method, seed=3)
    theirs = r_ensemble.LeveragingBaggingClassifier(r_nb.GaussianNB(), n_models=3,
                                                    bagging_method=method, seed=3)
    run_classifier(ours, theirs, phishing[:400])


def test_adwin_bagging_equals_river(phishing):
    ours = ensemble.ADWINBaggingClassifier(naive_bayes.GaussianNB(), n_models=5, seed=42)
    theirs = r_ensemble.ADWINBaggingClassifier(r_nb.GaussianNB(), n_models=5, seed=42)
    run_classifier(ours, theirs, phishing)


def test_bagging_regressor_equals_river(trump):
    ours = ensemble.BaggingRegressor(
        preprocessing.StandardScaler() | linear_model.LinearRegression(), n_models=5, seed=42)
    theirs = r_ensemble.BaggingRegressor(
        r_pre.StandardScaler() | r_linear.LinearRegression(), n_models=5, seed=42)
    for i, (x, y) in enumerate(trump):
        assert close(ours.predict_one(x), theirs.predict_one(x)), i
        ours.learn_one(x, y)
        theirs.learn_one(x, y)


# ---- conventions -------------------------------------------------------------------------------


def test_signature_defaults_and_params():
    model = ensemble.BaggingClassifier(naive_bayes.GaussianNB())
    params = model._get_params()
    assert list(params) == ["model", "n_models", "seed"]
    assert params["n_models"] == 10 and params["seed"] is None
    assert type(params["model"]) is naive_bayes.GaussianNB
    lev = ensemble.LeveragingBaggingClassifier(naive_bayes.GaussianNB(), 4, 3.0, 0.01, "wt", 1)
    assert lev._get_params()["bagging_method"] == "wt"
    assert lev._get_params()["w"] == 3.0
    assert len(lev) == 4


def test_repr_shows_the_model():
    model = ensemble.BaggingClassifier(tree.HoeffdingTreeClassifier(grace_period=50), n_models=3,
                                       seed=1)
    text = repr(model)
    assert text.startswith("BaggingClassifier (")
    assert "HoeffdingTreeClassifier" in text and "grace_period=50" in text
    assert "n_models=3" in text and "seed=1" in text
    pipe = ensemble.BaggingClassifier(
        preprocessing.StandardScaler() | linear_model.LogisticRegression(), seed=1)
    assert "StandardScaler" in repr(pipe) and "LogisticRegression" in repr(pipe)


def test_errors():
    with pytest.raises(TypeError, match="missing 1 required argument: 'model'"):
        ensemble.BaggingClassifier()
    with pytest.raises(TypeError, match="model must be a streamwise classifier"):
        ensemble.BaggingClassifier(linear_model.LinearRegression())
    with pytest.raises(TypeError, match="model must be a streamwise regressor"):
        ensemble.BaggingRegressor(naive_bayes.GaussianNB())
    with pytest.raises(TypeError, match="model must be a streamwise classifier"):
        ensemble.BaggingClassifier(r_nb.GaussianNB())
    with pytest.raises(ValueError, match="BaggingClassifier: n_models must be >= 1"):
        ensemble.BaggingClassifier(naive_bayes.GaussianNB(), n_models=0)
    with pytest.raises(ValueError, match="bagging_method must be one of"):
        ensemble.LeveragingBaggingClassifier(naive_bayes.GaussianNB(), bagging_method="x")
    with pytest.raises(TypeError, match="unexpected keyword argument 'foo'"):
        ensemble.BaggingClassifier(naive_bayes.GaussianNB(), foo=1)


def test_model_is_cloned_not_shared(phishing):
    base = naive_bayes.GaussianNB()
    for x, y in phishing[:50]:
        base.learn_one(x, y)
    model = ensemble.BaggingClassifier(base, n_models=3, seed=1)
    # A fitted model is cloned (River clones it too): the ensemble starts empty.
    assert model.predict_proba_one(phishing[0][0]) == {}
    fresh = ensemble.BaggingClassifier(naive_bayes.GaussianNB(), n_models=3, seed=1)
    for x, y in phishing[:100]:
        model.learn_one(x, y)
        fresh.learn_one(x, y)
    assert model.predict_proba_one(phishing[100][0]) == fresh.predict_proba_one(phishing[100][0])


def test_binary_pipeline_labels(phishing):
    model = ensemble.BaggingClassifier(
        preprocessing.StandardScaler() | linear_model.LogisticRegression(), n_models=3, seed=1)
    for x, y in phishing[:30]:
        model.learn_one(x, y)
    assert set(model.predict_proba_one(phishing[0][0])) == {False, True}
    clone = model.clone()
    for x, y in phishing[:30]:
        clone.learn_one(x, y)
    assert clone.predict_proba_one(phishing[40][0]) == model.predict_proba_one(phishing[40][0])


def test_pickle_clone_copy_mid_stream(phishing):
    model = ensemble.LeveragingBaggingClassifier(tree.HoeffdingTreeClassifier(), n_models=3,
                                                 seed=5)
    for x, y in phishing[:300]:
        model.learn_one(x, y)
    for other in (pickle.loads(pickle.dumps(model)), copy.deepcopy(model),
                  model.clone(include_attributes=True)):
        assert repr(other) == repr(model)
        a = copy.deepcopy(model)
        for x, y in phishing[300:500]:
            assert a.predict_proba_one(x) == other.predict_proba_one(x)
            a.learn_one(x, y)
            other.learn_one(x, y)
    fresh = model.clone({"n_models": 2})
    assert len(fresh) == 2 and fresh.predict_proba_one(phishing[0][0]) == {}


def test_ensemble_in_a_pipeline_and_nested(phishing):
    pipe = preprocessing.StandardScaler() | ensemble.BaggingClassifier(
        naive_bayes.GaussianNB(), n_models=3, seed=2)
    nested = ensemble.BaggingClassifier(
        ensemble.BaggingClassifier(naive_bayes.GaussianNB(), n_models=2, seed=1), n_models=2,
        seed=3)
    for x, y in phishing[:100]:
        pipe.learn_one(x, y)
        nested.learn_one(x, y)
    assert set(pipe.predict_proba_one(phishing[0][0])) == {False, True}
    assert set(nested.predict_proba_one(phishing[0][0])) == {False, True}


def test_batch_equals_one(phishing):
    import pandas as pd

    one = ensemble.BaggingClassifier(naive_bayes.GaussianNB(), n_models=3, seed=9)
    many = ensemble.BaggingClassifier(naive_bayes.GaussianNB(), n_models=3, seed=9)
    for x, y in phishing[:200]:
        one.learn_one(x, y)
    many.learn_many(pd.DataFrame([x for x, _ in phishing[:200]]),
                    pd.Series([y for _, y in phishing[:200]]))
    for x, _ in phishing[200:220]:
        assert one.predict_proba_one(x) == many.predict_proba_one(x)
