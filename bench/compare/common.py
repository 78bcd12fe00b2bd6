"""Shared helpers for the comparison runners: stream loading, curve points, result records.

Every runner reads the CSV files written by streams.py, so all libraries see identical rows.
A runner prints exactly one JSON object on stdout (its record); orchestrate.py adds the peak
memory of the runner process and writes the record to build/compare-results/.
"""

import csv
import json
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DATA_DIR = Path(os.environ.get("COMPARE_DATA_DIR", REPO / "build" / "compare-data"))
RESULTS_DIR = Path(os.environ.get("COMPARE_RESULTS_DIR", REPO / "build" / "compare-results"))

# Models: key -> (task, display name). "series" models run over series.csv.
MODELS = {
    "scaler_logreg": ("classification", "StandardScaler|LogisticRegression"),
    "linreg": ("regression", "LinearRegression"),
    "ht_clf": ("classification", "HoeffdingTreeClassifier"),
    "hat_clf": ("classification", "HoeffdingAdaptiveTreeClassifier"),
    "ht_reg": ("regression", "HoeffdingTreeRegressor"),
    "arf10_clf": ("classification", "ARFClassifier(10)"),
    "adwin": ("series", "ADWIN.update"),
    "var": ("series", "stats.Var.update"),
    "quantile": ("series", "stats.Quantile.update"),
}

# Models cheap enough to run at full size on every stream in a short session.
CHEAP_MODELS = ["scaler_logreg", "linreg", "ht_clf", "ht_reg", "adwin", "var", "quantile"]

CURVE_POINTS = 100  # one curve point every 1% of the stream


def load_manifest():
    path = DATA_DIR / "manifest.json"
    if not path.exists():
        sys.exit(f"error: {path} is missing; run bench/compare/streams.py first")
    return json.loads(path.read_text())


def stream_info(name):
    manifest = load_manifest()
    if name not in manifest:
        sys.exit(f"error: unknown stream {name!r}; known: {', '.join(manifest)}")
    return manifest[name]


def read_stream(name, n=None):
    """Return (feature_names, rows as lists of floats, targets, info) for a materialised stream.

    Classification targets are ints, regression targets floats; series streams have one
    feature column `x` and no target (targets is an empty list).
    """
    info = stream_info(name)
    path = DATA_DIR / info["file"]
    with path.open(newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        target = info.get("target")
        ti = header.index(target) if target else None
        names = [h for i, h in enumerate(header) if i != ti]
        rows, ys = [], []
        for k, rec in enumerate(reader):
            if n is not None and k >= n:
                break
            rows.append([float(v) for i, v in enumerate(rec) if i != ti])
            if ti is not None:
                ys.append(int(rec[ti]) if info["task"] == "classification" else float(rec[ti]))
    return names, rows, ys, info


def curve_step(n):
    """Samples between two curve points (every 1%, at least 1)."""
    return max(1, n // CURVE_POINTS)


def emit(record):
    """Print the runner's record as one JSON line on stdout, with this process's peak RSS
    (unless the record already carries the peak of the program it measured)."""
    if record.get("status") == "ok" and "peak_rss_kb" not in record:
        record["peak_rss_kb"] = peak_rss_kb()
        record["peak_rss_source"] = "VmHWM of the runner process"
    sys.stdout.write(json.dumps(record) + "\n")
    sys.stdout.flush()


def skipped(library, model, stream, reason):
    emit({"library": library, "model": model, "stream": stream, "status": "skipped",
          "reason": reason})


def peak_rss_kb():
    """Peak resident set size of this process so far, in KiB.

    Reads VmHWM from /proc/self/status: it belongs to this program's address space, which
    execve creates afresh. ru_maxrss (getrusage, wait4) is not used first because Linux carries
    the parent's peak over fork+exec into it, so a small program started by a large Python
    process would report the parent's size. Falls back to ru_maxrss where /proc is missing.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


class Timer:
    """Wall-clock timer around the learning loop only (perf_counter)."""

    def __enter__(self):
        self.start = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.start
        return False
