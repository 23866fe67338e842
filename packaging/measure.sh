#!/usr/bin/env bash
# Measures what packaging/README.md reports (Linux): sizes of the device jar, the sample grid's bundle,
# the app-image and the .deb; the ONNX Runtime start-up saving of the unpacked native library; and the
# launch time of the installed app (time to the first frame, on Xvfb, from the .debs' files unpacked with
# dpkg-deb -x and the class-data archive made as their postinst does: the same bits as /opt/nanogrid after
# installing nanogrid and nanogrid-samples, without touching the system; packaging/measure-startup.sh
# measures an installed /opt/nanogrid against a bare JavaFX window).
# Run after: ./mvnw -Pinstallers -pl packaging -am verify -Dinstaller.types=app-image,deb \
#                -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd -P)"
T="$ROOT/packaging/target"
IMAGE="$T/installer/image/Nanogrid"
RUNS="${RUNS:-5}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }

echo "== sizes"
ls -l "$T"/nanogrid-device-*.jar | awk '{printf "device jar      %s: %d bytes\n", $9, $5}'
"$ROOT"/nanogrid export "$ROOT/sample-grids/text-assistant/grid.json" \
    -o "$WORK/text-assistant.ngrid" >/dev/null
echo "sample bundle   text-assistant.ngrid: $(stat -c %s "$WORK/text-assistant.ngrid") bytes"
echo "app-image       $(du -sb "$IMAGE" | cut -f1) bytes (runtime $(du -sb "$IMAGE/lib/runtime" | cut -f1), app $(du -sb "$IMAGE/lib/app" | cut -f1))"
DEB=$(ls "$T"/installer/installers/nanogrid_*.deb 2>/dev/null | head -1 || true)
for d in "$T"/installer/installers/*.deb; do
  [[ -f "$d" ]] && echo "deb             $(basename "$d"): $(stat -c %s "$d") bytes, installed size $(dpkg-deb -f "$d" Installed-Size) KiB"
done

echo "== ONNX Runtime start: OrtEnvironment.getEnvironment() in fresh JVMs, median of $RUNS"
cat > "$WORK/OrtLoad.java" <<'JAVA'
public class OrtLoad {
    public static void main(String[] a) {
        long t0 = System.nanoTime();
        ai.onnxruntime.OrtEnvironment.getEnvironment();
        System.out.println((System.nanoTime() - t0) / 1_000_000);
    }
}
JAVA
ORTJAR=$(ls "$ROOT"/app/target/lib/onnxruntime-*.jar)
mkdir -p "$WORK/tmp"
with=(); without=()
for i in $(seq "$RUNS"); do
  without+=("$(java -Djava.io.tmpdir="$WORK/tmp" -cp "$ORTJAR" "$WORK/OrtLoad.java")")
  with+=("$(java -Donnxruntime.native.path="$IMAGE/lib/app/native" -cp "$ORTJAR" "$WORK/OrtLoad.java")")
done
echo "extracted to the temp folder (28 MB each start): $(printf '%s\n' "${without[@]}" | median) ms  [${without[*]}]"
echo "loaded in place (-Donnxruntime.native.path):    $(printf '%s\n' "${with[@]}" | median) ms  [${with[*]}]"
echo "== nanogrid inspect, whole command, median of $RUNS"
CP="$ROOT/app/target/nanogrid-app.jar:$ROOT/app/target/lib/*"
MODEL="$ROOT/sample-grids/text-assistant/experts/spam.onnx"
with=(); without=(); img=()
for i in $(seq "$RUNS"); do
  without+=("$(ms java -Djava.io.tmpdir="$WORK/tmp" -cp "$CP" io.nanogrid.app.Launcher inspect "$MODEL")")
  with+=("$(ms java -Donnxruntime.native.path="$IMAGE/lib/app/native" -cp "$CP" io.nanogrid.app.Launcher inspect "$MODEL")")
  img+=("$(ms "$IMAGE/bin/Nanogrid" inspect "$MODEL")")
done
echo "JDK, class path, library extracted:  $(printf '%s\n' "${without[@]}" | median) ms  [${without[*]}]"
echo "JDK, class path, library in place:   $(printf '%s\n' "${with[@]}" | median) ms  [${with[*]}]"
echo "the app-image's bin/Nanogrid:        $(printf '%s\n' "${img[@]}" | median) ms  [${img[*]}]"

if [[ -n "$DEB" ]] && command -v xvfb-run >/dev/null; then
  echo "== launch time of the installed app: first frame (the sample grid opens on first start), median of $RUNS"
  for d in "$T"/installer/installers/*.deb; do dpkg-deb -x "$d" "$WORK/root"; done
  APP="$WORK/root/opt/nanogrid/lib/app"   # the class-data archive, made as the postinst makes it
  JAVA_TOOL_OPTIONS="-Xshare:dump -XX:SharedClassListFile=$APP/nanogrid.classlist" \
      "$WORK/root/opt/nanogrid/bin/Nanogrid" >/dev/null 2>&1
  frames=()
  for i in $(seq "$RUNS"); do
    f=$(HOME="$WORK/home" NANOGRID_CONFIG="$WORK/config-$i" xvfb-run -a -s "-screen 0 1920x1200x24" \
        "$WORK/root/opt/nanogrid/bin/Nanogrid" gui --measure-startup 2>/dev/null | sed -n 's/^first frame \([0-9]*\) ms.*/\1/p')
    frames+=("$f")
  done
  echo "installed (/opt/nanogrid from the .deb):  $(printf '%s\n' "${frames[@]}" | median) ms  [${frames[*]}]"
  "$ROOT/nanogrid" --version >/dev/null 2>&1   # builds first if sources changed, outside the timing
  dev=()
  for i in $(seq "$RUNS"); do
    f=$(HOME="$WORK/home" NANOGRID_CONFIG="$WORK/dev-config-$i" xvfb-run -a -s "-screen 0 1920x1200x24" \
        "$ROOT/nanogrid" gui --measure-startup 2>/dev/null | sed -n 's/^first frame \([0-9]*\) ms.*/\1/p')
    dev+=("$f")
  done
  echo "from the clone (./nanogrid, class path):  $(printf '%s\n' "${dev[@]}" | median) ms  [${dev[*]}]"
fi
