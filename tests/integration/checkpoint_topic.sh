#!/usr/bin/env bash
# Checkpoints in a compacted Kafka topic (checkpoint.topic, no checkpoint file):
#  1. `kill -9` of the learner at 5 random points, each followed by a restart that restores from
#     the topic -> the final state equals an uninterrupted run's (model digest, 200 probe
#     predictions, exactly 45,312 events learnt: none twice, none skipped);
#  2. a checkpoint larger than Kafka's 1 MB message limit (4,000 per-key models) is written in
#     chunks, restored by a second run, and ends with the per-key models of an uninterrupted run;
#  3. a damaged chunk: the newest checkpoint is refused with a clear message and the learner falls
#     back to the previous intact one; with no intact one, the learner refuses to start.
source "$(dirname "$0")/common.sh"
require_elec
: "${STATE_TOOL:?}"
topic="ctopic-$RUN_ID"
state="$topic-state"
csv_to_jsonl "$ELEC" >"$WORK/$topic.jsonl"
produce "$topic" "$WORK/$topic.jsonl"
head -n 201 "$ELEC" >"$WORK/$topic-probe.csv"
inspect_topic() {  # inspect_topic KEY [args]: the newest intact checkpoint of KEY in $state
  local key=$1
  shift
  "$STREAMWISE" inspect --config "$CONFIG" --set kafka.bootstrap.servers="$BOOTSTRAP" \
    --from-topic "$state" "$key" "$@"
}

# --- 1. kill -9 + restarts ---------------------------------------------------------------------
learn "$topic" "g-$topic-ref" "$WORK/$topic-ref.ckpt" >/dev/null
group="g-$topic-crash"
learn_args "$topic" "$group" ""  # checkpoint.path="" : the state is in the topic only
throttle=(--set checkpoint.topic="$state" --set input.rate_limit=4000
  --set checkpoint.every_events=1000 --set checkpoint.every_seconds=0.2
  --set kafka_consumer.group.instance.id="learner-$topic" --set kafka_consumer.session.timeout.ms=6000)
checkpoint_learned() {
  inspect_topic "$group/learner" 2>/dev/null | sed -n 's/^learned: //p' || true
}
RANDOM=$$
for k in 1 2 3 4 5; do
  "$STREAMWISE" "${LEARN_ARGS[@]}" "${throttle[@]}" >"$WORK/$topic-run$k.log" 2>&1 &
  pid=$!
  # Kill points tied to progress (k * 7000 + U(0, 2000) learnt events, and past the previous
  # kill's checkpoint), polled once the run has restored its state from the topic.
  target=$((k * 7000 + RANDOM % 2000))
  [ "$target" -gt "${previous:-0}" ] || target=$((previous + 1000 + RANDOM % 2000))
  polls=0
  while [ "$k" != 1 ] && ! grep -qs "restored checkpoint" "$WORK/$topic-run$k.log"; do
    kill -0 "$pid" 2>/dev/null || fail "run $k ended: $(cat "$WORK/$topic-run$k.log")"
    polls=$((polls + 1))
    [ "$polls" -lt 1200 ] || fail "run $k did not restore its state in 120 s"
    sleep 0.1
  done
  kill_at "$pid" "$target" "$k" "$WORK/$topic-run$k.log"
  after_kill "$k" "$target" "the topic's newest checkpoint"
done
"$STREAMWISE" "${LEARN_ARGS[@]}" "${throttle[@]}" >/dev/null 2>"$WORK/$topic-final.log"
grep "restored checkpoint" "$WORK/$topic-final.log" || fail "the final run did not restore from the topic"
"$STREAMWISE" inspect "$WORK/$topic-ref.ckpt" --probe "$WORK/$topic-probe.csv" | grep -v '^file:' >"$WORK/$topic-ref.txt"
inspect_topic "$group/learner" --probe "$WORK/$topic-probe.csv" | grep -v '^file:' >"$WORK/$topic-crash.txt"
grep -E '^(learned|accuracy|model_digest|offset):' "$WORK/$topic-crash.txt"
grep -q '^learned: 45312$' "$WORK/$topic-crash.txt" || fail "the crashed run did not learn exactly 45312 events"
diff "$WORK/$topic-ref.txt" "$WORK/$topic-crash.txt" || fail "the restarted learner differs from the uninterrupted one"
echo "OK 1: 5 kill -9 + restarts from the checkpoint topic, state identical to the uninterrupted run"

# --- 2. a checkpoint larger than 1 MB, in chunks -----------------------------------------------
big="$topic-big"
python3 - >"$WORK/$big.txt" <<'PY'
import random
rng = random.Random(5)
for i in range(12000):
    d = rng.randrange(4000)
    x = rng.uniform(-1.0, 1.0)
    print(f'k{d}\t{{"x":{x!r},"z":{rng.gauss(0.0, 1.0)!r},"class":"{int(x > 0)}"}}')
