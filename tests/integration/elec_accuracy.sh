#!/usr/bin/env bash
# Test 1: the 45,312 Electricity events through the broker give exactly 45,312 prediction
# records and the same progressive accuracy as `streamwise eval` on the file, to the last digit.
source "$(dirname "$0")/common.sh"
require_elec
topic="elec-$RUN_ID"
csv_to_jsonl "$ELEC" >"$WORK/$topic.jsonl"
produce "$topic" "$WORK/$topic.jsonl"

offline=$("$STREAMWISE" eval --config "$CONFIG" "$ELEC")
echo "eval:  $offline"
online=$(learn "$topic" "g-$topic" "$WORK/$topic.ckpt")
echo "learn: $online"

eval_acc=$(field accuracy <<<"$offline")
learn_acc=$(field accuracy <<<"$online")
[ "$(field events <<<"$offline")" = 45312 ] || fail "eval read $(field events <<<"$offline") rows"
[ "$(field events <<<"$online")" = 45312 ] || fail "learn consumed $(field events <<<"$online") events"
[ "$(field learned <<<"$online")" = 45312 ] || fail "learn learnt $(field learned <<<"$online")"
[ "$eval_acc" = "$learn_acc" ] || fail "accuracy differs: eval $eval_acc, learn $learn_acc"

records=$(consume "$topic-predictions" | wc -l)
[ "$records" = 45312 ] || fail "$records prediction records, expected 45312"
distinct=$(consume "$topic-predictions" | grep -o '"offset":[0-9]*' | sort -u | wc -l)
[ "$distinct" = 45312 ] || fail "$distinct distinct source offsets in the predictions"
consume "$topic-predictions" | sed -n 1p
"$STREAMWISE" inspect "$WORK/$topic.ckpt" | grep -E '^(events|learned|accuracy|offset):'
echo "OK: 45312 predictions, accuracy $learn_acc == eval"
