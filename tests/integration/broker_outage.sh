#!/usr/bin/env bash
# Test 5: the broker is stopped for 20 s mid-stream and restarted -> the learner waits it out
# (logging), resumes, and the totals are right: 45,312 events learnt once each, the accuracy of
# `eval`, every source offset predicted (records of the last unfinished checkpoint interval may
# be written twice: outputs are at-least-once).
source "$(dirname "$0")/common.sh"
require_elec
: "${BROKER_SCRIPT:?}" "${BROKER_PORT:?}" "${BROKER_CACHE:?}"
topic="outage-$RUN_ID"
csv_to_jsonl "$ELEC" >"$WORK/$topic.jsonl"
produce "$topic" "$WORK/$topic.jsonl"

learn_args "$topic" "g-$topic" "$WORK/$topic.ckpt"
"$STREAMWISE" "${LEARN_ARGS[@]}" --set input.rate_limit=4000 \
  --set metrics.progress_seconds=2 >"$WORK/$topic.out" 2>"$WORK/$topic.log" &
pid=$!
sleep 4
kill -0 "$pid" || fail "the learner ended before the outage"
"$BROKER_SCRIPT" stop --port "$BROKER_PORT" --cache "$BROKER_CACHE"
echo "broker stopped at $(date +%T)"
sleep 20
kill -0 "$pid" || { cat "$WORK/$topic.log" >&2; fail "the learner died during the outage"; }
"$BROKER_SCRIPT" start --keep-data --port "$BROKER_PORT" --cache "$BROKER_CACHE"
echo "broker back at $(date +%T)"
wait "$pid" || { cat "$WORK/$topic.log" >&2; fail "the learner failed"; }
online=$(cat "$WORK/$topic.out")
echo "learn: $online"
grep -E "waiting|consumer:" "$WORK/$topic.log" | head -5

offline=$("$STREAMWISE" eval --config "$CONFIG" "$ELEC")
[ "$(field learned <<<"$online")" = 45312 ] || fail "learnt $(field learned <<<"$online")"
[ "$(field accuracy <<<"$online")" = "$(field accuracy <<<"$offline")" ] || fail "accuracy differs from eval"
distinct=$(consume "$topic-predictions" | grep -o '"offset":[0-9]*' | sort -u | wc -l)
[ "$distinct" = 45312 ] || fail "$distinct distinct offsets predicted"
echo "OK: outage waited out, 45312 learnt, accuracy == eval, every offset predicted"
