#!/usr/bin/python3
"""JPEG 2000 and Deflated Explicit VR Little Endian fixtures, with the stored values GDCM 3.0 decodes
(expected.csv: file, transfer syntax, rows, cols, bits stored, signed, sha256 of the stored values as
int32 little-endian row-major, min, max, sum, gdcm_as_is). Debian bookworm: python3-gdcm 3.0.21 (OpenJPEG
2.5), python3-pydicom 2.3.1. Run from this folder: /usr/bin/python3 make_fixtures.py

Files:
- 693_J2KI.dcm, J2K_pixelrep_mismatch.dcm, image_dfl.dcm: copied from pydicom's test files (Debian
  python3-pydicom 2.3.1, pydicom/data/test_files; see PROVENANCE.md here).
- p001_crop_j2k_lossless.dcm / p001_crop_j2k_lossy.dcm: the central 192 x 192 pixels of a real COVID-CT-MD
  slice (P001 instance 84, 12-bit unsigned), written as a new minimal CT file, then compressed by GDCM's
  OpenJPEG codec reversibly (.90) and irreversibly at about 10:1 (.91).
- ct_small_j2k_lossless.dcm / ct_small_j2k_lossy.dcm: pydicom's CT_small.dcm (16-bit signed) the same way.
- ct_small_deflated.dcm: CT_small written by pydicom as Deflated Explicit VR Little Endian.

The stored value of a sample is the DICOM one: the decoded sample masked to Bits Stored and sign-extended
when Pixel Representation is 1 (PS3.5 8.1.1). GDCM returns the codestream's samples as they are;
gdcm_as_is says whether that already equals the stored values. It does not for
J2K_pixelrep_mismatch.dcm, whose codestream is unsigned while Pixel Representation is 1 (pydicom issue
1149: GDCM and gdcmconv show it unsigned, pydicom and Horos sign-extend it, as the Pixel Representation
says); the expected values there are GDCM's samples sign-extended, and pydicom's values agree.
For the lossy files the GDCM values are also stored whole (*.gdcm.i32.gz) to measure any difference.
"""
import gzip
import hashlib
import shutil

import gdcm
import numpy as np
import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import DeflatedExplicitVRLittleEndian, ExplicitVRLittleEndian

TEST_FILES = '/usr/lib/python3/dist-packages/pydicom/data/test_files/'
P001 = '../../../../../../../shared/data/real/covid-ct-md/covid/P001/98C14734-ASSH_84.dcm'


def gdcm_samples(path):
    r = gdcm.ImageReader()
    r.SetFileName(path)
    assert r.Read(), path
    img = r.GetImage()
    pf = img.GetPixelFormat()
    dims = img.GetDimensions()
    dtype = {'INT16': '<i2', 'UINT16': '<u2', 'UINT8': 'u1', 'INT8': 'i1'}[pf.GetScalarTypeAsString()]
    buf = img.GetBuffer().encode('utf-8', 'surrogateescape')
    return np.frombuffer(buf, dtype=dtype).reshape(dims[1], dims[0]).astype(np.int64)


def stored(samples, bits_stored, signed):
    v = samples & ((1 << bits_stored) - 1)
    if signed:
        v = np.where(v >= (1 << (bits_stored - 1)), v - (1 << bits_stored), v)
    return v


def minimal_ct(path, values, bits_stored, signed, intercept):
    ds = Dataset()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.file_meta.MediaStorageSOPClassUID = '1.2.840.10008.5.1.4.1.1.2'
    ds.file_meta.MediaStorageSOPInstanceUID = '2.25.' + str(int(hashlib.sha256(path.encode()).hexdigest()[:24], 16))
    ds.SOPClassUID = ds.file_meta.MediaStorageSOPClassUID
    ds.SOPInstanceUID = ds.file_meta.MediaStorageSOPInstanceUID
    ds.Modality = 'CT'
    ds.ImageType = ['ORIGINAL', 'PRIMARY', 'AXIAL']
    ds.SeriesInstanceUID = '2.25.1414'
    ds.StudyInstanceUID = '2.25.1415'
    ds.SeriesNumber = 2
    ds.InstanceNumber = 1
    ds.ImageOrientationPatient = [1, 0, 0, 0, 1, 0]
    ds.ImagePositionPatient = [0, 0, 0]
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = 'MONOCHROME2'
    ds.Rows, ds.Columns = values.shape
    ds.BitsAllocated = 16
    ds.BitsStored = bits_stored
    ds.HighBit = bits_stored - 1
    ds.PixelRepresentation = 1 if signed else 0
    ds.RescaleIntercept = intercept
    ds.RescaleSlope = 1
    ds.PixelData = (values.astype(np.int64) & 0xFFFF).astype('<u2').tobytes()
    ds.is_little_endian = True
    ds.is_implicit_VR = False
    ds.save_as(path, write_like_original=False)


