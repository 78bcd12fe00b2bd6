"""streamwise.datasets against River 0.26.1: the first 200 samples of each generator, for several
parameter sets, are River's (same keys in the same order, == values of the same types, same
label type); plus iteration, take, drift and the Python conventions."""

import copy
import itertools
import pickle

import pytest

river = pytest.importorskip("river")
from river.datasets import synth  # noqa: E402

from streamwise import datasets  # noqa: E402

N = 200

CASES = [
    ("Agrawal", dict(seed=42)),
    ("Agrawal", dict(classification_function=4, seed=7, balance_classes=True)),
    ("Agrawal", dict(classification_function=9, seed=1, perturbation=0.2)),
    ("SEA", dict(seed=42)),
    ("SEA", dict(variant=3, noise=0.1, seed=5)),
    ("Hyperplane", dict(seed=42)),
    ("Hyperplane", dict(seed=3, n_features=4, n_drift_features=3, mag_change=0.2,
                        noise_percentage=0.1, sigma=0.3)),
    ("LED", dict(seed=42)),
    ("LED", dict(seed=2, noise_percentage=0.2, irrelevant_features=True)),
    ("LEDDrift", dict(seed=42)),
    ("LEDDrift", dict(seed=9, noise_percentage=0.1, irrelevant_features=True,
                      n_drift_features=5)),
    ("RandomRBF", dict(seed_model=7, seed_sample=42)),
    ("RandomRBF", dict(seed_model=1, seed_sample=2, n_classes=4, n_features=3, n_centroids=5)),
    ("RandomRBFDrift", dict(seed_model=7, seed_sample=42, change_speed=0.01)),
    ("RandomRBFDrift", dict(seed_model=3, seed_sample=4, n_classes=3, n_features=5,
                            n_centroids=8, change_speed=0.5, n_drift_centroids=3)),
    ("STAGGER", dict(seed=42)),
    ("STAGGER", dict(classification_function=2, seed=3, balance_classes=True)),
    ("Friedman", dict(seed=42)),
    ("FriedmanDrift", dict(seed=42)),
    ("FriedmanDrift", dict(drift_type="gra", position=(50, 120), seed=3)),
    ("FriedmanDrift", dict(drift_type="gsg", position=(40, 100), transition_window=30, seed=5)),
    ("FriedmanDrift", dict(drift_type="lea", position=(30, 60, 90), seed=8)),
]


def same_samples(ours, theirs, n=N):
    """`ours` and `theirs` are lists of (x, y); equal keys (order too), values, types."""
    assert len(ours) == len(theirs) == n
    for i, ((xa, ya), (xb, yb)) in enumerate(zip(ours, theirs)):
        assert list(xa) == list(xb), i
        for k in xb:
            assert type(xa[k]) is type(xb[k]), (i, k, type(xa[k]), type(xb[k]))
            assert xa[k] == xb[k], (i, k, xa[k], xb[k])
        assert type(ya) is type(yb), (i, type(ya), type(yb))
        assert ya == yb, (i, ya, yb)


@pytest.mark.parametrize("name,params", CASES, ids=[f"{n}-{i}" for i, (n, _) in enumerate(CASES)])
def test_first_samples_equal_river(name, params):
    ours = list(getattr(datasets, name)(**params).take(N))
    theirs = list(getattr(synth, name)(**params).take(N))
    same_samples(ours, theirs)


@pytest.mark.parametrize("name,params", CASES[::3], ids=lambda v: str(v))
def test_attributes_equal_river(name, params):
    ours, theirs = getattr(datasets, name)(**params), getattr(synth, name)(**params)
    assert ours.n_features == theirs.n_features
    assert ours.n_classes == theirs.n_classes
    assert ours.task == theirs.task


def test_iteration_restarts_and_take():
    stream = datasets.SEA(seed=1)
    first = list(itertools.islice(stream, 5))
    assert list(itertools.islice(stream, 5)) == first
    assert list(stream.take(5)) == first
    assert list(stream.take(0)) == []
    it = iter(stream)
    assert next(it) == first[0]


