#!/usr/bin/env bash
# Test 4: 1% malformed messages (bad JSON, wrong types, NaN, missing label, 1 MB values) each
# land in the dead-letter topic with their reason; every other message is processed, and the
# model learns exactly as `eval` on the clean messages alone.
source "$(dirname "$0")/common.sh"
require_elec
topic="dirty-$RUN_ID"
head -n 3001 "$ELEC" >"$WORK/$topic-clean.csv"   # header + 3000 events
csv_to_jsonl "$WORK/$topic-clean.csv" >"$WORK/$topic-clean.jsonl"

# Every 100th message is replaced by a malformed one, cycling through the kinds below; the
# expected reason prefix of each goes to a side file, in order.
python3 - "$WORK/$topic-clean.jsonl" "$WORK/$topic.jsonl" "$WORK/$topic-expected.txt" <<'PY'
import sys
clean = open(sys.argv[1]).read().splitlines()
bad = [
    ('{"period":0.5,"nswprice":', 'bad JSON'),                                  # truncated
    ('{"period":0.5,"nswprice":NaN,"class":"1"}', 'bad JSON'),                 # NaN is not JSON
    ('{"period":0.5,"nswprice":"cheap","class":"1"}', "wrong type: feature 'nswprice'"),
    ('{"period":[0.5],"nswprice":0.1,"class":"0"}', "wrong type: field 'period'"),
    ('{"period":0.5,"nswprice":0.1}', "missing label field 'class'"),
    ('{"period":0.5,"pad":"' + 'x' * (1 << 20) + '","class":"1"}', 'oversized'),
    ('[1,2,3]', 'bad JSON: not an object'),
    ('{"period":0.5,"nswprice":1e999,"class":"1"}', 'bad JSON'),
]
out, expected, clean_kept = [], [], []
k = 0
for i, line in enumerate(clean):
    if i % 100 == 50:
        value, reason = bad[k % len(bad)]
        k += 1
        out.append(value)
        expected.append(reason)
    out.append(line)
open(sys.argv[2], 'w').write('\n'.join(out) + '\n')
open(sys.argv[3], 'w').write('\n'.join(expected) + '\n')
PY
n_bad=$(wc -l <"$WORK/$topic-expected.txt")
n_all=$(wc -l <"$WORK/$topic.jsonl")
produce "$topic" "$WORK/$topic.jsonl"

online=$(learn "$topic" "g-$topic" "$WORK/$topic.ckpt" --set input.max_bytes=65536)
echo "learn: $online"
offline=$("$STREAMWISE" eval --config "$CONFIG" "$WORK/$topic-clean.jsonl")
echo "eval (clean messages only): $offline"

[ "$(field events <<<"$online")" = "$n_all" ] || fail "consumed $(field events <<<"$online") of $n_all"
[ "$(field dead_letters <<<"$online")" = "$n_bad" ] || fail "dead letters: $(field dead_letters <<<"$online"), expected $n_bad"
[ "$(field learned <<<"$online")" = 3000 ] || fail "learnt $(field learned <<<"$online"), expected 3000"
[ "$(field predicted <<<"$online")" = 3000 ] || fail "predicted $(field predicted <<<"$online"), expected 3000"
[ "$(field accuracy <<<"$online")" = "$(field accuracy <<<"$offline")" ] || fail "accuracy differs from eval on the clean messages"

# Each dead letter carries its reason (header) and source offset, in order.
consume "$topic-dlq" '%h\n' >"$WORK/$topic-dlq-headers.txt"
[ "$(wc -l <"$WORK/$topic-dlq-headers.txt")" = "$n_bad" ] || fail "$(wc -l <"$WORK/$topic-dlq-headers.txt") dead-letter records"
i=0
while IFS= read -r want; do
  i=$((i + 1))
  got=$(sed -n "${i}p" "$WORK/$topic-dlq-headers.txt")
  case "$got" in
    *"streamwise.reason=$want"*) ;;
    *) fail "dead letter $i: expected reason '$want', headers: ${got:0:300}" ;;
  esac
  offset=$(( (i - 1) * 101 + 50 ))
  case "$got" in
    *"streamwise.offset=$offset"*) ;;
    *) fail "dead letter $i: expected source offset $offset, headers: ${got:0:300}" ;;
  esac
done <"$WORK/$topic-expected.txt"
sed -n '1,8p' "$WORK/$topic-dlq-headers.txt" | cut -c1-200
echo "OK: $n_bad dead letters with their reasons, 3000 events processed"
