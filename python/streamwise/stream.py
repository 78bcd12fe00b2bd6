"""streamwise.stream: River's stream readers (CSV files, arrays, DataFrames).

These yield ``(x, y)`` pairs exactly as River 0.26's ``stream`` functions do, so River code that
reads its data with them runs unchanged. They are plain Python (reading is not where the time
goes); the models take the dicts they produce.

>>> from streamwise import stream
>>> for x, y in stream.iter_array([[1, 2], [3, 4]], [True, False], feature_names=['a', 'b']):
...     print(x, y)
{'a': 1, 'b': 2} True
{'a': 3, 'b': 4} False
"""

import csv
import datetime as dt
import gzip
import io
import itertools
import os
import random
import zipfile

import numpy as np

__all__ = ["iter_array", "iter_csv", "iter_frame", "iter_pandas"]


def _open(path, compression):
    if compression == "infer":
        compression = {".gz": "gzip", ".zip": "zip"}.get(os.path.splitext(path)[1])
    if compression is None:
        return open(path)
    if compression == "gzip":
        return gzip.open(path, mode="rt")
    if compression == "zip":
        with zipfile.ZipFile(path, "r") as archive:
            return io.TextIOWrapper(archive.open(archive.namelist()[0], "r"))
    raise ValueError(f"iter_csv: unknown compression {compression!r} (None, 'infer', 'gzip', 'zip')")


def iter_csv(filepath_or_buffer, target=None, converters=None, parse_dates=None, drop=None,
             drop_nones=False, fraction=1.0, compression="infer", seed=None,
             field_size_limit=None, **kwargs):
    """Iterates over the rows of a CSV file as ``(x, y)`` (River's ``stream.iter_csv``).

    Parameters
    ----------
    filepath_or_buffer
        A path, or an open text file (anything with ``read``).
    target
        The target column (``y``), or a list of them (``y`` is then a dict); None gives
        ``y = None``.
    converters
        ``{name: callable}`` applied to the values (they are str otherwise), e.g. ``float``.
    parse_dates
        ``{name: format}``: values parsed with ``datetime.datetime.strptime``.
    drop
        Columns to leave out.
    drop_nones
        Leave out the fields whose value is None.
    fraction
        Keep each row with this probability (``random.Random(seed)``, River's draws).
    compression
        'infer' (from a '.gz' or '.zip' extension), 'gzip', 'zip' or None.
    seed
        Seed of the sampling.
    field_size_limit
        Passed to ``csv.field_size_limit`` while reading.
    kwargs
        Passed to ``csv.DictReader`` (``delimiter``, ``fieldnames``, ...).

    Examples
    --------
    >>> import io
    >>> from streamwise import stream
    >>> data = io.StringIO('a,b,y\\n1,x,0.5\\n2,y,1.5\\n')
    >>> for x, y in stream.iter_csv(data, target='y', converters={'a': int, 'y': float}):
    ...     print(x, y)
    {'a': 1, 'b': 'x'} 0.5
    {'a': 2, 'b': 'y'} 1.5
    """
    previous_limit = csv.field_size_limit()
    if field_size_limit is not None:
        csv.field_size_limit(field_size_limit)
    opened = isinstance(filepath_or_buffer, (str, os.PathLike))
    f = _open(filepath_or_buffer, compression) if opened else filepath_or_buffer
    try:
        # csv.DictReader's own options; River's reader zips each row with the names, so
        # restkey / restval have no effect there either.
        fmt = {k: v for k, v in kwargs.items() if k not in ("fieldnames", "restkey", "restval")}
        reader = csv.reader(f, **fmt)
        names = kwargs.get("fieldnames")
        if names is None:
            names = next(reader, None) or ()
        rng = random.Random(seed)
        for row in reader:
            if fraction < 1 and rng.random() > fraction:
                continue
            x = dict(zip(names, row))
            if drop:
                for name in drop:
                    del x[name]
            if converters is not None:
                for name, convert in converters.items():
                    x[name] = convert(x[name])
            if drop_nones:
                for name in [k for k, v in x.items() if v is None]:
                    del x[name]
            if parse_dates is not None:
                for name, fmt in parse_dates.items():
                    x[name] = dt.datetime.strptime(x[name], fmt)
            if isinstance(target, list):
                y = {name: x.pop(name) for name in target}
            elif target is not None:
                y = x.pop(target)
            else:
                y = None
            yield x, y
    finally:
        if opened:
            f.close()
        csv.field_size_limit(previous_limit)