@pytest.mark.parametrize("name", ["Agrawal", "STAGGER"])
def test_generate_drift_mid_iteration_equals_river(name):
    ours, theirs = getattr(datasets, name)(seed=4), getattr(synth, name)(seed=4)
    a, b = iter(ours), iter(theirs)
    got, want = [], []
    for i in range(300):
        if i in (100, 200):
            ours.generate_drift()
            theirs.generate_drift()
        got.append(next(a))
        want.append(next(b))
    same_samples(got, want, 300)


def test_concept_drift_stream_equals_river():
    cases = [
        (lambda m: m.ConceptDriftStream(seed=42, position=100, width=50), 300),
        (lambda m: m.ConceptDriftStream(m.SEA(seed=1), m.SEA(seed=2, variant=2), position=50,
                                        width=20, seed=3), 200),
        (lambda m: m.ConceptDriftStream(m.STAGGER(seed=1), m.STAGGER(classification_function=2,
                                                                     seed=5),
                                        position=80, seed=9, alpha=30.0), 200),
        # nested, as in River's docs
        (lambda m: m.ConceptDriftStream(
            m.ConceptDriftStream(m.SEA(seed=1), m.SEA(seed=2, variant=1), position=40, width=10,
                                 seed=4),
            m.SEA(seed=3, variant=3), position=120, width=10, seed=5), 200),
    ]
    for make, n in cases:
        same_samples(list(make(datasets).take(n)), list(make(synth).take(n)), n)


def test_concept_drift_stream_far_from_the_drift():
    # River overflows in math.exp here; the limit is 0 (no drift) and the samples are `stream`'s.
    stream = datasets.ConceptDriftStream(datasets.SEA(seed=1), datasets.SEA(seed=2),
                                         position=100000, width=1, seed=3)
    assert list(stream.take(20)) == list(datasets.SEA(seed=1).take(20))


def test_concept_drift_stream_errors():
    with pytest.raises(AttributeError, match="Inconsistent number of features"):
        datasets.ConceptDriftStream(datasets.SEA(seed=1), datasets.Friedman(seed=1))
    with pytest.raises(ValueError, match="alpha"):
        datasets.ConceptDriftStream(alpha=100.0)
    with pytest.raises(ValueError, match="width must be >= 1"):
        datasets.ConceptDriftStream(width=0)
    with pytest.raises(TypeError, match="streamwise generator"):
        datasets.ConceptDriftStream(synth.SEA(seed=1), datasets.SEA(seed=1))


def test_parameter_errors():
    with pytest.raises(ValueError, match="SEA: variant must be"):
        datasets.SEA(variant=7)
    with pytest.raises(TypeError, match="unexpected keyword argument 'foo'"):
        datasets.Agrawal(foo=1)
    with pytest.raises(ValueError, match="FriedmanDrift: position"):
        datasets.FriedmanDrift(position=(1, 2))
    with pytest.raises(ValueError, match="k must be >= 0"):
        datasets.SEA(seed=1).take(-1)


@pytest.mark.parametrize("name,params", CASES[::2], ids=lambda v: str(v))
def test_clone_pickle_copy(name, params):
    stream = getattr(datasets, name)(**params)
    first = list(stream.take(30))
    for other in (stream.clone(), pickle.loads(pickle.dumps(stream)), copy.deepcopy(stream)):
        assert repr(other) == repr(stream)
        assert list(other.take(30)) == first
    assert stream._get_params() == stream.clone()._get_params()


def test_friedman_drift_params():
    stream = datasets.FriedmanDrift(drift_type="gra", position=[10, 20], seed=1)
    assert stream._get_params()["position"] == (10, 20)
    assert "gra" in repr(stream)


def test_models_learn_from_generators():
    from streamwise import naive_bayes

    model = naive_bayes.GaussianNB()
    for x, y in datasets.Agrawal(seed=1).take(200):
        model.learn_one(x, y)
    assert model.predict_one(next(iter(datasets.Agrawal(seed=2)))[0]) in (0, 1)
