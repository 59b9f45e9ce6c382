"""Builds the throughput benchmark input of `covidct select`: a COVID-CTset-shaped tree
<group>/<patientN>/SR_k/IMnnnnn.tif of 512 x 512 16-bit slices written by OpenCV (LZW + horizontal
predictor, 8 rows per strip, as the dataset's own tools write them).

Content: the five real slices of ../shared/data/real/covid-ctset-format (P001 instances 1, 40, 75,
110, 148: closed lung at the apex, open mid-lung, closed at the base), arranged as a sweep per series
(closed - open - closed) and made distinct per file with Gaussian noise (sigma 4) and a shift of up
to 6 pixels, so files compress like real CT (about 290 KB each) and the rule has real work to do.

usage: /usr/bin/python3 bench/make_bench_tree.py OUT_DIR [--patients 30] [--slices 56] [--seed 1]
"""
import argparse
import os
import sys

import cv2
import numpy as np

ap = argparse.ArgumentParser()
ap.add_argument("out")
ap.add_argument("--patients", type=int, default=30)
ap.add_argument("--slices", type=int, default=56, help="slices per series (COVID-CTset averages 56)")
ap.add_argument("--seed", type=int, default=1)
ap.add_argument("--real", default=os.path.join(os.path.dirname(__file__), "..", "..", "shared", "data", "real",
                                               "covid-ctset-format"))
a = ap.parse_args()

names = ["P001_IM00001_cv2.tif", "P001_IM00040_cv2.tif", "P001_IM00075_cv2.tif",
         "P001_IM00110_tifffile-zlib.tif", "P001_IM00148_pil.tif"]
base = [cv2.imread(os.path.join(a.real, n), cv2.IMREAD_UNCHANGED) for n in names]
for n, b in zip(names, base):
    if b is None or b.dtype != np.uint16 or b.shape != (512, 512):
        sys.exit(f"cannot read {n} as 512x512 uint16 from {a.real}")

rng = np.random.default_rng(a.seed)
count = 0
for p in range(a.patients):
    group = "137covid" if p % 3 == 0 else "normal%d" % (1 + p % 5)
    for k in (2, 3, 4):
        d = os.path.join(a.out, group, "patient%d" % (p + 1), "SR_%d" % k)
        os.makedirs(d, exist_ok=True)
        for i in range(a.slices):
            t = i / (a.slices - 1)  # 0 apex .. 1 base
            if t < 0.15:
                src = base[0]
            elif t > 0.85:
                src = base[4]
            else:
                src = base[1 + int((t - 0.15) / 0.7 * 3) % 3]
            img = src.astype(np.float32) + rng.normal(0, 4, src.shape).astype(np.float32)
            img = np.roll(img, (int(rng.integers(-6, 7)), int(rng.integers(-6, 7))), axis=(0, 1))
            img = np.clip(np.rint(img), 0, 4095).astype(np.uint16)
            cv2.imwrite(os.path.join(d, "IM%05d.tif" % (i + 1)), img)
            count += 1
print(f"{count} slices in {a.patients * 3} series under {a.out}")
