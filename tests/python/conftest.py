"""Shared fixtures: small streams from River's bundled datasets (River 0.26.1 is a test
dependency; its datasets ship inside the package, nothing is downloaded)."""

import itertools

import pytest

river_datasets = pytest.importorskip("river.datasets")


def take(dataset, n):
    return [(dict(x), y) for x, y in itertools.islice(dataset, n)]


@pytest.fixture(scope="session")
def binary_stream():
    """200 Phishing samples: 9 numeric features, bool labels."""
    return take(river_datasets.Phishing(), 200)


@pytest.fixture(scope="session")
def multiclass_stream():
    """200 ImageSegments samples: 18 numeric features, 7 str classes."""
    return take(river_datasets.ImageSegments(), 200)


@pytest.fixture(scope="session")
def regression_stream():
    """200 TrumpApproval samples: 6 numeric features, float target."""
    return take(river_datasets.TrumpApproval(), 200)
