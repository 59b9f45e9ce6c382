#!/bin/sh
# Training throughput of `covidct train` (full network, 512 px, batch 14 by default): a few batches of one
# epoch on synthetic 16-bit slices (content does not matter for speed). Prints the epoch line (slices/s of
# the training part) and the peak RSS of the JVM (GNU time).
# usage: bench/train-throughput.sh [MODEL] [BATCHES] [BATCH] [SIZE] [WIDTH]
set -eu
MODEL=${1:-fpn}
BATCHES=${2:-3}
BATCH=${3:-14}
SIZE=${4:-512}
WIDTH=${5:-1}
HERE=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
/usr/bin/python3 - "$WORK/data" $((BATCHES * BATCH)) 10 "$SIZE" <<'PY'
import csv, os, sys
import numpy as np, cv2
out, n_train, n_val, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
os.makedirs(out)
rng = np.random.default_rng(1)
def write(part, n):
    with open(os.path.join(out, part + "1.csv"), "w", newline="") as f:
        w = csv.writer(f); w.writerow(["filename", "class"])
        for i in range(n):
            cls = "covid" if i % 2 == 0 else "normal"
            name = f"bench{cls}_patient{i}_SR_2_IM{i:05d}_{part}.tif"
            cv2.imwrite(os.path.join(out, name), rng.integers(0, 1400, (size, size), dtype=np.uint16))
            w.writerow([name, cls])
write("train", n_train); write("validation", n_val); write("test", 2)
PY
cd "$HERE"
./covidct --version >/dev/null
/usr/bin/time -v ./covidct train --data "$WORK/data" --fold 1 --arch "$MODEL" --size "$SIZE" --width "$WIDTH" \
    --epochs 1 --batch "$BATCH" --val-batch 10 --quiet --out "$WORK/run" 2>"$WORK/time.txt"
grep -E "Maximum resident|Elapsed" "$WORK/time.txt"
cat "$WORK/run/epochs.csv"
