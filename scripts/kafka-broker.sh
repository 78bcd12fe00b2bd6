#!/usr/bin/env bash
# A real single-node Apache Kafka broker (3.9.1, KRaft, broker + controller) on 127.0.0.1, for
# the integration tests, CI and the demo. Nothing is mocked: the jars come from Maven Central.
#
#   scripts/kafka-broker.sh fetch                 copy the broker jars into the cache (idempotent)
#   scripts/kafka-broker.sh start [options]       fetch if needed, format a fresh data dir, start,
#                                                 wait until ready (log line + metadata request)
#   scripts/kafka-broker.sh stop  [options]       SIGTERM, wait for a clean exit (SIGKILL after 60 s)
#   scripts/kafka-broker.sh status [options]      exit 0 and print the pid when running
#
# Options:
#   --port N        broker port (default 9092); the controller listens on N+1
#   --data DIR      data directory (default: <cache>/run-<port>); wiped at each start
#   --keep-data     start on the existing data directory (restart after `stop`, outage tests);
#                   without --data, the one the last start on this port used
#   --cache DIR     where the jars go (default: $STREAMWISE_KAFKA_CACHE or <repo>/build/kafka)
#   --timeout S     readiness timeout in seconds (default 120)
#
# The pid and the data directory are recorded in <cache>/broker-<port>.{pid,data}, so `stop`
# and `status` only need the port. The broker's log is <data>/kafka.log; it is printed when the
# broker fails to start.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)

cmd=${1:-}
[ -n "$cmd" ] && shift
port=9092
data=""
keep=0
cache=${STREAMWISE_KAFKA_CACHE:-$repo/build/kafka}
timeout=120
while [ $# -gt 0 ]; do
  case "$1" in
    --port) port=$2; shift 2 ;;
    --data) data=$2; shift 2 ;;
    --keep-data) keep=1; shift ;;
    --cache) cache=$2; shift 2 ;;
    --timeout) timeout=$2; shift 2 ;;
    *) echo "kafka-broker.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
controller_port=$((port + 1))
lib="$cache/lib"
pidfile="$cache/broker-$port.pid"
datafile="$cache/broker-$port.data"
log4j="-Dlog4j.configuration=file:$here/kafka/log4j.properties"

fetch() {
  if [ -f "$lib/.complete" ]; then return 0; fi
  command -v mvn >/dev/null || { echo "kafka-broker.sh: mvn (Maven) is needed to fetch Kafka" >&2; exit 1; }
  mkdir -p "$cache"
  local tmp="$lib.tmp.$$"
  rm -rf "$tmp"
  echo "kafka-broker.sh: fetching Apache Kafka jars into $lib" >&2
  if ! mvn -B -q -Dstyle.color=never -f "$here/kafka/pom.xml" dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$tmp" >"$cache/fetch.log" 2>&1; then
    cat "$cache/fetch.log" >&2
    exit 1
  fi
  ls "$tmp"/kafka_2.13-*.jar >/dev/null
  rm -rf "$lib"
  mv "$tmp" "$lib"
  touch "$lib/.complete"
}

running_pid() {
  [ -f "$pidfile" ] || return 1
  local pid
  pid=$(cat "$pidfile")
  kill -0 "$pid" 2>/dev/null || return 1
  echo "$pid"
}

start() {
  fetch
  if pid=$(running_pid); then
    echo "kafka-broker.sh: a broker is already running on port $port (pid $pid)" >&2
    exit 1
  fi
  if [ -z "$data" ] && [ "$keep" = 1 ] && [ -f "$datafile" ]; then data=$(cat "$datafile"); fi
  [ -n "$data" ] || data="$cache/run-$port"
  mkdir -p "$data"
  data=$(cd "$data" && pwd)
  if [ "$keep" = 0 ] || [ ! -f "$data/server.properties" ]; then
    rm -rf "$data/logs" "$data/server.properties" "$data/kafka.log"
    sed -e "s|@DATA@|$data|g" -e "s|@PORT@|$port|g" -e "s|@CONTROLLER_PORT@|$controller_port|g" \
      "$here/kafka/server.properties" >"$data/server.properties"
    local id
    id=$(java $log4j -cp "$lib/*" kafka.tools.StorageTool random-uuid 2>/dev/null)
    java $log4j -cp "$lib/*" kafka.tools.StorageTool format -t "$id" \
      -c "$data/server.properties" >"$data/format.log" 2>&1 || { cat "$data/format.log" >&2; exit 1; }
  fi
  : >"$data/kafka.log"
  # setsid: the broker must not die with the shell (ctest, the terminal) that started it.
  setsid java -Xms512m -Xmx512m -XX:+UseG1GC -Djava.awt.headless=true $log4j \
    -cp "$lib/*" kafka.Kafka "$data/server.properties" >>"$data/kafka.log" 2>&1 </dev/null &
  local pid=$!
  echo "$pid" >"$pidfile"
  echo "$data" >"$datafile"
  local deadline=$((SECONDS + timeout))
  until grep -q 'Kafka Server started' "$data/kafka.log"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "kafka-broker.sh: the broker exited during startup; its log:" >&2
      cat "$data/kafka.log" >&2
      rm -f "$pidfile"
      exit 1
    fi
    if [ $SECONDS -ge $deadline ]; then
      echo "kafka-broker.sh: no 'Kafka Server started' after ${timeout}s; its log:" >&2
      cat "$data/kafka.log" >&2
      stop
      exit 1
    fi
    sleep 0.5
  done
  # The log line means request processing is on; a metadata round trip confirms it from a client.
  until kcat -b "127.0.0.1:$port" -L -m 5 >/dev/null 2>&1; do
    if [ $SECONDS -ge $deadline ]; then
      echo "kafka-broker.sh: the broker does not answer metadata requests; its log:" >&2
      cat "$data/kafka.log" >&2
      stop
      exit 1
    fi
    sleep 0.5
  done
  echo "kafka-broker.sh: broker ready on 127.0.0.1:$port (pid $pid, data $data)" >&2
}

stop() {
  local pid
  if ! pid=$(running_pid); then
    rm -f "$pidfile"
    echo "kafka-broker.sh: no broker running on port $port" >&2
    return 0
  fi
  kill -TERM "$pid"
  local i
  for i in $(seq 600); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "kafka-broker.sh: broker $pid ignored SIGTERM for 60 s; killing it" >&2
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
  echo "kafka-broker.sh: broker on port $port stopped" >&2
}

status() {
  local pid
  if pid=$(running_pid); then
    echo "running pid=$pid port=$port data=$(cat "$datafile" 2>/dev/null)"
  else
    echo "stopped port=$port"
    return 1
  fi
}

case "$cmd" in
  fetch) fetch ;;
  start) start ;;
  stop) stop ;;
  status) status ;;
  *)
    echo "usage: scripts/kafka-broker.sh fetch|start|stop|status [--port N] [--data DIR] [--keep-data] [--cache DIR] [--timeout S]" >&2
    exit 2
    ;;
esac
