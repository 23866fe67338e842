#!/usr/bin/env bash
# Cold start of the workbench against a bare JavaFX window, in alternated rounds of one run (Linux, Xvfb):
# the time from the JVM's start to the first frame, as `nanogrid gui --measure-startup` prints it, for
#   bare      a bare JavaFX window (packaging/bench/BareWindow.java) with the clone's JavaFX jars,
#   clone     ./nanogrid gui (class path, its class-data archive once recorded),
#   app-image the app-image's bin/Nanogrid gui, when the installers were built (see measure.sh).
# Each workbench run gets fresh settings, so it opens the sample grid. Prints medians and the ratios to bare.
# Usage: RUNS=7 packaging/measure-startup.sh
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd -P)"
IMAGE="$ROOT/packaging/target/installer/image/Nanogrid"
RUNS="${RUNS:-7}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
frame() { sed -n 's/^first frame \([0-9]*\) ms.*/\1/p'; }
xrun() { xvfb-run -a -s "-screen 0 1920x1200x24" "$@" 2>/dev/null; }

"$ROOT/nanogrid" --version >/dev/null   # builds first if sources changed, outside the timing
# the clone's first start records its class-data archive (a whole session, hence the display)
NANOGRID_CONFIG="$WORK/record" xrun "$ROOT/nanogrid" gui --measure-startup >/dev/null || true
FX=$(ls "$ROOT"/app/target/lib/javafx-*.jar | tr '\n' ':')
mkdir -p "$WORK/bare"
javac -d "$WORK/bare" -cp "$FX" "$ROOT/packaging/bench/BareWindow.java"
bare=(); clone=(); image=()
for i in $(seq "$RUNS"); do
  bare+=("$(xrun java -cp "$WORK/bare:$FX" BareWindow | frame)")
  clone+=("$(NANOGRID_CONFIG="$WORK/clone-$i" xrun "$ROOT/nanogrid" gui --measure-startup | frame)")
  if [[ -x "$IMAGE/bin/Nanogrid" ]]; then
    image+=("$(NANOGRID_CONFIG="$WORK/image-$i" xrun "$IMAGE/bin/Nanogrid" gui --measure-startup | frame)")
  fi
done
b=$(printf '%s\n' "${bare[@]}" | median)
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg), $RUNS alternated rounds, ms from JVM start to first frame"
echo "bare JavaFX window:  $b ms  [${bare[*]}]"
c=$(printf '%s\n' "${clone[@]}" | median)
echo "./nanogrid gui:      $c ms  [${clone[*]}]  $(awk -v a="$c" -v b="$b" 'BEGIN {printf "%.2fx", a / b}')"
if [[ ${#image[@]} -gt 0 ]]; then
  m=$(printf '%s\n' "${image[@]}" | median)
  echo "app-image Nanogrid:  $m ms  [${image[*]}]  $(awk -v a="$m" -v b="$b" 'BEGIN {printf "%.2fx", a / b}')"
fi
