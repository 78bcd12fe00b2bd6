#!/usr/bin/env bash
# Two learners in one consumer group on a 4-partition topic, state per partition in a compacted
# checkpoint topic and NO shared directory (checkpoint.topic + checkpoint.per_partition): each
# partition's state (its per-key models) moves with the partition through the topic when the
# group rebalances; every key's final model equals the one a single learner builds on a
# one-partition copy, and every event is learnt exactly once.
source "$(dirname "$0")/common.sh"
: "${CREATE_TOPIC:?}"
# The documented example: state per partition in a checkpoint topic (overridden per test below).
CONFIG="$SOURCE_DIR/examples/learner/learn-topic-state.toml"
topic="tgroup-$RUN_ID"
state="$topic-state"
device_stream "$topic"

# Reference: one learner, one partition, one model per key, a checkpoint file.
learn "$topic-ref" "g-$topic-ref" "$WORK/$topic-ref.ckpt" --set model.per_key=true \
  --set checkpoint.topic= --set checkpoint.per_partition=false >/dev/null
"$STREAMWISE" inspect "$WORK/$topic-ref.ckpt" | grep '^key_model: ' | sort >"$WORK/$topic-ref.keys"
[ "$(wc -l <"$WORK/$topic-ref.keys")" = 16 ] || fail "reference has $(wc -l <"$WORK/$topic-ref.keys") key models"

# Two learners in one group; each has its own working directory and no checkpoint path.
group="g-$topic"
learn_args "$topic" "$group" ""
group_args=(--set model.per_key=true --set checkpoint.per_partition=true
  --set checkpoint.topic="$state" --set input.rate_limit=3000
  --set checkpoint.every_seconds=0.5 --set metrics.progress_seconds=0)
mkdir -p "$WORK/$topic-a" "$WORK/$topic-b"
learner_pair "$topic" "$WORK/$topic-a" "$WORK/$topic-b" "${group_args[@]}"
grep -q "loaded the state of .* from checkpoint topic $state" "$WORK/$topic-a.log" "$WORK/$topic-b.log" ||
  fail "no partition state moved between the learners through the topic"
[ -z "$(find "$WORK/$topic-a" "$WORK/$topic-b" -type f)" ] || fail "a learner wrote files"

total=0
: >"$WORK/$topic-group.keys"
for p in 0 1 2 3; do
  "$STREAMWISE" inspect --config "$CONFIG" --set kafka.bootstrap.servers="$BOOTSTRAP" \
    --from-topic "$state" "$group/$topic-$p" >"$WORK/$topic-$p.txt" || fail "no state for partition $p"
  total=$((total + $(sed -n 's/^learned: //p' "$WORK/$topic-$p.txt")))
  grep '^key_model: ' "$WORK/$topic-$p.txt" >>"$WORK/$topic-group.keys"
done
[ "$total" = 16000 ] || fail "the partitions learnt $total events, expected 16000"
sort -o "$WORK/$topic-group.keys" "$WORK/$topic-group.keys"
diff "$WORK/$topic-ref.keys" "$WORK/$topic-group.keys" || fail "per-key models differ from the reference"
echo "OK: 2 learners, no shared directory, 4 partition states in topic $state: 16000 events learnt once, 16 per-key models equal the reference"
