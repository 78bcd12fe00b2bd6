#!/usr/bin/env bash
# Test 7: `monitor` flags a mean shift injected into a live topic within ADWIN's expected delay
# (examples/kafka/monitor.toml), with no alert before the shift.
source "$(dirname "$0")/common.sh"
topic="sensors-$RUN_ID"
# 3000 readings ~ N(20, 1), then 3000 ~ N(23, 1) (a 3-sigma shift at offset 3000); seeded.
python3 - >"$WORK/$topic.jsonl" <<'PY'
import random
rng = random.Random(11)
for i in range(6000):
    mu = 20.0 if i < 3000 else 23.0
    print('{"temperature":%r,"humidity":%r}' % (rng.gauss(mu, 1.0), rng.gauss(50.0, 5.0)))
PY
produce "$topic" "$WORK/$topic.jsonl"
out=$("$STREAMWISE" monitor --config "$SOURCE_DIR/examples/kafka/monitor.toml" \
  --set kafka.bootstrap.servers="$BOOTSTRAP" --set kafka_consumer.group.id="g-$topic" \
  --set "input.topics=[\"$topic\"]" --set output.alerts="$topic-alerts" \
  --set input.stop_at_eof=true --set metrics.progress_seconds=0 2>"$WORK/$topic.log")
echo "monitor: $out"
cat "$WORK/$topic.log"
[ "$(field events <<<"$out")" = 6000 ] || fail "monitor read $(field events <<<"$out") events"
consume "$topic-alerts" >"$WORK/$topic-alerts.txt"
[ -s "$WORK/$topic-alerts.txt" ] || fail "no drift alert"
first=$(sed -n '1s/.*"offset":\([0-9]*\).*/\1/p' "$WORK/$topic-alerts.txt")
[ "$first" -ge 3000 ] || fail "false alarm at offset $first, before the shift"
[ "$first" -le 3200 ] || fail "shift at 3000 flagged only at offset $first"
echo "OK: shift at offset 3000 flagged at offset $first"
