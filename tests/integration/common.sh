# Shared by the kafka integration tests (sourced). Environment from ctest: STREAMWISE (the
# binary), BOOTSTRAP (broker address), DATASETS (../shared/datasets), SOURCE_DIR, WORK.
set -euo pipefail
: "${STREAMWISE:?}" "${BOOTSTRAP:?}" "${DATASETS:?}" "${SOURCE_DIR:?}" "${WORK:?}"
mkdir -p "$WORK"
CONFIG="$SOURCE_DIR/examples/kafka/learn.toml"
# Unique names, so that a test can be re-run on the same broker.
RUN_ID="$(date +%s)-$$"

require_elec() {
  ELEC="$DATASETS/elec.csv"
  if [ ! -f "$ELEC" ]; then
    echo "SKIP: $ELEC is missing (the Electricity dataset lives in ../shared/datasets)"
    exit 77
  fi
}

# CSV (header line) -> one JSON object per line; numbers keep their exact text, the last
# column (the label) becomes a string.
csv_to_jsonl() {
  awk -F, 'NR == 1 { n = NF; for (i = 1; i <= NF; i++) h[i] = $i; next }
           { s = "{"; for (i = 1; i < n; i++) s = s "\"" h[i] "\":" $i ",";
             print s "\"" h[n] "\":\"" $n "\"}" }' "$1"
}

# Idempotent producing keeps each partition in file order even when the first requests to a
# new topic are retried (without it librdkafka may reorder retried batches).
produce() {  # produce TOPIC FILE: one message per line
  kcat -b "$BOOTSTRAP" -P -X enable.idempotence=true -X message.max.bytes=4000000 -t "$1" -l "$2"
}

produce_keyed() {  # produce_keyed TOPIC [FILE]: "key<TAB>value" lines (stdin without FILE)
  kcat -b "$BOOTSTRAP" -P -X enable.idempotence=true -K $'\t' -t "$1" ${2:+-l "$2"}
}

consume() {  # consume TOPIC [kcat format]: every record, then exit
  kcat -b "$BOOTSTRAP" -C -t "$1" -o beginning -e -q -f "${2:-%s\n}"
}

# learn_args TOPIC GROUP CHECKPOINT: sets LEARN_ARGS, the arguments of a `learn` run that consumes
# TOPIC to its end (run "$STREAMWISE" "${LEARN_ARGS[@]}" ... & directly when its pid matters).
learn_args() {
  LEARN_ARGS=(learn --config "$CONFIG"
    --set kafka.bootstrap.servers="$BOOTSTRAP"
    --set kafka_consumer.group.id="$2"
    --set "input.topics=[\"$1\"]"
    --set output.predictions="$1-predictions"
    --set output.alerts="$1-alerts"
    --set output.metrics="$1-metrics"
    --set output.dead_letter="$1-dlq"
    --set input.stop_at_eof=true
    --set metrics.progress_seconds=0
    --set checkpoint.path="$3")
}

# learner_pair NAME DIR_A DIR_B [extra args...]: two learners of one consumer group run with
# LEARN_ARGS and the extra args, B starting 2 s after A, each in its own working directory; their
# stdout and stderr go to $WORK/NAME-{a,b}.{out,log}. Fails when either fails or when B never got
# a partition; prints both summaries and the partitions assigned and states loaded.
learner_pair() {
  local name=$1 dir_a=$2 dir_b=$3
  shift 3
  (cd "$dir_a" && exec "$STREAMWISE" "${LEARN_ARGS[@]}" "$@") >"$WORK/$name-a.out" 2>"$WORK/$name-a.log" &
  local a=$!
  sleep 2
  (cd "$dir_b" && exec "$STREAMWISE" "${LEARN_ARGS[@]}" "$@") >"$WORK/$name-b.out" 2>"$WORK/$name-b.log" &
  local b=$!
  wait "$a" || fail "learner A failed: $(cat "$WORK/$name-a.log")"
  wait "$b" || fail "learner B failed: $(cat "$WORK/$name-b.log")"
  echo "A: $(cat "$WORK/$name-a.out")"
  echo "B: $(cat "$WORK/$name-b.out")"
  grep -h "assigned\|loaded" "$WORK/$name-a.log" "$WORK/$name-b.log" | sed 's/^/  /'
  grep -q "assigned" "$WORK/$name-b.log" || fail "learner B never got a partition"
}

# learn TOPIC GROUP CHECKPOINT [extra args...]: consume TOPIC to its end.
learn() {
  learn_args "$1" "$2" "$3"
  shift 3
  "$STREAMWISE" "${LEARN_ARGS[@]}" "$@"
}

field() {  # field NAME <<< "a=1 b=2": the value of NAME
  tr ' ' '\n' | sed -n "s/^$1=//p"
}

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# kill_at PID TARGET RUN LOG: wait until the script's `checkpoint_learned` reports at least
# TARGET learnt events (polling every 0.1 s, at most 120 s), then kill -9 the learner PID.
# Fails if the learner ends first (printing LOG) or makes no progress.
kill_at() {
  local pid=$1 target=$2 run=$3 log=$4 polls=0 learned
  while :; do
    if ! kill -0 "$pid" 2>/dev/null; then
      cat "$log" >&2
      fail "run $run finished before its kill point ($target events)"
    fi
    learned=$(checkpoint_learned)
    [ "${learned:-0}" -ge "$target" ] && break
    polls=$((polls + 1))
    [ "$polls" -lt 1200 ] || fail "run $run made no progress towards $target events in 120 s"
    sleep 0.1
  done
  kill -9 "$pid"
  wait "$pid" 2>/dev/null || true
}

# after_kill K TARGET WHAT: after kill -9 #K (at >= TARGET events) of a run on the 45,312
# Electricity events, the checkpoint's learnt count (the script's `checkpoint_learned`) neither goes
# back from $previous nor reaches the end of the stream; sets `previous` and says it, naming the
# checkpoint WHAT.
after_kill() {
  local learned
  learned=$(checkpoint_learned)
  [ "${learned:-0}" -ge "${previous:-0}" ] || fail "the checkpoint went back from $previous to $learned"
  [ "${learned:-0}" -lt 45312 ] || fail "kill #$1 came after the end of the stream"
  previous=$learned
  echo "kill -9 #$1 at >= $2 events: $3 has $learned events learnt"
}

# device_stream TOPIC: 16,000 seeded keyed events of 16 devices, each with its own concept (label
# = x above the device's own threshold), in $WORK/TOPIC.txt ("key<TAB>json" lines), produced to
# TOPIC (created with 4 partitions, needs $CREATE_TOPIC) and to TOPIC-ref (one partition).
device_stream() {
  local topic=$1
  python3 - >"$WORK/$topic.txt" <<'PY'
import random
rng = random.Random(3)
for i in range(16000):
    d = rng.randrange(16)
    x = rng.uniform(-1.0, 1.0)
    y = "1" if x > (d - 7.5) / 8.0 else "0"
    print(f'device{d}\t{{"x":{x!r},"z":{rng.gauss(0.0, 1.0)!r},"class":"{y}"}}')
PY
  "$CREATE_TOPIC" "$BOOTSTRAP" "$topic" 4
  produce_keyed "$topic" "$WORK/$topic.txt"
  produce_keyed "$topic-ref" "$WORK/$topic.txt"
}
