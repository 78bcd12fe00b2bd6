#!/usr/bin/env bash
# The main job (README): the learner loop end to end on a real local Kafka broker.
#   1. installs what it needs, builds the `streamwise` command (Release);
#   2. starts a single-node Apache Kafka broker (KRaft, jars fetched with Maven, 127.0.0.1);
#   3. writes a seeded synthetic stream with an abrupt concept change (River's rows) to a topic;
#   4. `streamwise learn`: predicts every event, learns its label, publishes predictions, drift
#      alerts and metrics, checkpoints model + offsets;
#   5. checks the loop against `streamwise eval` on the same rows (same accuracy, to the digit),
#      shows the alerts and the checkpoint, and stops the broker.
# Environment: DEMO_PORT (default 19192), DEMO_EVENTS (default 50000).
set -euo pipefail
cd "$(dirname "$0")/.."

port=${DEMO_PORT:-19192}
events=${DEMO_EVENTS:-50000}
work=build/demo
cli=build/release/src/cli/streamwise

scripts/install-deps.sh
echo "== building the streamwise command (Release)"
cmake --preset release -DSTREAMWISE_BUILD_TESTS=OFF >/dev/null
cmake --build --preset release -j"$(nproc)" --target streamwise_cli

rm -rf "$work" && mkdir -p "$work"
echo "== starting Apache Kafka on 127.0.0.1:$port"
scripts/kafka-broker.sh start --port "$port" --data "$work/broker"
trap 'scripts/kafka-broker.sh stop --port "$port" >/dev/null 2>&1 || true' EXIT
bootstrap=127.0.0.1:$port

echo "== producing $events events (Agrawal, concept change at event $((events / 2)))"
"$cli" generate --stream agrawal-drift --seed 42 -n "$events" --position $((events / 2)) \
  --key device >"$work/events.jsonl"
kcat -b "$bootstrap" -P -X enable.idempotence=true -t demo-events -l "$work/events.jsonl"

echo "== streamwise learn (HoeffdingTreeClassifier, ADWIN on the error)"
"$cli" learn --config examples/kafka/demo.toml --set kafka.bootstrap.servers="$bootstrap" \
  --checkpoint "$work/demo-learner.ckpt" >"$work/learn.out" 2>"$work/learn.err"
tail -n 4 "$work/learn.err"
cat "$work/learn.out"

predictions=$(kcat -b "$bootstrap" -C -t demo-predictions -o beginning -e -q | wc -l)
echo "== $predictions prediction records; the first two:"
kcat -b "$bootstrap" -C -t demo-predictions -o beginning -c 2 -e -q
echo "== drift alerts:"
kcat -b "$bootstrap" -C -t demo-alerts -o beginning -e -q
echo "== the same rows offline (streamwise eval):"
"$cli" eval "$work/events.jsonl" --config examples/kafka/demo.toml | tee "$work/eval.out"
echo "== the checkpoint (model, offsets, counters):"
"$cli" inspect "$work/demo-learner.ckpt" | head -n 20
if [ "$predictions" -ne "$events" ]; then
  echo "demo: expected $events prediction records, got $predictions" >&2
  exit 1
fi
online=$(grep -o 'accuracy=[0-9.]*' "$work/learn.out")
offline=$(grep -o 'accuracy=[0-9.]*' "$work/eval.out")
if [ "$online" != "$offline" ]; then
  echo "demo: the loop's $online differs from eval's $offline" >&2
  exit 1
fi
echo "== the Kafka loop and the offline evaluation agree: $online"
echo "== demo done"
