#!/usr/bin/env bash
# The main job (README): builds streamwise and runs the drift-monitor demo on a seeded
# synthetic stream. Extra arguments go to the demo: [n_per_regime] [seed].
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake --preset release -DSTREAMWISE_BUILD_TESTS=OFF >/dev/null
cmake --build --preset release -j"$(nproc)" --target example_drift_monitor
exec build/release/examples/example_drift_monitor "$@"