def _python_value(v):
    return v.item() if isinstance(v, np.generic) else v


def iter_array(X, y=None, feature_names=None, target_names=None, shuffle=False, seed=None):
    """Iterates over the rows of an array as ``(x, y)`` (River's ``stream.iter_array``).

    Parameters
    ----------
    X
        A 2-D array (or list of lists) of features; a 1-D array of str (texts) is passed through.
    y
        The targets (1-D), or a 2-D array for several outputs (``y`` is then a dict).
    feature_names
        Names of the columns; 0, 1, ... when omitted.
    target_names
        Names of the outputs of a 2-D ``y``; 0, 1, ... when omitted.
    shuffle
        Shuffle the rows first (``random.Random(seed).sample``, River's order).
    seed
        Seed of the shuffle.

    Examples
    --------
    >>> import numpy as np
    >>> from streamwise import stream
    >>> for x, y in stream.iter_array(np.array([[1.5, 2.0]]), np.array([1])):
    ...     print(x, y)
    {0: 1.5, 1: 2.0} 1
    """
    texts = isinstance(X[0], str)
    if not texts and feature_names is None:
        feature_names = list(range(len(X[0])))
    multioutput = y is not None and not np.isscalar(y[0])
    if multioutput and target_names is None:
        target_names = list(range(len(y[0])))
    if shuffle:
        order = random.Random(seed).sample(range(len(X)), k=len(X))
        X = X[order]
        y = y if y is None else y[order]

    def features(row):
        if texts:
            return row.tolist() if isinstance(row, np.ndarray) else row
        values = row.tolist() if isinstance(row, np.ndarray) else row
        return dict(zip(feature_names, values))

    targets = y if hasattr(y, "__iter__") else []
    for xi, yi in itertools.zip_longest(X, targets):
        if multioutput:
            yield features(xi), dict(zip(target_names, yi.tolist() if isinstance(yi, np.ndarray) else yi))
        else:
            yield features(xi), _python_value(yi)


def iter_frame(X, y=None, *, shuffle=False, seed=None):
    """Iterates over the rows of a pandas DataFrame as ``(x, y)`` (River's ``stream.iter_frame``).

    Each value keeps its column's type as a Python scalar (int, float, str, bool...); ``y`` is a
    Series (one target) or a DataFrame (a dict of targets per row).

    Examples
    --------
    >>> import pandas as pd
    >>> from streamwise import stream
    >>> X = pd.DataFrame({'a': [1, 2], 'b': ['u', 'v']})
    >>> for x, y in stream.iter_frame(X, pd.Series([True, False])):
    ...     print(x, y)
    {'a': 1, 'b': 'u'} True
    {'a': 2, 'b': 'v'} False
    """
    import pandas as pd

    if not isinstance(X, pd.DataFrame):
        raise TypeError(f"Expected a pandas DataFrame, got {type(X)}")
    columns = list(X.columns)
    data = [X[c].tolist() for c in columns]  # Python scalars, column by column
    xs = ({c: col[i] for c, col in zip(columns, data)} for i in range(len(X)))
    if y is None:
        rows = ((x, None) for x in xs)
    elif isinstance(y, pd.DataFrame):
        ycols = list(y.columns)
        ydata = [y[c].tolist() for c in ycols]
        rows = zip(xs, ({c: col[i] for c, col in zip(ycols, ydata)} for i in range(len(y))))
    elif isinstance(y, pd.Series):
        rows = zip(xs, y.tolist())
    else:
        raise TypeError(f"Expected a pandas DataFrame or Series, got {type(y)}")
    if shuffle:
        rows = list(rows)
        random.Random(seed).shuffle(rows)
    yield from rows


def iter_pandas(X, y=None, **kwargs):
    """Iterates over the rows of a pandas DataFrame (River's ``stream.iter_pandas``, which River
    0.26 keeps as an alias of ``iter_frame``; no deprecation warning here).

    Examples
    --------
    >>> import pandas as pd
    >>> from streamwise import stream
    >>> next(stream.iter_pandas(pd.DataFrame({'a': [1.5]}), pd.Series([3])))
    ({'a': 1.5}, 3)
    """
    import pandas as pd

    if not isinstance(X, pd.DataFrame):
        raise TypeError(f"Expected a pandas DataFrame, got {type(X)}")
    if y is not None and not isinstance(y, (pd.DataFrame, pd.Series)):
        raise TypeError(f"Expected a pandas DataFrame or Series, got {type(y)}")
    yield from iter_frame(X, y, **kwargs)
