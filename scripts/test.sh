#!/usr/bin/env bash
# The test command (README, CI): installs dependencies, builds, and runs every test.
#   scripts/test.sh            format check; every C++ test (-O1), with the Kafka integration
#                              tests against a real local broker; core and checkpoint tests
#                              under ASan+UBSan; release build of the examples and benchmarks
#                              (each run once); the Python package (pip install . + pytest);
#                              checkpoint fuzzing
#   scripts/test.sh --quick    the tests in a release build only
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
jobs=$(nproc)

if [ "${1:-}" = "--quick" ]; then
  cmake --preset release >/dev/null
  cmake --build --preset release -j"$jobs"
  ctest --preset release -j"$jobs"
  exit 0
fi

echo "== format check (clang-format)"
git ls-files '*.hpp' '*.cpp' | xargs clang-format --dry-run --Werror

echo "== every C++ test (-O1 build), Kafka integration tests on a local broker included"
cmake --preset ci >/dev/null
cmake --build --preset ci -j"$jobs"
ctest --preset ci -j"$jobs"

# Sanitizers make each translation unit 3-4x slower to compile, so CI runs the core, the batch
# API and the checkpoint tests under them (the fuzzer below sanitizes every loader); the whole
# suite under sanitizers is `cmake --preset asan && cmake --build --preset asan && ctest --preset asan`.
echo "== core and checkpoint tests under AddressSanitizer + UndefinedBehaviorSanitizer"
cmake --preset asan >/dev/null
sanitized=$(cd tests/cpp && ls core/*_test.cpp io/*_test.cpp | sed 's|_test\.cpp$||; s|/|_|; s|^|test_|')
cmake --build --preset asan -j"$jobs" --target $sanitized example_sensor_service example_drift_monitor
ctest --preset asan -j"$jobs" -R '^(core|io)_'
build/asan/examples/example_sensor_service >/dev/null
build/asan/examples/example_drift_monitor 2000 >/dev/null

echo "== release build: examples and benchmarks, each run once (figures come from scripts/bench.sh)"
cmake --preset release -DSTREAMWISE_BUILD_TESTS=OFF >/dev/null
cmake --build --preset release -j"$jobs"
for example in build/release/examples/example_*; do
  echo "-- $example"
  "$example" >/dev/null
done
for bench in build/release/bench/bench_*; do
  echo "-- $bench"
  "$bench" --benchmark_min_time=0.001 >/dev/null
done

echo "== the Python package: pip install . (scikit-build-core), conformance and River parity"
scripts/test-python.sh
python3 bench/compare/selftest.py

echo "== checkpoint loader fuzzing (libFuzzer, ${FUZZ_SECONDS:-30}s)"
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j"$jobs"
corpus=build/fuzz/corpus
rm -rf "$corpus" && mkdir -p "$corpus"
build/fuzz/fuzz/fuzz_checkpoint_corpus "$corpus"
build/fuzz/fuzz/fuzz_checkpoint -max_total_time="${FUZZ_SECONDS:-30}" -rss_limit_mb=2048 \
  "$corpus" 2>&1 | tail -n 2

echo "== all tests passed"
