#!/usr/bin/python3
"""Compressed DICOM fixtures encoded by an independent toolkit (GDCM 3.0 via Debian python3-gdcm), with
their expected stored values as decoded by pydicom 2.3.1 + GDCM (expected.csv: file, transfer syntax,
rows, cols, bits stored, signed, sha256 of the stored values as int32 little-endian, min, max, sum).
Run from this folder: /usr/bin/python3 make_fixtures.py
Sources: pydicom's CT_small.dcm (Debian python3-pydicom 2.3.1) and small synthetic images made here.
"""
import hashlib

import gdcm
import numpy as np
import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

CT_SMALL = '/usr/lib/python3/dist-packages/pydicom/data/test_files/CT_small.dcm'


def synthetic(path, values, bits_stored, signed):
    ds = Dataset()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.file_meta.MediaStorageSOPClassUID = '1.2.840.10008.5.1.4.1.1.2'
    ds.file_meta.MediaStorageSOPInstanceUID = generate_uid(entropy_srcs=[path])
    ds.SOPClassUID = '1.2.840.10008.5.1.4.1.1.2'
    ds.SOPInstanceUID = ds.file_meta.MediaStorageSOPInstanceUID
    ds.Modality = 'CT'
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = 'MONOCHROME2'
    ds.Rows, ds.Columns = values.shape
    ds.BitsAllocated = 16
    ds.BitsStored = bits_stored
    ds.HighBit = bits_stored - 1
    ds.PixelRepresentation = 1 if signed else 0
    ds.RescaleIntercept = -1024
    ds.RescaleSlope = 1
    cells = values.astype(np.int64) & ((1 << bits_stored) - 1)  # two's complement within BitsStored
    ds.PixelData = cells.astype('<u2').tobytes()
    ds.is_little_endian = True
    ds.is_implicit_VR = False
    ds.save_as(path, write_like_original=False)


def compress(src, dst, ts):
    r = gdcm.ImageReader()
    r.SetFileName(src)
    assert r.Read(), src
    c = gdcm.ImageChangeTransferSyntax()
    c.SetTransferSyntax(gdcm.TransferSyntax(ts))
    c.SetInput(r.GetImage())
    assert c.Change(), dst
    w = gdcm.ImageWriter()
    w.SetFileName(dst)
    w.SetFile(r.GetFile())
    w.SetImage(c.GetOutput())
    assert w.Write(), dst


def main():
    rng = np.random.default_rng(20260527)
    y, x = np.mgrid[0:48, 0:40]
    smooth = (x * 97 + y * 41) % 4096
    # the intended stored values are the oracle (pydicom 2.3 does not sign-extend native 12-bit cells)
    intended = {
        'u12.tmp': (smooth + rng.integers(0, 64, smooth.shape)) % 4096,
        's12.tmp': ((smooth + rng.integers(0, 64, smooth.shape)) % 4096) - 2048,
        's16.tmp': rng.integers(-32768, 32768, (40, 48)),
    }
    for name, values in intended.items():
        synthetic(name, values, 16 if name == 's16.tmp' else 12, name.startswith('s'))
    intended[CT_SMALL] = pydicom.dcmread(CT_SMALL).pixel_array
    jobs = [
        (CT_SMALL, 'ct_small_jpeg57.dcm', gdcm.TransferSyntax.JPEGLosslessProcess14),
        (CT_SMALL, 'ct_small_rle.dcm', gdcm.TransferSyntax.RLELossless),
        ('u12.tmp', 'u12_jpeg57.dcm', gdcm.TransferSyntax.JPEGLosslessProcess14),
        ('s12.tmp', 's12_jpeg70.dcm', gdcm.TransferSyntax.JPEGLosslessProcess14_1),
        ('s12.tmp', 's12_rle.dcm', gdcm.TransferSyntax.RLELossless),
        ('s16.tmp', 's16_jpeg70.dcm', gdcm.TransferSyntax.JPEGLosslessProcess14_1),
        ('s16.tmp', 's16_rle.dcm', gdcm.TransferSyntax.RLELossless),
    ]
    rows = ['file,transfer_syntax,rows,cols,bits_stored,signed,sha256,min,max,sum']
    for src, dst, ts in jobs:
        compress(src, dst, ts)
        original = intended[src].astype(np.int32)
        d = pydicom.dcmread(dst)
        a = d.pixel_array.astype(np.int32)
        if d.PixelRepresentation == 1 and d.BitsStored < 16:
            # pydicom 2.3's native and RLE handlers return the cell masked to BitsStored, not sign-extended
            # (its GDCM JPEG path does): extend here, as PS3.5 8.1.1 defines the stored value
            a = np.where(a >= 1 << (d.BitsStored - 1), a - (1 << d.BitsStored), a)
        assert np.array_equal(a, original), dst  # lossless round trip through GDCM
        rows.append('%s,%s,%d,%d,%d,%d,%s,%d,%d,%d' % (
            dst, d.file_meta.TransferSyntaxUID, d.Rows, d.Columns, d.BitsStored, d.PixelRepresentation,
            hashlib.sha256(a.astype('<i4').tobytes()).hexdigest(), a.min(), a.max(), int(a.astype(np.int64).sum())))
    with open('expected.csv', 'w') as f:
        f.write('\n'.join(rows) + '\n')
    import os
    for t in ('u12.tmp', 's12.tmp', 's16.tmp'):
        os.remove(t)


if __name__ == '__main__':
    main()
