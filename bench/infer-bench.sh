#!/usr/bin/env bash
# Inference benchmark: covidct's FPN forward (DJL + PyTorch 2.7 engine) against the PyTorch-Python peer
# (bench/fpn_torch.py, Debian torch 1.13), same machine, same run, interleaved.
# Usage: bench/infer-bench.sh [SIZE] [ITERATIONS]     (defaults 512 10); figures go to docs/benchmarks/infer.md by hand.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
size="${1:-512}"
iters="${2:-10}"
threads="$(nproc)"
echo "# $(date -u +%FT%TZ) $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $threads cores"
echo "# load before: $(cut -d' ' -f1-3 /proc/loadavg)"
"$here/covidct" --version >/dev/null 2>&1 || true
for batch in 1 4; do
  for variant in "--layout nhwc" "--layout nchw" "--plain"; do
    echo "## covidct bench infer --model fpn --size $size --batch $batch --iterations $iters $variant"
    "$here/covidct" bench infer --model fpn --size "$size" --batch "$batch" --iterations "$iters" $variant 2>/dev/null \
      | grep -E '^(path|threads|median_batch_ms|slices_per_sec|slices_per_sec_median|peak_rss_mb)='
  done
  echo "## /usr/bin/python3 bench/fpn_torch.py --size $size --batch $batch --iterations $iters --threads $threads"
  /usr/bin/python3 "$here/bench/fpn_torch.py" --size "$size" --batch "$batch" --iterations "$iters" --threads "$threads" \
    | grep -E '^(peer|threads|median_batch_ms|slices_per_sec|slices_per_sec_median|peak_rss_mb)='
done
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"
