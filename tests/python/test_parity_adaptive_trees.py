"""Parity of the adaptive trees and EFDT with River 0.26.1 through the Python API.

The same stream, parameters and seed give the same class probabilities (1e-9 relative) and the
same prediction at every step: HoeffdingAdaptiveTreeClassifier and
ExtremelyFastDecisionTreeClassifier on Phishing (1,250 rows) and on a stream with a str feature;
HoeffdingAdaptiveTreeRegressor on TrumpApproval. A pickle taken mid-stream carries on identically,
and a nested ADWIN parameter reaches every node's detector.

On an exact tie of probabilities River's adaptive tree answers the first tied class of
`self.classes`, a set, so for str labels its answer depends on the process's hash seed; ours is
the smallest label (River's rule for the other trees). There the test accepts any tied label.
"""

import pickle

import pytest

river = pytest.importorskip("river")
from river import datasets as r_datasets  # noqa: E402
from river import drift as r_drift  # noqa: E402
from river import tree as r_tree  # noqa: E402

from streamwise import drift, tree  # noqa: E402

from test_parity_tree import close, nominal_stream, run_classifier, take  # noqa: E402


def run_adaptive_classifier(ours, theirs, stream):
    """`run_classifier`, except that on an exact tie any of the tied labels is accepted."""
    for i, (x, y) in enumerate(stream):
        p_ours, p_theirs = ours.predict_proba_one(x), theirs.predict_proba_one(x)
        assert set(p_ours) == set(p_theirs), i
        for k, v in p_theirs.items():
            assert close(p_ours[k], v), (i, k, p_ours[k], v)
        if p_theirs:
            best = max(p_theirs.values())
            tied = sorted(k for k, v in p_theirs.items() if v == best)
            prediction = ours.predict_one(x)
            assert prediction in tied, i
            if len(tied) == 1:
                assert prediction == theirs.predict_one(x), i
            else:
                assert prediction == tied[0], i
        ours.learn_one(x, y)
        theirs.learn_one(x, y)


@pytest.mark.parametrize(
    "params",
    [{"seed": 42}, {"seed": 7, "leaf_prediction": "mc"}, {"seed": 1, "bootstrap_sampling": False,
                                                          "grace_period": 50}],
    ids=["default", "mc", "no-bootstrap"],
)
def test_adaptive_classifier_phishing(params):
    stream = take(r_datasets.Phishing(), 2000)
    run_adaptive_classifier(tree.HoeffdingAdaptiveTreeClassifier(**params),
                            r_tree.HoeffdingAdaptiveTreeClassifier(**params), stream)


def test_adaptive_classifier_nominal_feature_and_detector_parameter():
    ours = tree.HoeffdingAdaptiveTreeClassifier(grace_period=50, seed=3,
                                                drift_detector=drift.ADWIN(delta=0.01))
    theirs = r_tree.HoeffdingAdaptiveTreeClassifier(grace_period=50, seed=3,
                                                    drift_detector=r_drift.ADWIN(delta=0.01))
    run_adaptive_classifier(ours, theirs, nominal_stream())


@pytest.mark.parametrize("params", [{}, {"leaf_prediction": "mc", "grace_period": 50}],
                         ids=["default", "mc"])
def test_efdt_phishing(params):
    stream = take(r_datasets.Phishing(), 2000)
    run_classifier(tree.ExtremelyFastDecisionTreeClassifier(**params),
                   r_tree.ExtremelyFastDecisionTreeClassifier(**params), stream)


def test_efdt_nominal_feature():
    run_classifier(tree.ExtremelyFastDecisionTreeClassifier(grace_period=50),
                   r_tree.ExtremelyFastDecisionTreeClassifier(grace_period=50), nominal_stream())


def test_adaptive_regressor_trump_approval():
    stream = take(r_datasets.TrumpApproval(), 2000)
    ours = tree.HoeffdingAdaptiveTreeRegressor(seed=42)
    theirs = r_tree.HoeffdingAdaptiveTreeRegressor(seed=42)
    for i, (x, y) in enumerate(stream):
        assert close(ours.predict_one(x), theirs.predict_one(x)), i
        ours.learn_one(x, y)
        theirs.learn_one(x, y)


def test_pickle_mid_stream_carries_on():
    stream = take(r_datasets.Phishing(), 1250)
    for model in (tree.HoeffdingAdaptiveTreeClassifier(seed=5, grace_period=50),
                  tree.ExtremelyFastDecisionTreeClassifier(grace_period=50)):
        for x, y in stream[:600]:
            model.learn_one(x, y)
        restored = pickle.loads(pickle.dumps(model))
        for x, y in stream[600:]:
            assert restored.predict_proba_one(x) == model.predict_proba_one(x)
            model.learn_one(x, y)
            restored.learn_one(x, y)


def test_bad_parameters_are_refused():
    with pytest.raises(ValueError, match="HoeffdingAdaptiveTreeClassifier: switch_significance"):
        tree.HoeffdingAdaptiveTreeClassifier(switch_significance=2.0)
    with pytest.raises(ValueError, match="ExtremelyFastDecisionTreeClassifier: delta must be in"):
        tree.ExtremelyFastDecisionTreeClassifier(delta=0.0)
    with pytest.raises(TypeError) as info:
        tree.HoeffdingAdaptiveTreeRegressor(no_such_parameter=1)
    assert str(info.value) == (
        "HoeffdingAdaptiveTreeRegressor() got an unexpected keyword argument 'no_such_parameter'")
