#!/usr/bin/python3
"""Peer of `covidct convert` for docs/benchmarks/dicom.md: pydicom 2.3 (+GDCM for JPEG Lossless) decodes,
numpy applies value = stored*slope + intercept + 1024 clipped to 0..65535, OpenCV writes 16-bit LZW TIFF
(the tools the COVID-CTset authors' conversion most likely used). Same layout, slices ordered by
InstanceNumber then z; axial CT only. No de-identification beyond aliases (not a tool, a yardstick).

usage: /usr/bin/python3 bench/dicom_convert_peer.py SRC OUT [--workers N]
"""
import argparse
import hashlib
import os
import sys
from multiprocessing import Pool

import cv2
import numpy as np
import pydicom


def header(path):
    try:
        ds = pydicom.dcmread(path, stop_before_pixels=True)
    except Exception:
        return None
    if 'Rows' not in ds or ds.get('Modality') != 'CT':
        return None
    if 'LOCALIZER' in [str(t).upper() for t in ds.get('ImageType', [])]:
        return None
    z = float(ds.ImagePositionPatient[2]) if 'ImagePositionPatient' in ds else 0.0
    inst = int(ds.InstanceNumber) if ds.get('InstanceNumber') not in (None, '') else 1 << 30
    return (str(ds.get('PatientID', '')), str(ds.SeriesInstanceUID), int(ds.get('SeriesNumber', 0)), inst, z, path)


def convert(job):
    path, out = job
    ds = pydicom.dcmread(path)
    stored = ds.pixel_array.astype(np.float64)
    v = stored * float(ds.get('RescaleSlope', 1)) + float(ds.get('RescaleIntercept', 0)) + 1024
    pad = ds.get('PixelPaddingValue')
    img = np.clip(np.rint(v), 0, 65535).astype(np.uint16)
    if pad is not None:
        img[ds.pixel_array == pad] = 0
    cv2.imwrite(out, img)  # OpenCV writes 16-bit TIFF with LZW by default
    return 1


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('src')
    ap.add_argument('out')
    ap.add_argument('--workers', type=int, default=os.cpu_count())
    a = ap.parse_args()
    files = sorted(os.path.join(d, f) for d, _, fs in os.walk(a.src) for f in fs)
    with Pool(a.workers) as pool:
        heads = [h for h in pool.map(header, files, chunksize=16) if h is not None]
    patients = sorted({h[0] for h in heads}, key=lambda p: hashlib.sha256(p.encode()).hexdigest())
    alias = {p: 'patient%d' % (i + 1) for i, p in enumerate(patients)}
    series = {}
    for h in heads:
        series.setdefault((h[0], h[1]), []).append(h)
    jobs = []
    for (pid, _), sl in series.items():
        sl.sort(key=lambda h: (h[3], h[4]))
        d = os.path.join(a.out, alias[pid], 'SR_%d' % sl[0][2])
        os.makedirs(d, exist_ok=True)
        jobs += [(h[5], os.path.join(d, 'IM%05d.tif' % (i + 1))) for i, h in enumerate(sl)]
    with Pool(a.workers) as pool:
        n = sum(pool.map(convert, jobs, chunksize=4))
    print('peer: converted %d slices of %d series' % (n, len(series)), file=sys.stderr)


if __name__ == '__main__':
    main()
