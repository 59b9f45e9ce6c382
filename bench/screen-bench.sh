#!/usr/bin/env bash
# Screening benchmark (issue 13): series per minute of a sequential `covidct detect` loop (one process per
# series), `covidct screen` (engine local) and `covidct screen --engine spark --master local[2]` on the same
# folders and model, against the classifier-bound limit (kept slices / the `bench infer` rate at detect's batch 4).
# The bench infer rate is taken before and after every timed run, so each ratio uses the rate of its own minutes
# (a shared machine's speed drifts).
# Each run is also timed by /usr/bin/time (user + sys CPU of the process and its children): on a shared machine
# the CPU of a run against kept slices x the CPU a slice's forward takes (bench infer's cpu_sec_per_slice) is
# the steadier ratio.
# Usage: bench/screen-bench.sh MODEL_DIR ROOT WORK [MODES]   (WORK: an empty scratch folder; MODES: any of
# loop local spark, default all three); figures go to docs by hand.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
model="$1"; root="$2"; work="$3"; modes="${4:-loop local spark}"
mkdir -p "$work"
cx="$here/covidct"
echo "# $(date -u +%FT%TZ) $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"
rate() {
  "$cx" bench infer --model "$model" --batch 4 --iterations 4 --warmup 1 2>/dev/null | grep -E '^(slices_per_sec|cpu_sec_per_slice)='
}
timed() { # label, command...
  local label="$1"; shift
  local t0 t1
  t0=$(date +%s.%N)
  /usr/bin/time -o "$work/time-$label.txt" -f "$label cpu_user_s=%U cpu_sys_s=%S maxrss_kb=%M" "$@"
  t1=$(date +%s.%N)
  cat "$work/time-$label.txt"
  echo "$label wall_s=$(echo "$t1 - $t0" | bc)  load=$(cut -d' ' -f1 /proc/loadavg)"
}
mapfile -t series < <(find "$root" -mindepth 2 -maxdepth 2 -type d | sort)
echo "# ${#series[@]} series"
detect_loop() {
  local i=0
  for s in "${series[@]}"; do
    i=$((i + 1))
    "$cx" detect --model "$model" "$s" --out "$work/loop/$i" -q
  done
}
echo "## rate"; rate
case " $modes " in *" loop "*) timed "detect_loop" bash -c "$(declare -p series cx model work); $(declare -f detect_loop); detect_loop"; echo "## rate"; rate;; esac
case " $modes " in *" local "*) timed "screen_local" "$cx" screen "$root" --model "$model" --out "$work/local" -q; echo "## rate"; rate;; esac
case " $modes " in *" spark "*) timed "screen_spark_local2" "$cx" screen "$root" --model "$model" --out "$work/spark" --engine spark --master 'local[2]' -q; echo "## rate"; rate;; esac
# kept slices per series from the local screen's results (the same for every engine: the test checks it)
echo "kept_total=$(awk -F, 'NR==1{for(i=1;i<=NF;i++) if($i=="kept") k=i; next} {s+=$k} END{print s}' "$work/local/results.csv")"
cmp <(cut -d, -f1-5 "$work/local/results.csv" | sort) <(cut -d, -f1-5 "$work/spark/results.csv" | sort) \
  && echo "local and spark results.csv agree (series_path,decision,kept,covid,fraction)"
