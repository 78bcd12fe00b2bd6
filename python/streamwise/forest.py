"""streamwise.forest: River's adaptive random forests on the C++ core."""

from streamwise._core.forest import *  # noqa: F401,F403
from streamwise._core import forest as _impl

__all__ = [name for name in dir(_impl) if not name.startswith("_")]
