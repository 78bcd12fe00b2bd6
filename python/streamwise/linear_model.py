"""streamwise.linear_model: River's `linear_model` module on the C++ core."""

from streamwise._core.linear_model import *  # noqa: F401,F403
from streamwise._core import linear_model as _impl

__all__ = [name for name in dir(_impl) if not name.startswith("_")]
