#!/usr/bin/env bash
# Runs every Google Benchmark binary in bench/ on a release build and writes JSON results to
# build/bench-results/. Figures in docs/benchmarks.md come from this command.
#   scripts/bench.sh [benchmark-filter-regex]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake --preset release -DSTREAMWISE_BUILD_TESTS=OFF -DSTREAMWISE_BUILD_EXAMPLES=OFF >/dev/null
cmake --build --preset release -j"$(nproc)"
out=build/bench-results
mkdir -p "$out"
for bench in build/release/bench/bench_*; do
  name=$(basename "$bench")
  echo "== $name"
  "$bench" --benchmark_filter="${1:-.}" --benchmark_repetitions=3 \
    --benchmark_report_aggregates_only=true --benchmark_out="$out/$name.json" \
    --benchmark_out_format=json
done
