#!/usr/bin/env bash
# The test command (README, CI): installs dependencies, builds everything, runs every test.
#   scripts/test.sh            full run: release tests, sanitizer tests, fuzzing, bench smoke, format
#   scripts/test.sh --quick    release tests only
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
jobs=$(nproc)
quick=0
if [ "${1:-}" = "--quick" ]; then quick=1; fi

echo "== format check"
git ls-files '*.hpp' '*.cpp' | xargs clang-format --dry-run --Werror

echo "== release build and tests"
cmake --preset release >/dev/null
cmake --build --preset release -j"$jobs"
ctest --preset release -j"$jobs"
if [ "$quick" = 1 ]; then exit 0; fi

echo "== benchmark smoke run (each benchmark once, briefly; figures come from scripts/bench.sh)"
for bench in build/release/bench/bench_*; do
  [ -x "$bench" ] || continue
  "$bench" --benchmark_min_time=0.001 >/dev/null
done

echo "== AddressSanitizer + UndefinedBehaviorSanitizer build and tests"
cmake --preset asan >/dev/null
cmake --build --preset asan -j"$jobs"
ctest --preset asan -j"$jobs" -LE install

echo "== checkpoint loader fuzzing (libFuzzer, ${FUZZ_SECONDS:-30}s)"
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j"$jobs"
corpus=build/fuzz/corpus
rm -rf "$corpus" && mkdir -p "$corpus"
build/fuzz/fuzz/fuzz_checkpoint_corpus "$corpus"
build/fuzz/fuzz/fuzz_checkpoint -max_total_time="${FUZZ_SECONDS:-30}" -rss_limit_mb=2048 \
  -print_final_stats=1 "$corpus" 2>&1 | tail -n 4

echo "== all tests passed"
