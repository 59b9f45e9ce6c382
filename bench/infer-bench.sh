#!/usr/bin/env bash
# Inference benchmark: covidct's FPN forward (DJL + PyTorch 2.7 engine) against the PyTorch-Python peer
# (bench/fpn_torch.py, Debian torch 1.13), same machine, same run, interleaved.
# Usage: bench/infer-bench.sh [SIZE] [ITERATIONS]     (defaults 512 10); figures go to docs/benchmarks/infer.md by hand.
set -euo pipefail
# both sides with the same OpenMP wait policy (the covidct launcher's default); the peer also runs with
# libgomp's default (spinning) once per batch size, as a Python user would run it
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
size="${1:-512}"
iters="${2:-10}"
threads="$(nproc)"
# the malloc settings the covidct launcher exports (read from it, so the peer can be given the same)
tunables="$(grep -o 'glibc.malloc.arena_max=[^}"]*' "$here/covidct" | head -1)"
echo "# $(date -u +%FT%TZ) $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $threads cores"
echo "# load before: $(cut -d' ' -f1-3 /proc/loadavg)"
"$here/covidct" --version >/dev/null 2>&1 || true
for batch in 1 4; do
  for variant in "--layout nhwc" "--plain"; do
    echo "## covidct bench infer --arch fpn --size $size --batch $batch --iterations $iters $variant"
    "$here/covidct" bench infer --arch fpn --size "$size" --batch "$batch" --iterations "$iters" $variant 2>/dev/null \
      | grep -E '^(path|threads|median_batch_ms|slices_per_sec|slices_per_sec_median|peak_rss_mb|cpu_sec_per_slice)='
  done
  echo "## OMP_WAIT_POLICY=$OMP_WAIT_POLICY /usr/bin/python3 bench/fpn_torch.py --size $size --batch $batch --iterations $iters --threads $threads"
  /usr/bin/python3 "$here/bench/fpn_torch.py" --size "$size" --batch "$batch" --iterations "$iters" --threads "$threads" \
    | grep -E '^(peer|threads|median_batch_ms|slices_per_sec|slices_per_sec_median|peak_rss_mb|cpu_sec_per_slice)='
  echo "## (the launcher's malloc settings too) GLIBC_TUNABLES=$tunables /usr/bin/python3 bench/fpn_torch.py --size $size --batch $batch --iterations $iters --threads $threads"
  GLIBC_TUNABLES="$tunables" /usr/bin/python3 "$here/bench/fpn_torch.py" --size "$size" --batch "$batch" --iterations "$iters" --threads "$threads" \
    | grep -E '^(slices_per_sec|peak_rss_mb|cpu_sec_per_slice)='
  echo "## (libgomp default wait policy) /usr/bin/python3 bench/fpn_torch.py --size $size --batch $batch --iterations $iters --threads $threads"
  env -u OMP_WAIT_POLICY /usr/bin/python3 "$here/bench/fpn_torch.py" --size "$size" --batch "$batch" --iterations "$iters" --threads "$threads" \
    | grep -E '^(slices_per_sec|peak_rss_mb|cpu_sec_per_slice)='
done
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"
