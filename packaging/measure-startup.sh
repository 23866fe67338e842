#!/usr/bin/env bash
# Cold start of the workbench against a bare JavaFX window, in alternated rounds of one run (Linux, Xvfb):
# the time from the JVM's start to the first frame, as `nanogrid gui --measure-startup` prints it, for
#   bare      a bare JavaFX window (packaging/bench/BareWindow.java) with the clone's JavaFX jars,
#   clone     ./nanogrid gui (class path, its class-data archive once recorded),
#   app-image the app-image's bin/Nanogrid gui, when the installers were built (see measure.sh),
#   installed /opt/nanogrid/bin/Nanogrid gui, when the .deb is installed (its postinst made its class-data archive).
# Each workbench run gets fresh settings, so it opens the sample grid. Prints medians and the ratios to bare:
# of the first frame (the window, opening), and of the workbench ready (its first frame with the grid drawn).
# Usage: RUNS=7 packaging/measure-startup.sh
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd -P)"
IMAGE="$ROOT/packaging/target/installer/image/Nanogrid"
INSTALLED=/opt/nanogrid
RUNS="${RUNS:-7}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
frame() { sed -n 's/^first frame \([0-9]*\) ms.*/\1/p' "$1"; }
ready() { sed -n 's/^workbench ready \([0-9]*\) ms.*/\1/p' "$1"; }
xrun() { xvfb-run -a -s "-screen 0 1920x1200x24" "$@" 2>/dev/null; }

"$ROOT/nanogrid" --version >/dev/null   # builds first if sources changed, outside the timing
# the clone's first start records its class-data archive (a whole session, hence the display)
NANOGRID_CONFIG="$WORK/record" xrun "$ROOT/nanogrid" gui --measure-startup >/dev/null || true
FX=$(ls "$ROOT"/app/target/lib/javafx-*.jar | tr '\n' ':')
mkdir -p "$WORK/bare"
javac -d "$WORK/bare" -cp "$FX" "$ROOT/packaging/bench/BareWindow.java"
bare=(); clone=(); clone_ready=(); image=(); image_ready=(); inst=(); inst_ready=()
for i in $(seq "$RUNS"); do
  xrun java -cp "$WORK/bare:$FX" BareWindow >"$WORK/out"; bare+=("$(frame "$WORK/out")")
  NANOGRID_CONFIG="$WORK/clone-$i" xrun "$ROOT/nanogrid" gui --measure-startup >"$WORK/out"
  clone+=("$(frame "$WORK/out")"); clone_ready+=("$(ready "$WORK/out")")
  if [[ -x "$IMAGE/bin/Nanogrid" ]]; then
    NANOGRID_CONFIG="$WORK/image-$i" xrun "$IMAGE/bin/Nanogrid" gui --measure-startup >"$WORK/out"
    image+=("$(frame "$WORK/out")"); image_ready+=("$(ready "$WORK/out")")
  fi
  if [[ -x "$INSTALLED/bin/Nanogrid" ]]; then
    NANOGRID_CONFIG="$WORK/inst-$i" xrun "$INSTALLED/bin/Nanogrid" gui --measure-startup >"$WORK/out"
    inst+=("$(frame "$WORK/out")"); inst_ready+=("$(ready "$WORK/out")")
  fi
done
b=$(printf '%s\n' "${bare[@]}" | median)
ratio() { awk -v a="$1" -v b="$b" 'BEGIN {printf "%.2fx", a / b}'; }
line() { # label, first frames..., then ready times (the two arrays are passed as strings)
  local f r; f=$(printf '%s\n' $2 | median); r=$(printf '%s\n' $3 | median)
  printf '%-20s first frame %5s ms %s  [%s]   ready %5s ms %s  [%s]\n' "$1" "$f" "$(ratio "$f")" "$2" "$r" "$(ratio "$r")" "$3"
}
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg), $RUNS alternated rounds, ms from JVM start"
echo "bare JavaFX window:  first frame $b ms  [${bare[*]}]"
line "./nanogrid gui:" "${clone[*]}" "${clone_ready[*]}"
if [[ ${#image[@]} -gt 0 ]]; then
  line "app-image Nanogrid:" "${image[*]}" "${image_ready[*]}"
fi
if [[ ${#inst[@]} -gt 0 ]]; then
  line "installed .deb:" "${inst[*]}" "${inst_ready[*]}"
fi
