#!/usr/bin/env bash
# The load-and-fault soak of `nanogrid serve` (see ServeSoak.java beside this file): exports the sample grid
# text-assistant as two bundles (the second with a recorded 8-bit target profile), then serves the first
# with the device jar and runs REQUESTS requests (1,000,000 by default) with swaps, faults, slow clients and
# a SIGTERM at the end. Exits 1 if a request was lost. Needs `./mvnw -o package -DskipTests` first.
#   packaging/soak/soak.sh [REQUESTS]
set -euo pipefail
cd "$(dirname "$0")/../.."
JAR=packaging/target/nanogrid-device-linux-x64.jar
[[ -f "$JAR" ]] || { echo "no $JAR: run ./mvnw -o package -DskipTests first" >&2; exit 2; }
DIR=$(mktemp -d -t nanogrid-soak-bundles-XXXXXX)
trap 'rm -rf "$DIR"' EXIT
./nanogrid export sample-grids/text-assistant/grid.json -o "$DIR/a.ngrid" >/dev/null
printf '{"spam": 8, "topic": 8}\n' >"$DIR/bits.json"
./nanogrid export sample-grids/text-assistant/grid.json -o "$DIR/b.ngrid" --bits-profile "$DIR/bits.json" >/dev/null
java packaging/soak/ServeSoak.java "$JAR" "$DIR/a.ngrid" "$DIR/b.ngrid" spam \
  sample-grids/text-assistant/experts/spam.onnx "${1:-1000000}"
