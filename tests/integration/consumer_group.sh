#!/usr/bin/env bash
# Test 6: two learners in one consumer group on a 4-partition topic share the partitions, and
# their per-key models survive the rebalances: with one model per key and one checkpoint per
# partition, every key's final model equals the one a single learner builds on a one-partition
# copy of the topic, and every event is learnt exactly once.
source "$(dirname "$0")/common.sh"
: "${CREATE_TOPIC:?}"
topic="group-$RUN_ID"
device_stream "$topic"

# Reference: one learner, one partition, one model per key.
learn "$topic-ref" "g-$topic-ref" "$WORK/$topic-ref.ckpt" --set model.per_key=true >/dev/null
"$STREAMWISE" inspect "$WORK/$topic-ref.ckpt" | grep '^key_model: ' | sort >"$WORK/$topic-ref.keys"
[ "$(wc -l <"$WORK/$topic-ref.keys")" = 16 ] || fail "reference has $(wc -l <"$WORK/$topic-ref.keys") key models"

# Two learners in one group, state per partition in a shared directory; B joins while A runs.
dir="$WORK/$topic-state"
learn_args "$topic" "g-$topic" "$dir"
group_args=(--set model.per_key=true --set checkpoint.per_partition=true --set input.rate_limit=3000
  --set checkpoint.every_seconds=0.5 --set metrics.progress_seconds=0)
learner_pair "$topic" "$PWD" "$PWD" "${group_args[@]}"
# (grep reads the files itself: `cat | grep -q` fails under pipefail when grep exits first)
grep -q "loaded the state" "$WORK/$topic-a.log" "$WORK/$topic-b.log" ||
  fail "no partition state moved between the learners"

total=0
: >"$WORK/$topic-group.keys"
for f in "$dir"/*.ckpt; do
  "$STREAMWISE" inspect "$f" >"$f.txt"
  total=$((total + $(sed -n 's/^learned: //p' "$f.txt")))
  grep '^key_model: ' "$f.txt" >>"$WORK/$topic-group.keys"
done
[ "$(ls "$dir"/*.ckpt | wc -l)" = 4 ] || fail "expected 4 partition checkpoints"
[ "$total" = 16000 ] || fail "the partitions learnt $total events, expected 16000"
sort -o "$WORK/$topic-group.keys" "$WORK/$topic-group.keys"
diff "$WORK/$topic-ref.keys" "$WORK/$topic-group.keys" || fail "per-key models differ from the reference"
echo "OK: 2 learners, 4 partitions, 16000 events learnt once, 16 per-key models equal the reference"
