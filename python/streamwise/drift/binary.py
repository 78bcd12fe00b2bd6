"""streamwise.drift.binary: drift detectors for streams of 0/1 errors."""

from streamwise._core.drift.binary import DDM, EDDM, FHDDM, HDDMA, HDDMW

__all__ = ["DDM", "EDDM", "FHDDM", "HDDMA", "HDDMW"]
