"""streamwise.metrics: River's `metrics` module on the C++ core."""

from streamwise._core.metrics import *  # noqa: F401,F403
from streamwise._core import metrics as _impl

__all__ = [name for name in dir(_impl) if not name.startswith("_")]
