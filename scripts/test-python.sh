#!/usr/bin/env bash
# Builds the Python package with `pip install .` (scikit-build-core + pybind11, Release) into the
# current interpreter and runs the Python tests: the conformance suite, parity with River 0.26.1,
# bad input, and the doctests of the package's docstrings.
#   scripts/test-python.sh            install, then pytest
#   scripts/test-python.sh --no-build pytest against the installed package only
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-python3}

if [ "${1:-}" != "--no-build" ]; then
  echo "== test dependencies"
  "$python" -m pip install --quiet pytest pandas numpy "river==0.26.1"
  echo "== pip install . (builds the extension)"
  "$python" -m pip install --quiet .
fi

# Run from outside the source tree so `import streamwise` is the installed package.
run_dir=$(mktemp -d)
trap 'rm -rf "$run_dir"' EXIT
repo=$(pwd)
cd "$run_dir"
"$python" -c "import streamwise; print('streamwise', streamwise.__version__, 'from', streamwise.__file__)"

echo "== pytest (conformance, parity with River, bad input)"
"$python" -m pytest -q -p no:cacheprovider --rootdir="$repo" "$repo/tests/python"

echo "== doctests of the installed package"
pkg=$("$python" -c "import streamwise, os; print(os.path.dirname(streamwise.__file__))")
"$python" -m pytest -q -p no:cacheprovider --doctest-modules "$pkg"

echo "== Python examples"
for example in "$repo"/examples/python/*.py; do
  echo "-- $example"
  "$python" "$example" >/dev/null
done
