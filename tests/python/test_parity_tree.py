"""Parity of the trees with River 0.26.1: the same stream and parameters give the same answers.

HoeffdingTreeClassifier: the same prediction and class probabilities (1e-9 relative) at every
step of Phishing (all of its 1,250 rows: the first 2,000 asked for) and of a small stream with a
str (nominal) feature. HoeffdingTreeRegressor: predictions within 1e-9 at every step of
TrumpApproval and of the str-feature stream ("mean" leaves). The forests are not draw-for-draw
River's (docs/forest.md): only smoke-tested here.
"""

import itertools
import random

import pytest

river = pytest.importorskip("river")
from river import datasets as r_datasets  # noqa: E402
from river import tree as r_tree  # noqa: E402

from streamwise import forest, tree  # noqa: E402

REL = 1e-9


def close(a, b, rel=REL):
    if a is None or b is None:
        return a is b
    return a == pytest.approx(b, rel=rel, abs=1e-12)


def take(dataset, n):
    return [(dict(x), y) for x, y in itertools.islice(dataset, n)]


def nominal_stream(n=600, seed=5):
    """A numeric feature, a str feature and str labels that depend on both."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        colour = rng.choice(["red", "green", "blue"])
        size = rng.gauss(0, 1)
        if colour == "red":
            y = "a" if size > 0.3 else "b"
        elif colour == "green":
            y = "c"
        else:
            y = "a" if rng.random() < 0.7 else "c"
        out.append(({"size": size, "colour": colour}, y))
    return out


def run_classifier(ours, theirs, stream):
    for i, (x, y) in enumerate(stream):
        p_ours, p_theirs = ours.predict_proba_one(x), theirs.predict_proba_one(x)
        assert set(p_ours) == set(p_theirs), i
        for k, v in p_theirs.items():
            assert close(p_ours[k], v), (i, k, p_ours[k], v)
        assert ours.predict_one(x) == theirs.predict_one(x), i
        ours.learn_one(x, y)
        theirs.learn_one(x, y)


@pytest.mark.parametrize(
    "params",
    [{}, {"leaf_prediction": "mc"}, {"leaf_prediction": "nb", "grace_period": 50}],
    ids=["default", "mc", "nb"],
)
def test_hoeffding_tree_classifier_phishing(params):
    stream = take(r_datasets.Phishing(), 2000)
    run_classifier(tree.HoeffdingTreeClassifier(**params), r_tree.HoeffdingTreeClassifier(**params), stream)


@pytest.mark.parametrize("params", [{"grace_period": 50}, {"grace_period": 50, "binary_split": True}],
                         ids=["multiway", "binary"])
def test_hoeffding_tree_classifier_nominal_feature(params):
    ours = tree.HoeffdingTreeClassifier(**params)
    run_classifier(ours, r_tree.HoeffdingTreeClassifier(**params), nominal_stream())


def test_hoeffding_tree_regressor_trump_approval():
    stream = take(r_datasets.TrumpApproval(), 2000)
    ours, theirs = tree.HoeffdingTreeRegressor(), r_tree.HoeffdingTreeRegressor()
    for i, (x, y) in enumerate(stream):
        assert close(ours.predict_one(x), theirs.predict_one(x)), i
        ours.learn_one(x, y)
        theirs.learn_one(x, y)


def test_splitter_parameter_and_clone():
    model = tree.HoeffdingTreeClassifier(splitter=tree.splitter.GaussianSplitter(n_splits=5))
    assert type(model._get_params()["splitter"]) is tree.splitter.GaussianSplitter
    assert model._get_params()["splitter"]._get_params() == {"n_splits": 5}
    assert repr(model.clone({"grace_period": 10})._get_params()["splitter"]) == repr(
        tree.splitter.GaussianSplitter(n_splits=5)
    )
    with pytest.raises(ValueError, match="HoeffdingTreeClassifier: delta must be in"):
        tree.HoeffdingTreeClassifier(delta=2.0)


def test_forests_learn_nominal_features_and_any_labels():
    stream = nominal_stream(300)
    model = forest.ARFClassifier(n_models=3, seed=1)
    reg = forest.ARFRegressor(n_models=3, seed=1)
    correct = 0
    for x, y in stream:
        correct += model.predict_one(x) == y
        model.learn_one(x, y)
        reg.learn_one(x, x["size"] * 2 + (x["colour"] == "red"))
    assert correct > 150
    assert set(model.predict_proba_one(stream[0][0])) <= {"a", "b", "c"}
    assert isinstance(reg.predict_one(stream[0][0]), float)


def test_nominal_models_survive_pickle_and_params():
    import pickle

    stream = nominal_stream(300)
    models = [
        tree.HoeffdingTreeClassifier(grace_period=20, nominal_attributes="colour"),
        forest.ARFClassifier(n_models=3, seed=7, max_features="1"),
    ]
    for model in models:
        for x, y in stream[:200]:
            model.learn_one(x, y)
        restored = pickle.loads(pickle.dumps(model))
        for x, y in stream[200:]:
            assert restored.predict_one(x) == model.predict_one(x)
            assert restored.predict_proba_one(x) == model.predict_proba_one(x)
            model.learn_one(x, y)
            restored.learn_one(x, y)


@pytest.mark.parametrize("binary_split", [False, True], ids=["multiway", "binary"])
def test_hoeffding_tree_regressor_nominal_feature(binary_split):
    # "mean" leaves: River's default linear leaf models refuse str values.
    params = {"grace_period": 50, "leaf_prediction": "mean", "binary_split": binary_split}
    ours, theirs = tree.HoeffdingTreeRegressor(**params), r_tree.HoeffdingTreeRegressor(**params)
    for i, (x, _) in enumerate(nominal_stream()):
        y = 2.0 * x["size"] + (3.0 if x["colour"] == "red" else 0.0)
        assert close(ours.predict_one(x), theirs.predict_one(x)), i
        ours.learn_one(x, y)
        theirs.learn_one(x, y)
