#!/usr/bin/env bash
# Throughput of `streamwise learn` on a local broker (docs/learner.md#throughput), A/B style:
# the same topic is consumed by each binary (or settings variant) in turn, alternating, and
# optionally by the Python loop (examples/kafka/river_baseline.py: confluent-kafka + River) in the
# same run, so every figure is taken at comparable machine load.
#
#   scripts/kafka-broker.sh start --port 19392
#   bench/kafka_loop_throughput.sh --bootstrap 127.0.0.1:19392 --runs 3 \
#       --variant new=build/release/src/cli/streamwise [--variant old=/tmp/streamwise-old] \
#       [--python [--python-model logistic|tree]] [--copies 10] [--set key=value ...]
#       [--variant-set NAME key=value ...] [--broker-pid PID]
#
# Job: StandardScaler | LogisticRegression (examples/kafka/learn.toml) on elec.csv as JSON lines,
# `--copies` times (10: 453,120 events, one partition), predictions with probabilities, alerts,
# metrics, checkpoints with the config's defaults. Prints one line per run:
#   variant=new run=1 events=453120 run_events_per_second=... cpu_s=... wall_s=...
#     learner_us_per_event=... broker_us_per_event=...
# (CPU time of the learner process, all its threads, and of the broker's process during the run,
# per event; the broker is found with scripts/kafka-broker.sh status, or given by --broker-pid)
# and, with --python, the Python loop's line (run on `--python-copies` copies of the rows in a
# second topic, since it is much slower; `--python-model tree` runs River's
# HoeffdingTreeClassifier, to compare with --set 'model.spec={"type":"HoeffdingTreeClassifier"}').
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
src="$(cd "$here/.." && pwd)"
bootstrap=127.0.0.1:9092
runs=3
copies=10
python=0
python_copies=1
python_model=logistic
broker_pid=""
datasets="${DATASETS:-$src/../shared/datasets}"
variants=()
sets=()
declare -A variant_sets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --bootstrap) bootstrap="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --copies) copies="$2"; shift 2 ;;
    --variant) variants+=("$2"); shift 2 ;;
    --python) python=1; shift ;;
    --python-copies) python_copies="$2"; shift 2 ;;
    --python-model) python_model="$2"; shift 2 ;;
    --broker-pid) broker_pid="$2"; shift 2 ;;
    --set) sets+=(--set "$2"); shift 2 ;;
    --variant-set) variant_sets[$2]+=" --set $3"; shift 3 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
[ ${#variants[@]} -gt 0 ] || variants=("default=$src/build/release/src/cli/streamwise")
if [ -z "$broker_pid" ]; then
  broker_pid=$("$src/scripts/kafka-broker.sh" status --port "${bootstrap##*:}" 2>/dev/null |
    sed -n 's/^running pid=\([0-9]*\).*/\1/p')
fi
# CPU seconds (user + system) a process has used so far; empty when it is unknown.
cpu_of() { [ -n "$1" ] && [ -r "/proc/$1/stat" ] && awk -v t="$(getconf CLK_TCK)" \
  '{ sub(/^.*\) /, ""); printf "%.2f", ($12 + $13) / t }' "/proc/$1/stat"; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
id="$(date +%s)-$$"

# elec.csv -> JSON lines (numbers keep their text, the label is a string), `copies` times.
awk -F, 'NR == 1 { n = NF; for (i = 1; i <= NF; i++) h[i] = $i; next }
         { s = "{"; for (i = 1; i < n; i++) s = s "\"" h[i] "\":" $i ",";
           print s "\"" h[n] "\":\"" $n "\"}" }' "$datasets/elec.csv" >"$work/elec.jsonl"
for _ in $(seq "$copies"); do cat "$work/elec.jsonl"; done >"$work/bench.jsonl"
topic="loopbench-$id"
kcat -b "$bootstrap" -P -X enable.idempotence=true -t "$topic" -l "$work/bench.jsonl"
echo "topic=$topic events=$(wc -l <"$work/bench.jsonl") load=\"$(cut -d' ' -f1-3 /proc/loadavg)\""

run_learn() {  # run_learn NAME BINARY RUN
  local out broker_before broker_after
  broker_before=$(cpu_of "$broker_pid" || true)
  out=$(/usr/bin/time -f "cpu_s=%U+%S wall_s=%e" "$2" learn -c "$src/examples/kafka/learn.toml" \
    --set kafka.bootstrap.servers="$bootstrap" --set "input.topics=[\"$topic\"]" \
    --set input.stop_at_eof=true --set checkpoint.path="$work/$1-$3.ckpt" \
    --set kafka_consumer.group.id="g-$topic-$1-$3" --set output.predictions="$topic-pred" \
    --set output.alerts="$topic-alerts" --set output.metrics="$topic-metrics" \
    --set output.dead_letter="$topic-dlq" --set metrics.progress_seconds=0 \
    ${sets[@]+"${sets[@]}"} ${variant_sets[$1]:-} 2>&1 | grep -E '^(events=|cpu_s=)' | tr '\n' ' ')
  local events rate cpu wall
  events=$(tr ' ' '\n' <<<"$out" | sed -n 's/^events=//p')
  rate=$(tr ' ' '\n' <<<"$out" | sed -n 's/^run_events_per_second=//p')
  cpu=$(tr ' ' '\n' <<<"$out" | sed -n 's/^cpu_s=//p')
  wall=$(tr ' ' '\n' <<<"$out" | sed -n 's/^wall_s=//p')
  broker_after=$(cpu_of "$broker_pid" || true)
  local per_event
  per_event=$(awk -v c="$cpu" -v n="$events" -v b0="$broker_before" -v b1="$broker_after" 'BEGIN {
    split(c, p, "+"); printf "learner_us_per_event=%.2f", (p[1] + p[2]) * 1e6 / n
    if (b0 != "" && b1 != "") printf " broker_us_per_event=%.2f", (b1 - b0) * 1e6 / n }')
  echo "variant=$1 run=$3 events=$events run_events_per_second=$rate cpu_s=$cpu wall_s=$wall" \
    "$per_event load=\"$(cut -d' ' -f1 /proc/loadavg)\""
}

run_python() {  # run_python RUN
  local out
  out=$(python3 "$src/examples/kafka/river_baseline.py" --bootstrap "$bootstrap" \
    --topic "$topic-py" --predictions "$topic-py-pred" --group "g-$topic-py-$1" \
    --model "$python_model" 2>&1 | tail -1)
  echo "variant=python run=$1 $out load=\"$(cut -d' ' -f1 /proc/loadavg)\""
}

if [ "$python" = 1 ]; then
  for _ in $(seq "$python_copies"); do cat "$work/elec.jsonl"; done >"$work/py.jsonl"
  kcat -b "$bootstrap" -P -X enable.idempotence=true -t "$topic-py" -l "$work/py.jsonl"
fi
# One warm-up run first (not a measurement): the broker is still writing out the topic just
# produced, and the first consumer of a topic pays for reading it in.
run_learn "${variants[0]%%=*}" "${variants[0]#*=}" warmup | sed 's/^/# /'
for run in $(seq "$runs"); do
  for v in "${variants[@]}"; do run_learn "${v%%=*}" "${v#*=}" "$run"; done
  if [ "$python" = 1 ]; then run_python "$run"; fi
done
