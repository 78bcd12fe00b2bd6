"""streamwise.checkpoint: save a model to a file and load it back.

The file holds the model's pickle state written without pickle: plain JSON describing which
streamwise class to rebuild, with the C++ checkpoint bytes (each CRC-checked by the C++ loader)
and the feature names / labels. Loading never runs arbitrary code: only streamwise classes are
instantiated, and labels may be str, int, float, bool or None. Writes are atomic (temporary
file, fsync, rename).

Examples
--------
>>> import os, tempfile
>>> from streamwise import checkpoint, linear_model, preprocessing
>>> model = preprocessing.StandardScaler() | linear_model.LogisticRegression()
>>> for x, y in [({'a': 1.0}, True), ({'a': -1.0}, False)] * 5:
...     model.learn_one(x, y)
>>> path = os.path.join(tempfile.mkdtemp(), 'model.swpy')
>>> checkpoint.save(model, path)
>>> restored = checkpoint.load(path)
>>> restored.predict_proba_one({'a': 0.5}) == model.predict_proba_one({'a': 0.5})
True
"""

from __future__ import annotations

import base64
import importlib
import json
import os
import tempfile

from streamwise._core import CheckpointError

__all__ = ["CheckpointError", "save", "load", "dumps", "loads"]

_MAGIC = "streamwise-python-checkpoint"
_FORMAT = 1
_MAX_BYTES = 1 << 30


def _encode(value):
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return {"int": str(value)}
    if isinstance(value, float):
        return {"float": repr(value)}
    if isinstance(value, bytes):
        return {"bytes": base64.b64encode(value).decode("ascii")}
    if isinstance(value, (list, tuple)):
        return {"list" if isinstance(value, list) else "tuple": [_encode(v) for v in value]}
    cls = type(value)
    if cls.__module__.startswith("streamwise.") and hasattr(value, "__getstate__"):
        return {"object": [cls.__module__, cls.__qualname__], "state": _encode(value.__getstate__())}
    raise TypeError(f"cannot checkpoint a value of type {cls.__name__}: {value!r}")


def _decode(value):
    if value is None or isinstance(value, (bool, str)):
        return value
    if not isinstance(value, dict) or len(value) not in (1, 2):
        raise CheckpointError("checkpoint is damaged: unexpected value")
    if "int" in value:
        return int(value["int"])
    if "float" in value:
        return float(value["float"])
    if "bytes" in value:
        return base64.b64decode(value["bytes"], validate=True)
    if "list" in value:
        return [_decode(v) for v in value["list"]]
    if "tuple" in value:
        return tuple(_decode(v) for v in value["tuple"])
    if "object" in value:
        module, name = value["object"]
        if not (module == "streamwise" or module.startswith("streamwise.")) or "." in name:
            raise CheckpointError(f"checkpoint names a foreign class {module}.{name}")
        cls = getattr(importlib.import_module(module), name, None)
        if cls is None or not hasattr(cls, "__setstate__"):
            raise CheckpointError(f"checkpoint names an unknown class {module}.{name}")
        obj = cls.__new__(cls)
        obj.__setstate__(_decode(value["state"]))
        return obj
    raise CheckpointError("checkpoint is damaged: unexpected value")


def dumps(model) -> bytes:
    """The checkpoint of ``model`` as bytes."""
    doc = {"magic": _MAGIC, "format": _FORMAT, "model": _encode(model)}
    return json.dumps(doc, separators=(",", ":")).encode("utf-8")


def loads(data: bytes):
    """Rebuilds a model from :func:`dumps` bytes; raises :class:`CheckpointError` when they are
    not an intact streamwise checkpoint."""
    if len(data) > _MAX_BYTES:
        raise CheckpointError("checkpoint exceeds the 1 GiB limit")
    try:
        doc = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise CheckpointError(f"not a streamwise checkpoint: {e}") from None
    if not isinstance(doc, dict) or doc.get("magic") != _MAGIC:
        raise CheckpointError("not a streamwise checkpoint: bad magic")
    if doc.get("format") != _FORMAT:
        raise CheckpointError(f"unsupported checkpoint format {doc.get('format')!r}")
    try:
        return _decode(doc["model"])
    except CheckpointError:
        raise
    except (KeyError, TypeError, ValueError) as e:
        raise CheckpointError(f"checkpoint is damaged: {e}") from None


def save(model, path) -> None:
    """Writes ``model`` to ``path`` atomically."""
    data = dumps(model)
    path = os.fspath(path)
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=".swpy-")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    dir_fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def load(path):
    """Reads a model written by :func:`save`."""
    with open(path, "rb") as f:
        data = f.read(_MAX_BYTES + 1)
    return loads(data)
