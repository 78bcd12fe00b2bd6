"""streamwise.drift: River's concept-drift detectors on the C++ core."""

from streamwise._core.drift import ADWIN, KSWIN, PageHinkley
from streamwise.drift import binary

__all__ = ["ADWIN", "KSWIN", "PageHinkley", "binary"]
