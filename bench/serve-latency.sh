#!/usr/bin/env bash
# Latency of `covidct serve` per study (upload -> done, as a client sees it) and a burst of concurrent uploads.
#   bench/serve-latency.sh WORKDIR [small|full] [RUNS]     one real series (COVID-CT-MD P001, 148 slices), RUNS times
#   bench/serve-latency.sh WORKDIR burst [N]               N 20-slice studies posted at once, small model
# Needs ./covidct built (mvn -B -q -pl app -am package -DskipTests), curl, zip, python3, ../shared/data.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mkdir -p "$1" && cd "$1" && pwd)"; mode="${2:-small}"; runs="${3:-3}"
data="$here/../shared/data/real/covid-ct-md"
covidct="$here/covidct"
model="$work/model-$mode"; [ "$mode" = burst ] && model="$work/model-small"
if [ ! -d "$model" ]; then
  if [ "$mode" = full ]; then "$covidct" init-model --model fpn --size 512 --out "$model" >/dev/null
  else "$covidct" init-model --model fpn --size 128 --width 0.125 --out "$model" >/dev/null; fi
fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
store="$work/store-$mode-$$"
"$covidct" serve --model "$model" --port "$port" --store "$store" --queue 64 > "$work/serve-$mode.out" 2> "$work/serve-$mode.log" &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
url="http://127.0.0.1:$port"
until curl -sf "$url/api/health" >/dev/null; do sleep 0.5; kill -0 $pid || { cat "$work/serve-$mode.log"; exit 1; }; done
tick=$(getconf CLK_TCK)
cpu() { awk -v t="$tick" '{printf "%.1f", ($14 + $15) / t}' "/proc/$pid/stat"; }  # the server's user + system CPU seconds
state() { curl -sf "$url/api/jobs/$1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["state"])'; }
wait_done() { while :; do s=$(state "$1"); [ "$s" = done ] && return 0; [ "$s" = failed ] && { echo "job $1 failed"; return 1; }; sleep 0.2; done; }
echo "# $(date -u +%FT%TZ) mode=$mode; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ "$mode" = burst ]; then
  n="${3:-20}"; zips=()
  for i in $(seq 0 $((n - 1))); do
    case $((i % 3)) in 0) d="$data/covid/P001";; 1) d="$data/normal/normal001";; 2) d="$data/cap/cap001";; esac
    from=$((30 + (i / 3) * 12)); z="$work/burst-$i.zip"
    (cd "$d" && ls | sort | sed -n "$((from + 1)),$((from + 20))p" | zip -q "$z" -@)
    zips+=("$z")
  done
  t0=$(date +%s.%N); c0=$(cpu); ids=()
  posts=()
  for z in "${zips[@]}"; do curl -sf -X POST -H 'Content-Type: application/zip' --data-binary @"$z" "$url/api/studies" > "$z.job" & posts+=($!); done
  for p in "${posts[@]}"; do wait "$p"; done
  t1=$(date +%s.%N)
  for z in "${zips[@]}"; do ids+=("$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["job"])' "$z.job")"); done
  for id in "${ids[@]}"; do wait_done "$id"; done
  t2=$(date +%s.%N); c1=$(cpu)
  echo "burst: $n uploads of 20 slices: accepted (all 202) in $(echo "$t1 - $t0" | bc) s, all done in $(echo "$t2 - $t0" | bc) s; server CPU $(echo "$c1 - $c0" | bc) s"
else
  zip_file="$work/P001.zip"; [ -f "$zip_file" ] || (cd "$data/covid" && zip -q -r "$zip_file" P001)
  for r in $(seq 1 "$runs"); do
    t0=$(date +%s.%N); c0=$(cpu)
    id=$(curl -sf -X POST -H 'Content-Type: application/zip' --data-binary @"$zip_file" "$url/api/studies" | python3 -c 'import json,sys; print(json.load(sys.stdin)["job"])')
    wait_done "$id"
    t1=$(date +%s.%N); c1=$(cpu)
    echo "run $r: P001 (148 slices, $(du -m "$zip_file" | cut -f1) MB zip) upload -> done: $(echo "$t1 - $t0" | bc) s; server CPU $(echo "$c1 - $c0" | bc) s"
  done
fi
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg); server log:"; grep -E "done in|queued" "$work/serve-$mode.log" | tail -3
