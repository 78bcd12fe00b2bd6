#!/usr/bin/env bash
# Test 3: `kill -9` of the learner at 5 random points, each followed by a restart from its
# checkpoint -> the final state equals an uninterrupted run's: identical model (digest and
# probe-set predictions), exactly 45,312 events learnt (none twice, none skipped), same accuracy.
source "$(dirname "$0")/common.sh"
require_elec
topic="crash-$RUN_ID"
csv_to_jsonl "$ELEC" >"$WORK/$topic.jsonl"
produce "$topic" "$WORK/$topic.jsonl"
head -n 201 "$ELEC" >"$WORK/$topic-probe.csv"

# The uninterrupted run.
learn "$topic" "g-$topic-ref" "$WORK/$topic-ref.ckpt" >/dev/null

# The interrupted run: throttled (8,000 events/s) so that the progress polls below see every
# kill point well before the end, checkpoints every 1000 events or 0.2 s.
# Static group membership (group.instance.id): a restarted learner takes its partition back at
# once instead of waiting for the killed member's session to expire.
ckpt="$WORK/$topic-crash.ckpt"
throttle=(--set input.rate_limit=8000 --set checkpoint.every_events=1000
  --set checkpoint.every_seconds=0.2 --set kafka_consumer.group.instance.id="learner-$topic"
  --set kafka_consumer.session.timeout.ms=6000)
learn_args "$topic" "g-$topic-crash" "$ckpt"
# Kill points are random but tied to progress, not to wall time (a loaded machine starts the
# learner slowly): run k is killed once its checkpoint holds at least k * 7000 + U(0, 2000)
# learnt events, so every kill lands mid-stream, before the last of the 45,312 events.
checkpoint_learned() {
  [ -f "$ckpt" ] && "$STREAMWISE" inspect "$ckpt" 2>/dev/null | sed -n 's/^learned: //p' || true
}
RANDOM=$$
for k in 1 2 3 4 5; do
  # Started directly (not through a shell function) so that $! is the learner itself.
  "$STREAMWISE" "${LEARN_ARGS[@]}" "${throttle[@]}" >"$WORK/$topic-run$k.log" 2>&1 &
  pid=$!
  target=$((k * 7000 + RANDOM % 2000))
  kill_at "$pid" "$target" "$k" "$WORK/$topic-run$k.log"
  kill -0 "$pid" 2>/dev/null && fail "the learner survived kill -9"
  after_kill "$k" "$target" "checkpoint"
done
"$STREAMWISE" "${LEARN_ARGS[@]}" "${throttle[@]}" >/dev/null 2>"$WORK/$topic-final.log"
grep -q "restored" "$WORK/$topic-final.log" || fail "the final run did not restore the checkpoint"

"$STREAMWISE" inspect "$WORK/$topic-ref.ckpt" --probe "$WORK/$topic-probe.csv" | grep -v '^file:' >"$WORK/$topic-ref.txt"
"$STREAMWISE" inspect "$ckpt" --probe "$WORK/$topic-probe.csv" | grep -v '^file:' >"$WORK/$topic-crash.txt"
grep -E '^(events|learned|accuracy|model_digest|offset):' "$WORK/$topic-crash.txt"
grep -q '^learned: 45312$' "$WORK/$topic-crash.txt" || fail "the crashed run did not learn exactly 45312 events"
diff "$WORK/$topic-ref.txt" "$WORK/$topic-crash.txt" || fail "the restarted learner differs from the uninterrupted one"
echo "OK: 5 kill -9 + restarts, state identical to the uninterrupted run (200 probe predictions equal)"
