#!/usr/bin/env bash
# `streamwise eval --stream` (no file, no broker) gives exactly the accuracy of `eval` over the
# JSON lines `streamwise generate` writes for the same stream, and bad invocations fail clearly.
set -euo pipefail
: "${STREAMWISE:?}" "${SOURCE_DIR:?}" "${WORK:?}"
mkdir -p "$WORK"
config="$SOURCE_DIR/examples/kafka/demo.toml"
"$STREAMWISE" generate --stream agrawal-drift --seed 7 -n 6000 --position 3000 >"$WORK/synthetic.jsonl"
[ "$(wc -l <"$WORK/synthetic.jsonl")" -eq 6000 ] || { echo "generate wrote the wrong row count"; exit 1; }
from_file=$("$STREAMWISE" eval "$WORK/synthetic.jsonl" --config "$config")
from_stream=$("$STREAMWISE" eval --stream agrawal-drift --seed 7 -n 6000 --position 3000 --config "$config")
echo "file:   $from_file"
echo "stream: $from_stream"
[ "$from_file" = "$from_stream" ] || { echo "eval --stream differs from eval on the file"; exit 1; }
accuracy=${from_stream#accuracy=}; accuracy=${accuracy%% *}
awk -v a="$accuracy" 'BEGIN { exit !(a > 0.75) }' || { echo "a tree should learn Agrawal: $from_stream"; exit 1; }
if msg=$("$STREAMWISE" eval --config "$config" 2>&1); then echo "eval without input succeeded"; exit 1; fi
[ "$msg" = "streamwise: eval: give a data file or --stream, not both or neither" ] || { echo "$msg"; exit 1; }
if msg=$("$STREAMWISE" generate --stream nope -n 1 2>&1); then echo "unknown stream accepted"; exit 1; fi
case "$msg" in *"unknown stream 'nope'"*) ;; *) echo "$msg"; exit 1 ;; esac
echo "ok"
