"""streamwise.preprocessing: River's `preprocessing` module on the C++ core."""

from streamwise._core.preprocessing import *  # noqa: F401,F403
from streamwise._core import preprocessing as _impl

__all__ = [name for name in dir(_impl) if not name.startswith("_")]
