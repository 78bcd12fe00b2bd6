#!/usr/bin/env bash
# SIGTERM finishes cleanly (final checkpoint, offsets committed), and /metrics serves the
# Prometheus figures while the learner runs.
source "$(dirname "$0")/common.sh"
require_elec
topic="term-$RUN_ID"
csv_to_jsonl "$ELEC" >"$WORK/$topic.jsonl"
produce "$topic" "$WORK/$topic.jsonl"
port=$((19500 + $$ % 400))

learn_args "$topic" "g-$topic" "$WORK/$topic.ckpt"
"$STREAMWISE" "${LEARN_ARGS[@]}" --set input.stop_at_eof=false --set metrics.port="$port" \
  >"$WORK/$topic.out" 2>"$WORK/$topic.log" &
pid=$!
for _ in $(seq 120); do
  curl -s "http://127.0.0.1:$port/metrics" >"$WORK/$topic.metrics" || true
  grep -q '^streamwise_learned_total 45312$' "$WORK/$topic.metrics" && break
  sleep 0.5
done
grep -v '^#' "$WORK/$topic.metrics"
grep -q '^streamwise_learned_total 45312$' "$WORK/$topic.metrics" || fail "/metrics never showed 45312 learnt"
for g in streamwise_events_total streamwise_accuracy streamwise_events_per_second streamwise_lag \
  streamwise_drifts_total streamwise_dead_letters_total; do
  grep -q "^$g " "$WORK/$topic.metrics" || fail "/metrics lacks $g"
done

kill -TERM "$pid"
wait "$pid" || fail "learn exited with status $? after SIGTERM"
echo "after SIGTERM: $(cat "$WORK/$topic.out")"
"$STREAMWISE" inspect "$WORK/$topic.ckpt" | grep -q '^learned: 45312$' || fail "final checkpoint incomplete"
# The offsets were committed: the same group with no checkpoint starts at the end.
again=$(learn "$topic" "g-$topic" "$WORK/$topic-again.ckpt")
[ "$(field events <<<"$again")" = 0 ] || fail "the group's committed offsets are not at the end: $again"
echo "OK: /metrics served; SIGTERM wrote the final checkpoint and committed the offsets"
