"""streamwise.tree: River's Hoeffding trees on the C++ core (``tree.splitter`` holds the numeric
splitters they take as their ``splitter`` parameter)."""

import sys as _sys

from streamwise._core.tree import *  # noqa: F401,F403
from streamwise._core import tree as _impl
from streamwise._core.tree import splitter  # noqa: F401

# `import streamwise.tree.splitter` (and so pickle) finds the compiled submodule.
_sys.modules[__name__ + ".splitter"] = splitter

__all__ = [name for name in dir(_impl) if not name.startswith("_")]