def compress(src, dst, lossless):
    r = gdcm.ImageReader()
    r.SetFileName(src)
    assert r.Read(), src
    change = gdcm.ImageChangeTransferSyntax()
    if lossless:
        change.SetTransferSyntax(gdcm.TransferSyntax(gdcm.TransferSyntax.JPEG2000Lossless))
    else:
        change.SetTransferSyntax(gdcm.TransferSyntax(gdcm.TransferSyntax.JPEG2000))
        codec = gdcm.JPEG2000Codec()
        codec.SetReversible(False)
        codec.SetRate(0, 10.0)
        change.SetUserCodec(codec)
    change.SetInput(r.GetImage())
    assert change.Change(), dst
    w = gdcm.ImageWriter()
    w.SetFileName(dst)
    w.SetFile(r.GetFile())
    w.SetImage(change.GetOutput())
    assert w.Write(), dst


def main():
    for name in ('693_J2KI.dcm', 'J2K_pixelrep_mismatch.dcm', 'image_dfl.dcm'):
        shutil.copyfile(TEST_FILES + name, name)

    p001 = pydicom.dcmread(P001).pixel_array  # JPEG Lossless, decoded through GDCM
    crop = p001[160:352, 160:352]
    minimal_ct('p001_crop.tmp', crop, 12, False, -1024)
    compress('p001_crop.tmp', 'p001_crop_j2k_lossless.dcm', True)
    compress('p001_crop.tmp', 'p001_crop_j2k_lossy.dcm', False)

    ct_small = pydicom.dcmread(TEST_FILES + 'CT_small.dcm')
    compress(TEST_FILES + 'CT_small.dcm', 'ct_small_j2k_lossless.dcm', True)
    compress(TEST_FILES + 'CT_small.dcm', 'ct_small_j2k_lossy.dcm', False)
    deflated = pydicom.dcmread(TEST_FILES + 'CT_small.dcm')
    deflated.file_meta.TransferSyntaxUID = DeflatedExplicitVRLittleEndian
    deflated.save_as('ct_small_deflated.dcm', write_like_original=False)

    originals = {'p001_crop_j2k_lossless.dcm': crop, 'ct_small_j2k_lossless.dcm': ct_small.pixel_array,
                 'ct_small_deflated.dcm': ct_small.pixel_array}
    rows = ['file,transfer_syntax,rows,cols,bits_stored,signed,sha256,min,max,sum,gdcm_as_is']
    for f in ('693_J2KI.dcm', 'J2K_pixelrep_mismatch.dcm', 'image_dfl.dcm', 'p001_crop_j2k_lossless.dcm',
              'p001_crop_j2k_lossy.dcm', 'ct_small_j2k_lossless.dcm', 'ct_small_j2k_lossy.dcm',
              'ct_small_deflated.dcm'):
        d = pydicom.dcmread(f)
        representation = d.PixelRepresentation  # read first: pydicom's J2K correction rewrites it in d
        samples = gdcm_samples(f)
        v = stored(samples, d.BitsStored, representation == 1)
        if f in originals:
            assert np.array_equal(v, originals[f].astype(np.int64)), f  # lossless round trip
        if f == 'J2K_pixelrep_mismatch.dcm':
            assert np.array_equal(v, d.pixel_array.astype(np.int64)), f  # pydicom's corrected values
        if 'lossy' in f:
            with gzip.GzipFile(f.replace('.dcm', '.gdcm.i32.gz'), 'wb', mtime=0) as z:
                z.write(v.astype('<i4').tobytes())
        rows.append('%s,%s,%d,%d,%d,%d,%s,%d,%d,%d,%d' % (
            f, d.file_meta.TransferSyntaxUID, d.Rows, d.Columns, d.BitsStored, representation,
            hashlib.sha256(v.astype('<i4').tobytes()).hexdigest(), v.min(), v.max(), int(v.sum()),
            1 if np.array_equal(v, samples) else 0))
    with open('expected.csv', 'w') as out:
        out.write('\n'.join(rows) + '\n')
    import os
    os.remove('p001_crop.tmp')


if __name__ == '__main__':
    main()