PY
produce_keyed "$big" "$WORK/$big.txt"
per_key=(--set model.per_key=true)
learn "$big" "g-$big-ref" "$WORK/$big-ref.ckpt" "${per_key[@]}" >/dev/null
learn_args "$big" "g-$big" ""
"$STREAMWISE" "${LEARN_ARGS[@]}" "${per_key[@]}" --set checkpoint.topic="$state" \
  --set input.max_events=7000 >/dev/null 2>"$WORK/$big-1.log" || fail "$(cat "$WORK/$big-1.log")"
"$STREAMWISE" "${LEARN_ARGS[@]}" "${per_key[@]}" --set checkpoint.topic="$state" \
  >/dev/null 2>"$WORK/$big-2.log" || fail "$(cat "$WORK/$big-2.log")"
grep "restored checkpoint" "$WORK/$big-2.log" || fail "the second run did not restore the big checkpoint"
bytes=$(sed -n 's/.*restored checkpoint #[0-9]* .*(\([0-9]*\) bytes;.*/\1/p' "$WORK/$big-2.log")
[ "${bytes:-0}" -gt 1048576 ] || fail "the restored checkpoint has ${bytes:-0} bytes, not more than 1 MiB"
inspect_topic "g-$big/learner" >"$WORK/$big-topic.txt"
"$STREAMWISE" inspect "$WORK/$big-ref.ckpt" >"$WORK/$big-ref.txt"
head -n 1 "$WORK/$big-topic.txt"
grep -q '^learned: 12000$' "$WORK/$big-topic.txt" || fail "the chunked run did not learn 12000 events"
diff <(grep -E '^(key_models?|model_digest|accuracy):' "$WORK/$big-ref.txt") \
  <(grep -E '^(key_models?|model_digest|accuracy):' "$WORK/$big-topic.txt") ||
  fail "the per-key models restored from chunks differ from the uninterrupted run's"
echo "OK 2: a $bytes-byte checkpoint round-tripped through chunks; $(sed -n 's/^key_models: //p' "$WORK/$big-topic.txt") key models equal the reference"

# --- 3. a damaged chunk ------------------------------------------------------------------------
"$STATE_TOOL" damage "$BOOTSTRAP" "$state" "g-$big/learner" "g-$big/learner"
"$STREAMWISE" "${LEARN_ARGS[@]}" "${per_key[@]}" --set checkpoint.topic="$state" \
  >"$WORK/$big-3.out" 2>"$WORK/$big-3.log" || fail "$(cat "$WORK/$big-3.log")"
grep "refused" "$WORK/$big-3.log" || fail "the damaged checkpoint was not reported"
grep -q "refused: chunk 0 of [0-9]* is damaged (chunk checksum mismatch)" "$WORK/$big-3.log" ||
  fail "unexpected message: $(cat "$WORK/$big-3.log")"
grep "restored checkpoint.*(the previous intact one)" "$WORK/$big-3.log" ||
  fail "the learner did not fall back to the previous intact checkpoint"
grep -q 'learned=12000 ' "$WORK/$big-3.out" || fail "after the fallback: $(cat "$WORK/$big-3.out")"
# Only a damaged checkpoint for a group: the learner refuses to start (as with a damaged file).
"$STATE_TOOL" damage "$BOOTSTRAP" "$state" "g-$big/learner" "g-$big-broken/learner"
learn_args "$big" "g-$big-broken" ""
if "$STREAMWISE" "${LEARN_ARGS[@]}" "${per_key[@]}" --set checkpoint.topic="$state" \
  >/dev/null 2>"$WORK/$big-4.log"; then
  fail "a learner started from a damaged checkpoint"
fi
cat "$WORK/$big-4.log"
grep -q "^streamwise: checkpoint topic $state: no intact checkpoint of 'g-$big-broken/learner' (checkpoint #1 of 'g-$big-broken/learner' refused: chunk 0 of [0-9]* is damaged (chunk checksum mismatch))$" "$WORK/$big-4.log" ||
  fail "unexpected refusal message"
# A topic that is not compacted is refused.
plain="$topic-plain"
echo x | kcat -b "$BOOTSTRAP" -P -t "$plain"
if "$STREAMWISE" "${LEARN_ARGS[@]}" --set checkpoint.topic="$plain" >/dev/null 2>"$WORK/$plain.log"; then
  fail "a delete-policy topic was accepted as the checkpoint topic"
fi
grep -q "exists with cleanup.policy=delete: a checkpoint topic must be compacted" "$WORK/$plain.log" ||
  fail "unexpected message: $(cat "$WORK/$plain.log")"
echo "OK 3: a damaged chunk is refused (fallback to the previous checkpoint, or no start); a non-compacted topic is refused"
