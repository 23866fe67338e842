#!/usr/bin/env bash
# The device jar's figures, side by side for one or more jars in one run (rounds alternate the jars):
# size, start-up to the first answered request (launch of `java -jar JAR serve` to the first 200 of
# POST /v1/route, the sample bundle text-assistant) and resident memory (VmRSS) after 10,000 requests
# over 4 connections.
#   packaging/measure-device.sh [JAR ...]   (default: packaging/target/nanogrid-device-linux-x64.jar)
# ROUNDS (default 5) and REQUESTS (default 10000) override the counts; JAVA_OPTS is passed to each server.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd -P)"
JARS=("$@")
[[ ${#JARS[@]} -gt 0 ]] || JARS=("$ROOT/packaging/target/nanogrid-device-linux-x64.jar")
ROUNDS="${ROUNDS:-5}"
REQUESTS="${REQUESTS:-10000}"
WORK="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT
CLIENT="$ROOT/packaging/bench/DeviceLoad.java"
javac -d "$WORK/client" "$CLIENT"
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

"$ROOT/nanogrid" export "$ROOT/sample-grids/text-assistant/grid.json" -o "$WORK/ta.ngrid" >/dev/null
declare -A START RSS
for jar in "${JARS[@]}"; do START[$jar]=""; RSS[$jar]=""; done
port=18600
for round in $(seq "$ROUNDS"); do
  for jar in "${JARS[@]}"; do
    port=$((port + 1))
    t0=$(date +%s%N)
    java ${JAVA_OPTS:-} -jar "$jar" serve "$WORK/ta.ngrid" --port "$port" >"$WORK/serve.log" 2>&1 &
    pid=$!
    java -cp "$WORK/client" DeviceLoad first "http://127.0.0.1:$port"
    t1=$(date +%s%N)
    java -cp "$WORK/client" DeviceLoad load "http://127.0.0.1:$port" "$REQUESTS" 4 >"$WORK/load.txt"
    # serve runs in a child JVM with its default heap (ServeHeap): the launcher's RSS and the child's
    rss=0; for p in $pid $(pgrep -P "$pid"); do rss=$(( rss + $(awk '/VmRSS/ {print $2}' "/proc/$p/status") )); done
    kill -TERM "$pid"; wait "$pid" || true
    START[$jar]+="$(( (t1 - t0) / 1000000 )) "
    RSS[$jar]+="$(( rss / 1024 )) "
    echo "round $round $(basename "$(dirname "$jar")")/$(basename "$jar"): start $(( (t1 - t0) / 1000000 )) ms," \
         "RSS $(( rss / 1024 )) MB after $(cat "$WORK/load.txt")" >&2
  done
done
for jar in "${JARS[@]}"; do
  echo "$jar"
  echo "  size                        $(stat -c %s "$jar") bytes"
  echo "  start to first answer (ms)  median $(echo ${START[$jar]} | tr ' ' '\n' | median)  [${START[$jar]% }]"
  echo "  RSS after $REQUESTS (MB)      median $(echo ${RSS[$jar]} | tr ' ' '\n' | median)  [${RSS[$jar]% }]"
done
