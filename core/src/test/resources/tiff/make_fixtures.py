"""Regenerates the tiny TIFF fixtures of TiffSlicesTest with independent writers (OpenCV 4.6, Pillow 9.4).

Run with Debian's python: /usr/bin/python3 make_fixtures.py  (values are deterministic: seed 7).
The expected SHA-256 of each 16-bit fixture is written to fixtures.sha256 (uint16 LE row-major).
"""
import hashlib
import cv2
import numpy as np
from PIL import Image

rng = np.random.default_rng(7)
# 37 x 23: odd width, a last strip with fewer rows than the others
img = rng.integers(0, 4096, size=(23, 37), dtype=np.uint16)
img[0, 0] = 0
img[1, 1] = 65535
out = {}
cv2.imwrite("cv2_lzw_37x23.tif", img)  # LZW + horizontal predictor, 8 rows per strip
cv2.imwrite("cv2_deflate_37x23.tif", img, [cv2.IMWRITE_TIFF_COMPRESSION, 8])  # Deflate + predictor
cv2.imwrite("cv2_none_37x23.tif", img, [cv2.IMWRITE_TIFF_COMPRESSION, 1])
Image.fromarray(img, mode="I;16").save("pil_none_37x23.tif")
Image.fromarray(img, mode="I;16").save("pil_lzw_37x23.tif", compression="tiff_lzw")
Image.fromarray(img, mode="I;16").save("pil_deflate_37x23.tif", compression="tiff_adobe_deflate")
out["16bit_37x23"] = hashlib.sha256(img.astype("<u2").tobytes()).hexdigest()

# inputs a CT slice reader must refuse
cv2.imwrite("bad_8bit.tif", (img >> 4).astype(np.uint8))
cv2.imwrite("bad_rgb8.tif", np.dstack([(img >> 4).astype(np.uint8)] * 3))
cv2.imwrite("bad_rgb16.tif", np.dstack([img] * 3))
cv2.imwrite("bad_float32.tif", img.astype(np.float32) / 4095)
Image.fromarray((img >> 4).astype(np.uint8), mode="L").save("bad_8bit_pil.tif")
with open("fixtures.sha256", "w") as f:
    for k, v in out.items():
        f.write(f"{v}  {k}\n")
