#!/usr/bin/env bash
# Throughput of `streamwise learn` on a local broker (docs/learner.md#throughput), A/B style:
# the same topic is consumed by each binary (or settings variant) in turn, alternating, and
# optionally by the Python loop (examples/kafka/river_baseline.py: confluent-kafka + River) in the
# same run, so every figure is taken at comparable machine load.
#
#   scripts/kafka-broker.sh start --port 19392
#   bench/kafka_loop_throughput.sh --bootstrap 127.0.0.1:19392 --runs 3 \
#       --variant new=build/release/src/cli/streamwise [--variant old=/tmp/streamwise-old] \
#       [--python] [--copies 10] [--set key=value ...] [--variant-set NAME key=value ...]
#
# Job: StandardScaler | LogisticRegression (examples/kafka/learn.toml) on elec.csv as JSON lines,
# `--copies` times (10: 453,120 events, one partition), predictions with probabilities, alerts,
# metrics, checkpoints with the config's defaults. Prints one line per run:
#   variant=new run=1 events=453120 run_events_per_second=... cpu_s=... wall_s=...
# and, with --python, the Python loop's line (run on the first `--python-events` events of a
# second topic holding the same rows, since it is ~50x slower).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
src="$(cd "$here/.." && pwd)"
bootstrap=127.0.0.1:9092
runs=3
copies=10
python=0
python_copies=1
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
    --set) sets+=(--set "$2"); shift 2 ;;
    --variant-set) variant_sets[$2]+=" --set $3"; shift 3 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
[ ${#variants[@]} -gt 0 ] || variants=("default=$src/build/release/src/cli/streamwise")
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
  local out
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
  echo "variant=$1 run=$3 events=$events run_events_per_second=$rate cpu_s=$cpu wall_s=$wall" \
    "load=\"$(cut -d' ' -f1 /proc/loadavg)\""
}

run_python() {  # run_python RUN
  local out
  out=$(python3 "$src/examples/kafka/river_baseline.py" --bootstrap "$bootstrap" \
    --topic "$topic-py" --predictions "$topic-py-pred" --group "g-$topic-py-$1" 2>&1 | tail -1)
  echo "variant=python run=$1 $out load=\"$(cut -d' ' -f1 /proc/loadavg)\""
}

if [ "$python" = 1 ]; then
  for _ in $(seq "$python_copies"); do cat "$work/elec.jsonl"; done >"$work/py.jsonl"
  kcat -b "$bootstrap" -P -X enable.idempotence=true -t "$topic-py" -l "$work/py.jsonl"
fi
for run in $(seq "$runs"); do
  for v in "${variants[@]}"; do run_learn "${v%%=*}" "${v#*=}" "$run"; done
  if [ "$python" = 1 ]; then run_python "$run"; fi
done
