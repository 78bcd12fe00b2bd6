#!/usr/bin/env bash
# The one command of the side-by-side comparison (issue 7): install, materialise the streams,
# run every (library, model, stream) one process at a time, write the report and the plots.
#
#   bench/compare/run.sh                # everything, full streams (long: hours for the forests)
#   bench/compare/run.sh --cheap        # full streams, cheap models only (no HAT / ARF)
#   bench/compare/run.sh --small        # every model, first 2,000 rows of each stream
#   bench/compare/run.sh --smoke        # CI-sized: 300 rows, the small bundled streams + series
#   bench/compare/run.sh --install-streamwise ...   # also pip-install this repo into the venv
#   extra arguments go to orchestrate.py (--models, --streams, --libs, --n, --timeout)
#
# Environment: PYTHON (interpreter that creates the venv, default python3, needs 3.11+),
# COMPARE_VENV (where the venv lives, default build/compare-venv; point it outside a fresh
# clone, e.g. in CI, to reuse it across clones),
# STREAMWISE_PYTHONPATH (prepended to sys.path by the two streamwise Python runners),
# STREAMWISE_COMPARE_DRIVER (native driver, default build/release/bench/compare_driver).
# Output: build/compare-results/ or $COMPARE_RESULTS_DIR (report.md, *.png, one JSON record
# per run); the streams go to build/compare-data/ or $COMPARE_DATA_DIR.
# Exit status: non-zero if a run failed or a streamwise metric is outside River's tolerance.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
VENV="${COMPARE_VENV:-$REPO/build/compare-venv}"
PY="${PYTHON:-python3}"

args=()
install_sw=0
for a in "$@"; do
  case "$a" in
    --small) args+=(--n 2000) ;;
    --smoke) args+=(--n 300 --streams phishing,trump,series) ;;
    --install-streamwise) install_sw=1 ;;
    -h|--help) sed -n '2,/^set /p' "$0" | sed '$d'; exit 0 ;;
    *) args+=("$a") ;;
  esac
done

if ! command -v java >/dev/null 2>&1; then
  echo "error: CapyMOA runs MOA on a JDK and no 'java' is on PATH (Java 17 works;" \
       "on Debian: apt-get install openjdk-17-jdk-headless)" >&2
  exit 2
fi

if ! "$VENV/bin/python" -c "import river, capymoa, matplotlib" >/dev/null 2>&1; then
  echo "== creating $VENV"
  "$PY" -m venv "$VENV"
  # Plain install: capymoa's own requirements contain no PyTorch (torch is an optional extra
  # we do not request), so this pulls ~560 MB, mostly the MOA jar, numpy/scipy/pandas/sklearn.
  "$VENV/bin/pip" install --quiet -r "$HERE/requirements.txt"
  "$VENV/bin/python" "$HERE/check_install.py"
fi
if [ "$install_sw" = 1 ]; then
  echo "== installing streamwise from $REPO into $VENV"
  "$VENV/bin/pip" install --quiet "$REPO"
fi

echo "== streams"
"$VENV/bin/python" "$HERE/streams.py"
echo "== runs"
rc=0
"$VENV/bin/python" "$HERE/orchestrate.py" ${args[@]+"${args[@]}"} || rc=$?
echo "== report"
"$VENV/bin/python" "$HERE/report.py" || rc=$?
echo "report: ${COMPARE_RESULTS_DIR:-$REPO/build/compare-results}/report.md"
exit "$rc"
