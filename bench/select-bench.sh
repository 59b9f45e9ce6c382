#!/usr/bin/env bash
# Throughput of `covidct select` (whole process, JVM start included) against the numpy + OpenCV peer
# bench/select_peer.py, same input, same run. Usage: bench/select-bench.sh [REPS] (default 3)
# Input: BENCH_DIR/data (default /tmp/covidct-bench), built by bench/make_bench_tree.py when missing:
# 30 patients x 3 series x 56 slices = 5,040 OpenCV LZW+predictor 512x512 slices.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
reps="${1:-3}"
bench="${BENCH_DIR:-/tmp/covidct-bench}"
data="$bench/data"
py=/usr/bin/python3
if [ ! -d "$data" ]; then
  "$py" "$here/bench/make_bench_tree.py" "$data" --patients 30 --slices 56
fi
slices=$(find "$data" -name '*.tif' | wc -l)
"$here/covidct" --version >/dev/null   # builds the jar if needed (not timed)
echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git -C "$here" rev-parse --short HEAD)"
# the java the launcher runs: COVIDCT_JAVA (binary or JDK folder), else JAVA_HOME's, else PATH's
javabin="${COVIDCT_JAVA:-${JAVA_HOME:+$JAVA_HOME/bin/java}}"
javabin="${javabin:-java}"
[ -d "$javabin" ] && javabin="$javabin/bin/java"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), covidct runs on $("$javabin" -version 2>&1 | head -1)"
echo "memory: $(free -g | awk '/Mem:/ {print $2}') GB; other jobs: load average $(cut -d' ' -f1-3 /proc/loadavg) before the run"
echo "uptime: $(uptime)"
echo "input: $slices slices in $(find "$data" -name 'IM00001.tif' | wc -l) series, $(du -sh "$data" | cut -f1)"

run() { # label, out dir, command...
  local label="$1" out="$2"; shift 2
  rm -rf "$out"; sync
  [ "$label" != "cp of the kept files" ] || mkdir -p "$out"
  local load; load=$(cut -d' ' -f1 /proc/loadavg)
  /usr/bin/time -o "$bench/time.txt" -f '%e %U %S' "$@" >/dev/null 2>"$bench/stderr.txt"
  read -r wall user sys < "$bench/time.txt"
  awk -v l="$label" -v w="$wall" -v u="$user" -v s="$sys" -v n="$slices" -v ld="$load" \
    'BEGIN { printf "%-22s wall %6.2f s  %7.0f slices/s   cpu %6.2f s (%5.0f us/slice)   load before %s\n", l, w, n / w, u + s, (u + s) / n * 1e6, ld }'
}
# the files the rule keeps (from a previous covidct run), for the cp reference row
if [ ! -s "$bench/kept.txt" ]; then
  rm -rf "$bench/kept-run"
  "$here/covidct" select "$data" --out "$bench/kept-run" -q --no-copy
  awk -F, 'NR > 1 && $5 == 1 { print $1 "/" $2 }' "$bench/kept-run/selection.csv" > "$bench/kept.txt"
  rm -rf "$bench/kept-run"
fi
for i in $(seq "$reps"); do
  run "covidct select"       "$bench/out-covidct" "$here/covidct" select "$data" --out "$bench/out-covidct" -q
  run "peer (1 process)"     "$bench/out-peer"    "$py" "$here/bench/select_peer.py" "$data" "$bench/out-peer"
  run "peer (2 processes)"   "$bench/out-peer2"   "$py" "$here/bench/select_peer.py" "$data" "$bench/out-peer2" --jobs 2
  run "covidct --no-copy"    "$bench/csv-covidct" "$here/covidct" select "$data" --out "$bench/csv-covidct" -q --no-copy
  run "peer 2 proc --no-copy" "$bench/csv-peer"   "$py" "$here/bench/select_peer.py" "$data" "$bench/csv-peer" --jobs 2 --no-copy
  # opt-in hard links (the kept files share storage with the source): not the headline figure
  run "covidct --link"       "$bench/link-covidct" "$here/covidct" select "$data" --out "$bench/link-covidct" -q --link
  # what the kernel alone needs to copy the kept files (one cp process): the floor of any copying tool
  run "cp of the kept files" "$bench/cp-kept"     bash -c 'cd "$1" && xargs -a "$2" cp --parents -t "$3"' _ "$data" "$bench/kept.txt" "$bench/cp-kept/"
  # fixed cost: JVM start, CLI, warm-up, on one 56-slice series (slices/s here is per that series' 56)
  slices=56 run "covidct, 1 series"   "$bench/one-covidct" "$here/covidct" select "$data/137covid/patient1/SR_2" --out "$bench/one-covidct" -q --no-copy
done
echo "uptime: $(uptime)"
# the outputs must agree: identical selection.csv and identical copied files
cmp "$bench/out-covidct/selection.csv" "$bench/out-peer/selection.csv"
cmp "$bench/out-peer/selection.csv" "$bench/out-peer2/selection.csv"
cmp "$bench/out-peer/selection.csv" "$bench/csv-covidct/selection.csv"
cmp "$bench/out-peer/selection.csv" "$bench/csv-peer/selection.csv"
diff -rq "$bench/out-covidct" "$bench/out-peer" >/dev/null
cmp "$bench/out-peer/selection.csv" "$bench/link-covidct/selection.csv"
diff -rq -x selection.csv "$bench/out-covidct" "$bench/link-covidct" >/dev/null
diff -rq -x selection.csv "$bench/out-covidct" "$bench/cp-kept" >/dev/null
echo "outputs agree: selection.csv identical ($(($(wc -l < "$bench/out-peer/selection.csv") - 1)) rows, $(grep -c ',1$' "$bench/out-peer/selection.csv") kept), copied trees identical"
