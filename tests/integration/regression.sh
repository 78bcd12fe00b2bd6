#!/usr/bin/env bash
# Regressors in the loop: a seeded Friedman stream (`streamwise generate --stream friedman`)
# through the broker gives, for each model spec, the progressive MAE and RMSE `eval` computes
# (River's progressive_val_score) to the last digit, also when the run is cut in two by a restart
# from the checkpoint; prediction records carry the value, metrics records MAE and RMSE, and a
# label that is not a number is a dead letter that changes nothing.
source "$(dirname "$0")/common.sh"
topic="friedman-$RUN_ID"
n=8000
"$STREAMWISE" generate --stream friedman --seed 11 -n "$n" >"$WORK/$topic.jsonl"
produce "$topic" "$WORK/$topic.jsonl"
# The same rows with 1% bad labels mixed in (the dead letters); eval skips them as invalid.
awk 'NR % 100 == 50 { print "{\"0\":0.5,\"class\":\"high\"}" } { print }' "$WORK/$topic.jsonl" \
  >"$WORK/$topic-bad.jsonl"
produce "$topic-bad" "$WORK/$topic-bad.jsonl"

specs=(
  '[{"type":"StandardScaler"},{"type":"LinearRegression"}]'
  '{"type":"LinearRegression","params":{"l2":0.01}}'
  '{"type":"HoeffdingTreeRegressor","params":{"grace_period":100}}'
  '{"type":"ARFRegressor","params":{"n_models":3,"seed":7}}'
)
i=0
for spec in "${specs[@]}"; do
  i=$((i + 1))
  expected=$("$STREAMWISE" eval --config "$CONFIG" --model "$spec" "$WORK/$topic.jsonl")
  mae=$(field mae <<<"$expected")
  rmse=$(field rmse <<<"$expected")
  got=$(learn "$topic" "g-$topic-$i" "$WORK/$topic-$i.ckpt" --model "$spec")
  echo "$spec"
  echo "  eval:  $expected"
  echo "  learn: $got"
  [ "$(field learned <<<"$got")" = "$n" ] || fail "learnt $(field learned <<<"$got") of $n"
  [ "$(field mae <<<"$got")" = "$mae" ] || fail "loop MAE $(field mae <<<"$got") != eval MAE $mae"
  [ "$(field rmse <<<"$got")" = "$rmse" ] || fail "loop RMSE $(field rmse <<<"$got") != eval $rmse"
  inspected=$("$STREAMWISE" inspect "$WORK/$topic-$i.ckpt")
  [ "$(sed -n 's/^mae: //p' <<<"$inspected")" = "$mae" ] || fail "checkpoint MAE differs"

  # Cut in two: 3000 events, stop (final checkpoint), then the rest from the checkpoint.
  learn "$topic" "g-$topic-$i-cut" "$WORK/$topic-$i-cut.ckpt" --model "$spec" \
    --set input.max_events=3000 >/dev/null
  resumed=$(learn "$topic" "g-$topic-$i-cut" "$WORK/$topic-$i-cut.ckpt")
  [ "$(field mae <<<"$resumed")" = "$mae" ] || fail "restarted MAE $(field mae <<<"$resumed") != $mae"
  d_full=$("$STREAMWISE" inspect "$WORK/$topic-$i.ckpt" | sed -n 's/^model_digest: //p')
  d_cut=$("$STREAMWISE" inspect "$WORK/$topic-$i-cut.ckpt" | sed -n 's/^model_digest: //p')
  [ "$d_full" = "$d_cut" ] || fail "restarted model $d_cut differs from $d_full"
done

# Prediction records carry the value; metrics records the scores.
first=$(consume "$topic-predictions" | sed -n 1p)
echo "first prediction record: $first"
python3 - "$first" <<'PY' || fail "bad prediction record"
import json, sys
r = json.loads(sys.argv[1])
assert isinstance(r["prediction"], (int, float)) and not isinstance(r["prediction"], bool), r
assert "proba" not in r and r["offset"] == 0 and r["model_version"] == 0, r
PY
last_metrics=$(consume "$topic-metrics" | tail -n 1)
[[ "$last_metrics" == *'"mae":'*'"rmse":'* ]] || fail "metrics record without mae/rmse: $last_metrics"

# Bad labels: dead letters with their reason; the model is eval's on the clean rows.
spec=${specs[0]}
expected=$("$STREAMWISE" eval --config "$CONFIG" --model "$spec" "$WORK/$topic.jsonl")
got=$(learn "$topic-bad" "g-$topic-bad" "$WORK/$topic-bad.ckpt" --model "$spec")
echo "bad labels: $got"
[ "$(field dead_letters <<<"$got")" = $((n / 100)) ] || fail "dead letters: $(field dead_letters <<<"$got")"
[ "$(field mae <<<"$got")" = "$(field mae <<<"$expected")" ] || fail "bad labels changed the model"
reason=$(consume "$topic-bad-dlq" '%h\n' | sed -n 1p)
case "$reason" in
  *"streamwise.reason=wrong type: label field 'class' is not a number"*) ;;
  *) fail "dead-letter reason: $reason" ;;
esac
echo "OK: ${#specs[@]} regressors: loop MAE/RMSE == eval to the last digit, restart included"
