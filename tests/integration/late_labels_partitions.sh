#!/usr/bin/env bash
# Late labels with state per partition: events and labels on two 4-partition topics
# co-partitioned by key (the same keys, the same partitioner). Phase 1: one learner consumes the
# events while no label exists, so every event waits in its partition's pending buffer, saved in
# that partition's checkpoint. Phase 2: the shuffled labels arrive and two learners of one
# consumer group share the partitions (B joins while A runs, so states with their pending events
# and labels-topic offsets move between them). Every event is then learnt exactly once, nothing
# is evicted or left pending, and each partition's model equals the model a single learner
# builds from inline labels on the same partition.
source "$(dirname "$0")/common.sh"
: "${CREATE_TOPIC:?}"
require_elec
topic="latepart-$RUN_ID"
head -n 8001 "$ELEC" >"$WORK/$topic.csv"   # header + 8000 events

# Events keyed k<i> without their label; labels keyed the same, shuffled in blocks of 50.
python3 - "$WORK/$topic.csv" "$WORK/$topic" <<'PY'
import csv, random, sys
rows = list(csv.reader(open(sys.argv[1])))
header, rows = rows[0], rows[1:]
events, labels, inline = [], [], []
for i, row in enumerate(rows):
    fields = ",".join(f'"{h}":{v}' for h, v in zip(header[:-1], row[:-1]))
    events.append(f"k{i}\t{{{fields}}}")
    inline.append(f"k{i}\t{{{fields},\"class\":\"{row[-1]}\"}}")
    labels.append(f"k{i}\t{{\"class\":\"{row[-1]}\"}}")
rng = random.Random(8)
shuffled = []
for b in range(0, len(labels), 50):
    block = labels[b:b + 50]
    rng.shuffle(block)
    shuffled += block
for name, lines in (("events", events), ("labels", shuffled), ("inline", inline)):
    open(f"{sys.argv[2]}-{name}.txt", "w").write("\n".join(lines) + "\n")
PY
for t in events labels inline; do "$CREATE_TOPIC" "$BOOTSTRAP" "$topic-$t" 4; done
produce_keyed "$topic-events" "$WORK/$topic-events.txt"
produce_keyed "$topic-inline" "$WORK/$topic-inline.txt"

# Reference: inline labels, one learner, state per partition.
ref="$WORK/$topic-ref"
learn "$topic-inline" "g-$topic-ref" "$ref" --set checkpoint.per_partition=true >/dev/null

sum_field() {  # sum_field DIR NAME: NAME summed over the partition checkpoints in DIR
  local total=0 f
  for f in "$1"/*.ckpt; do
    total=$((total + $("$STREAMWISE" inspect "$f" | sed -n "s/^$2: //p")))
  done
  echo "$total"
}

# Phase 1: events only; every event waits in its partition's state.
dir="$WORK/$topic-state"
late_args=(--set checkpoint.per_partition=true --set labels.topic="$topic-labels"
  --set labels.max_pending=20000 --set checkpoint.every_seconds=0.5)
phase1=$(learn "$topic-events" "g-$topic" "$dir" "${late_args[@]}")
echo "events only: $phase1"
[ "$(ls "$dir"/*.ckpt | wc -l)" = 4 ] || fail "expected 4 partition checkpoints"
[ "$(sum_field "$dir" pending)" = 8000 ] || fail "$(sum_field "$dir" pending) events pending, expected 8000"
[ "$(sum_field "$dir" learned)" = 0 ] || fail "learnt before any label"

# Phase 2: the labels arrive; two learners share the partitions.
produce_keyed "$topic-labels" "$WORK/$topic-labels.txt"
learn_args "$topic-events" "g-$topic" "$dir"
learner_pair "$topic" "$PWD" "$PWD" "${late_args[@]}" --set input.rate_limit=1000
[ "$(field run_events <"$WORK/$topic-b.out")" -gt 0 ] || fail "learner B consumed no label"
if grep -h "came without events partition" "$WORK/$topic-a.log" "$WORK/$topic-b.log"; then
  fail "a labels partition was assigned apart from its events partition"
fi

learned=$(sum_field "$dir" learned)
pending=$(sum_field "$dir" pending)
evicted=$(sum_field "$dir" evicted)
[ "$learned" = 8000 ] || fail "the partitions learnt $learned events, expected 8000"
[ "$pending" = 0 ] || fail "$pending events still pending"
[ "$evicted" = 0 ] || fail "$evicted events evicted"
for p in 0 1 2 3; do
  d_ref=$("$STREAMWISE" inspect "$ref/$topic-inline-$p.ckpt" | sed -n 's/^model_digest: //p')
  d_late=$("$STREAMWISE" inspect "$dir/$topic-events-$p.ckpt" | sed -n 's/^model_digest: //p')
  labels_next=$("$STREAMWISE" inspect "$dir/$topic-events-$p.ckpt" |
    sed -n "s/^offset: $topic-labels\[$p\] next=//p")
  echo "partition $p: model $d_late (inline $d_ref), labels topic next offset ${labels_next:-none}"
  [ -n "$labels_next" ] || fail "partition $p's state has no labels-topic offset"
  [ "$d_ref" = "$d_late" ] || fail "partition $p: late-label model $d_late != inline model $d_ref"
done
echo "OK: late labels with state per partition: 8000 learnt once, every partition's model is the inline one"
