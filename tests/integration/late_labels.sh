#!/usr/bin/env bash
# Test 2: labels on a separate topic, joined by key, shuffled within a window of 50 -> the same
# final model as inline labels when nothing is evicted; with a pending buffer smaller than the
# window, evictions are counted and every event is learnt, evicted or still pending.
source "$(dirname "$0")/common.sh"
require_elec
topic="late-$RUN_ID"
head -n 10001 "$ELEC" >"$WORK/$topic.csv"   # header + 10000 events

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
rng = random.Random(6)
shuffled = []
for b in range(0, len(labels), 50):
    block = labels[b:b + 50]
    rng.shuffle(block)
    shuffled += block
for name, lines in (("events", events), ("labels", shuffled), ("inline", inline)):
    open(f"{sys.argv[2]}-{name}.txt", "w").write("\n".join(lines) + "\n")
PY
for t in events inline; do
  produce_keyed "$topic-$t" "$WORK/$topic-$t.txt"
done
inline=$(learn "$topic-inline" "g-$topic-inline" "$WORK/$topic-inline.ckpt")
echo "inline labels: $inline"

# Phase 1: the events arrive, their labels not yet (the labels topic holds one unrelated label):
# all 10000 events wait in the pending buffer, which the checkpoint keeps.
echo $'nobody\t{"class":"1"}' | produce_keyed "$topic-labels"
late_args=(--set labels.topic="$topic-labels" --set labels.max_pending=20000)
phase1=$(learn "$topic-events" "g-$topic-late" "$WORK/$topic-late.ckpt" "${late_args[@]}")
echo "events only:   $phase1"
[ "$(field pending <<<"$phase1")" = 10000 ] || fail "$(field pending <<<"$phase1") events pending, expected 10000"
[ "$(field learned <<<"$phase1")" = 0 ] || fail "learnt before any label"
# Phase 2: the shuffled labels arrive; the restarted learner joins them to its pending events.
produce_keyed "$topic-labels" "$WORK/$topic-labels.txt"
late=$(learn "$topic-events" "g-$topic-late" "$WORK/$topic-late.ckpt" "${late_args[@]}")
echo "late labels:   $late"
[ "$(field learned <<<"$late")" = 10000 ] || fail "learnt $(field learned <<<"$late") of 10000"
[ "$(field evicted <<<"$late")" = 0 ] || fail "evicted $(field evicted <<<"$late")"
[ "$(field pending <<<"$late")" = 0 ] || fail "$(field pending <<<"$late") events still pending"
d_inline=$("$STREAMWISE" inspect "$WORK/$topic-inline.ckpt" | sed -n 's/^model_digest: //p')
d_late=$("$STREAMWISE" inspect "$WORK/$topic-late.ckpt" | sed -n 's/^model_digest: //p')
[ "$d_inline" = "$d_late" ] || fail "late-label model $d_late differs from inline $d_inline"

small=$(learn "$topic-events" "g-$topic-small" "$WORK/$topic-small.ckpt" \
  --set labels.topic="$topic-labels" --set labels.max_pending=10)
echo "max_pending=10: $small"
learned=$(field learned <<<"$small")
evicted=$(field evicted <<<"$small")
pending=$(field pending <<<"$small")
[ "$evicted" -gt 0 ] || fail "no eviction with a pending buffer of 10"
[ $((learned + evicted + pending)) = 10000 ] || fail "learnt $learned + evicted $evicted + pending $pending != 10000"
echo "OK: late labels give the inline model ($d_late); evictions counted ($evicted)"
