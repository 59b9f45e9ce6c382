"""The peer of `covidct select` for the throughput benchmark: the reference rule written the way a
numpy + OpenCV user would write it (vectorised count per slice), with the same inputs and outputs.

For every series folder under SRC (a folder directly holding *.tif files), in file-name order:
read each slice with cv2.imread(IMREAD_UNCHANGED), count values < 300 in img[240:340, 120:370],
threshold = (max - min) / 1.5, keep count > threshold; copy the kept files into OUT mirroring SRC and
write OUT/selection.csv (series,file,dark_count,threshold,selected), rows in the same order as covidct.

usage: /usr/bin/python3 bench/select_peer.py SRC OUT [--jobs N]   (N processes over series; default 1)
"""
import argparse
import os
import shutil
import sys
from multiprocessing import Pool

import cv2
import numpy as np


def series_folders(root):
    found = []
    for d, dirs, files in os.walk(root):
        dirs[:] = [x for x in dirs if not x.startswith(".")]
        if any(f.lower().endswith((".tif", ".tiff")) and not f.startswith(".") for f in files):
            found.append(d)
    # covidct orders by relative path segment by segment
    return sorted(found, key=lambda d: os.path.relpath(d, root).split(os.sep) if d != root else [])


def judge(folder):
    files = sorted(f for f in os.listdir(folder) if f.lower().endswith((".tif", ".tiff")) and not f.startswith("."))
    counts = np.empty(len(files), dtype=np.int64)
    for i, f in enumerate(files):
        img = cv2.imread(os.path.join(folder, f), cv2.IMREAD_UNCHANGED)
        if img is None or img.dtype != np.uint16 or img.ndim != 2:
            raise SystemExit(f"{os.path.join(folder, f)}: not a 16-bit grayscale slice")
        counts[i] = np.count_nonzero(img[240:340, 120:370] < 300)
    threshold = (counts.max() - counts.min()) / 1.5
    return folder, files, counts, threshold, counts > threshold


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("src")
    ap.add_argument("out")
    ap.add_argument("--jobs", type=int, default=1)
    a = ap.parse_args()
    root = os.path.abspath(a.src)
    folders = series_folders(root)
    if not folders:
        sys.exit(f"{a.src}: no series folders")
    if a.jobs > 1:
        with Pool(a.jobs) as pool:
            results = pool.map(judge, folders, chunksize=1)
    else:
        results = [judge(f) for f in folders]
    rows = ["series,file,dark_count,threshold,selected\n"]
    for folder, files, counts, threshold, keep in results:
        rel = os.path.relpath(folder, root).replace(os.sep, "/")
        target = os.path.join(a.out, rel)
        if keep.any():
            os.makedirs(target, exist_ok=True)
        for f, c, k in zip(files, counts, keep):
            if k:
                shutil.copyfile(os.path.join(folder, f), os.path.join(target, f))
            rows.append(f"{rel},{f},{c},{threshold:.3f},{1 if k else 0}\n")
    os.makedirs(a.out, exist_ok=True)
    tmp = os.path.join(a.out, ".selection.csv.part")
    with open(tmp, "w") as fh:
        fh.writelines(rows)
    os.replace(tmp, os.path.join(a.out, "selection.csv"))


if __name__ == "__main__":
    main()
