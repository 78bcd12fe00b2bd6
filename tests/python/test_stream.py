"""streamwise.stream against River 0.26.1's readers: the same files, arrays and frames give the
same (x, y) pairs (== and the same types)."""

import gzip
import io
import warnings

import numpy as np
import pandas as pd
import pytest

river = pytest.importorskip("river")
from river import stream as r_stream  # noqa: E402

from streamwise import stream  # noqa: E402

CSV = """name,year,rating,votes,genre
Planet Earth II,2016,9.5,,doc
Planet Earth,2006,9.4,120,doc
Band of Brothers,2001,9.4,300,war
Breaking Bad,2008,9.4,1500,crime
Chernobyl,2019,9.4,700,drama
"""


def typed(pairs):
    """The pairs with every value paired with its type (so == also compares types)."""
    out = []
    for x, y in pairs:
        xs = [(k, type(v), v) for k, v in x.items()] if isinstance(x, dict) else (type(x), x)
        ys = ([(k, type(v), v) for k, v in y.items()] if isinstance(y, dict) else (type(y), y))
        out.append((xs, ys))
    return out


@pytest.fixture()
def csv_path(tmp_path):
    path = tmp_path / "shows.csv"
    path.write_text(CSV)
    return path


CSV_CASES = [
    dict(),
    dict(target="rating", converters={"rating": float, "year": int}),
    dict(target=["rating", "year"], drop=["genre"]),
    dict(parse_dates={"year": "%Y"}, target="genre"),
    dict(converters={"votes": lambda v: int(v) if v else None}, drop_nones=True),
    dict(fraction=0.5, seed=3, target="name"),
]


@pytest.mark.parametrize("params", CSV_CASES, ids=[str(i) for i in range(len(CSV_CASES))])
def test_iter_csv_equals_river(csv_path, params):
    ours = list(stream.iter_csv(str(csv_path), **params))
    theirs = list(r_stream.iter_csv(str(csv_path), **params))
    assert typed(ours) == typed(theirs)


def test_iter_csv_buffer_delimiter_and_gzip(tmp_path):
    text = CSV.replace(",", ";")
    ours = list(stream.iter_csv(io.StringIO(text), target="genre", delimiter=";"))
    theirs = list(r_stream.iter_csv(io.StringIO(text), target="genre", delimiter=";"))
    assert typed(ours) == typed(theirs)
    gz = tmp_path / "shows.csv.gz"
    with gzip.open(gz, "wt") as f:
        f.write(CSV)
    ours = list(stream.iter_csv(str(gz), target="votes"))
    theirs = list(r_stream.iter_csv(str(gz), target="votes"))
    assert typed(ours) == typed(theirs)
    header_free = "1,2\n3,4\n"
    ours = list(stream.iter_csv(io.StringIO(header_free), fieldnames=["a", "b"], target="b"))
    theirs = list(r_stream.iter_csv(io.StringIO(header_free), fieldnames=["a", "b"], target="b"))
    assert typed(ours) == typed(theirs)


def test_iter_csv_empty_file():
    assert list(stream.iter_csv(io.StringIO(""))) == list(r_stream.iter_csv(io.StringIO("")))


ARRAY_CASES = [
    (lambda: (np.array([[1, 2, 3], [11, 12, 13]]), np.array([True, False])), {}),
    (lambda: (np.array([[1.5, 2.0], [3.0, 4.5]]), np.array([1.0, 2.0])),
     dict(feature_names=["a", "b"])),
    (lambda: ([[1, 2], [3, 4]], [0, 1]), {}),
    (lambda: (np.array([[1.0, 2.0], [3.0, 4.0]]), None), {}),
    (lambda: (np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([[1, 2], [3, 4]])),
     dict(target_names=["u", "v"])),
    (lambda: (np.arange(20.0).reshape(10, 2), np.arange(10)), dict(shuffle=True, seed=4)),
    (lambda: (np.array(["foo", "bar"]), np.array([True, False])), {}),
]


@pytest.mark.parametrize("case", range(len(ARRAY_CASES)))
def test_iter_array_equals_river(case):
    make, params = ARRAY_CASES[case]
    X, y = make()
    ours = list(stream.iter_array(X, y, **params))
    X, y = make()
    theirs = list(r_stream.iter_array(X, y, **params))
    assert typed(ours) == typed(theirs)


FRAME = pd.DataFrame({
    "x1": [1, 2, 3, 4],
    "x2": ["blue", "yellow", "yellow", "blue"],
    "x3": [0.5, 1.5, float("nan"), 2.0],
    "x4": [True, False, True, True],
})


@pytest.mark.parametrize("y", [
    None,
    pd.Series([True, False, False, True]),
    pd.Series([1.0, 2.0, 3.0, 4.0], name="t"),
    pd.DataFrame({"a": [1, 2, 3, 4], "b": ["p", "q", "r", "s"]}),
], ids=["none", "bool", "float", "frame"])
def test_iter_pandas_equals_river(y):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        theirs = list(r_stream.iter_pandas(FRAME, y))
    ours = list(stream.iter_pandas(FRAME, y))
    # NaN != NaN: compare with the NaN cells replaced.
    def fix(pairs):
        return [({k: ("nan" if isinstance(v, float) and v != v else v) for k, v in x.items()}, yy)
                for x, yy in pairs]
    assert typed(fix(ours)) == typed(fix(theirs))
    ours = list(stream.iter_frame(FRAME, y, shuffle=True, seed=2))
    theirs = list(r_stream.iter_frame(FRAME, y, shuffle=True, seed=2))
    assert typed(fix(ours)) == typed(fix(theirs))


def test_iter_pandas_errors():
    with pytest.raises(TypeError, match="Expected a pandas DataFrame"):
        list(stream.iter_pandas([[1, 2]]))
    with pytest.raises(TypeError, match="Expected a pandas DataFrame or Series"):
        list(stream.iter_pandas(FRAME, [1, 2, 3, 4]))


def test_readers_feed_models(csv_path):
    from streamwise import linear_model

    model = linear_model.LinearRegression()
    for x, y in stream.iter_csv(str(csv_path), target="rating",
                                converters={"rating": float, "year": float},
                                drop=["name", "genre", "votes"]):
        model.learn_one(x, y)
    assert isinstance(model.predict_one({"year": 2010.0}), float)
