package org.covidct.core.dicom;

import org.covidct.core.dicom.DicomWriter.DataSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Slice geometry read from the header (PS3.3 C.7.6.2.1.1: the slice normal is the cross product of the
 * row and column direction cosines of ImageOrientationPatient) for orientations other than the identity,
 * and PixelPaddingValue, whose VR is "US or SS" and so reads as US from an implicit VR file.
 */
class DicomGeometryTest {

    @TempDir
    Path tmp;

    private int files;

    private DicomHeader header(DataSet ds, TransferSyntax syntax) throws Exception {
        Path f = tmp.resolve("h" + files++ + ".dcm");
        DicomWriter.builder().setTransferSyntax(syntax).build().write(f, ds, new int[35]);
        return DicomFile.readHeader(f);
    }

    /** The test data set with the given orientation and position (10, 20, 30). */
    private DicomHeader oriented(String... orientation) throws Exception {
        return header(DicomFormatsTest.dataSet(16, 12, 11, false)
                .string(Tag.IMAGE_ORIENTATION_PATIENT, "DS", orientation)
                .string(Tag.IMAGE_POSITION_PATIENT, "DS", "10", "20", "30"), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
    }

    @Test
    void positionAlongTheNormalOfAnObliquePlaneUsesEveryComponent() throws Exception {
        // row (0.36, 0.48, 0.8), column (0.8, -0.6, 0): orthonormal; normal = row x column = (0.48, 0.64, -0.6)
        DicomHeader h = oriented("0.36", "0.48", "0.8", "0.8", "-0.6", "0");
        assertEquals(10 * 0.48 + 20 * 0.64 - 30 * 0.6, h.positionAlongNormal(), 1e-9);
        // |normal z| 0.6 < cos 30 degrees: not axial, whatever ImageType says
        assertFalse(h.isAxial());
    }

    @Test
    void aGantryTiltUnder30DegreesIsStillAxial() throws Exception {
        // column tilted 16.26 degrees out of the table plane: normal (0, 0.28, 0.96)
        DicomHeader tilted = oriented("1", "0", "0", "0", "0.96", "-0.28");
        assertTrue(tilted.isAxial());
        assertEquals(20 * 0.28 + 30 * 0.96, tilted.positionAlongNormal(), 1e-9);
        // 36.87 degrees: normal (0, 0.6, 0.8), beyond 30
        assertFalse(oriented("1", "0", "0", "0", "0.8", "-0.6").isAxial());
        // either side of 30 degrees: cos 29 = 0.8746, cos 31 = 0.8572 (threshold cos 30 = 0.8660)
        double a29 = Math.toRadians(29);
        double a31 = Math.toRadians(31);
        assertTrue(oriented("1", "0", "0", "0", Double.toString(Math.cos(a29)), Double.toString(-Math.sin(a29))).isAxial());
        assertFalse(oriented("1", "0", "0", "0", Double.toString(Math.cos(a31)), Double.toString(-Math.sin(a31))).isAxial());
    }

    @Test
    void coronalSagittalAndReversedAxialPlanes() throws Exception {
        // coronal: row +x, column -z, normal (0, 1, 0): position is y
        DicomHeader coronal = oriented("1", "0", "0", "0", "0", "-1");
        assertFalse(coronal.isAxial());
        assertEquals(20.0, coronal.positionAlongNormal(), 1e-12);
        // sagittal: row +y, column -z, normal (-1, 0, 0): position is -x
        DicomHeader sagittal = oriented("0", "1", "0", "0", "0", "-1");
        assertFalse(sagittal.isAxial());
        assertEquals(-10.0, sagittal.positionAlongNormal(), 1e-12);
        // axial seen from the other side (row -x): normal (0, 0, -1), still axial, position -z
        DicomHeader reversed = oriented("-1", "0", "0", "0", "1", "0");
        assertTrue(reversed.isAxial());
        assertEquals(-30.0, reversed.positionAlongNormal(), 1e-12);
    }

    @Test
    void withoutOrientationImageTypeDecidesAndLocalizersNeverAreAxial() throws Exception {
        DataSet noOrientation = DicomFormatsTest.dataSet(16, 12, 11, false)
                .string(Tag.IMAGE_ORIENTATION_PATIENT, "DS", "")
                .string(Tag.IMAGE_POSITION_PATIENT, "DS", "10", "20", "30");
        DicomHeader axialType = header(noOrientation, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        assertNull(axialType.imageOrientation());
        assertTrue(axialType.isAxial());
        assertEquals(30.0, axialType.positionAlongNormal(), "z without an orientation");
        DicomHeader otherType = header(noOrientation.string(Tag.IMAGE_TYPE, "CS", "ORIGINAL", "PRIMARY", "OTHER"),
                TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        assertFalse(otherType.isAxial());
        for (String kind : new String[] {"LOCALIZER", "SCOUT", "TOPOGRAM"}) {
            DicomHeader scout = header(DicomFormatsTest.dataSet(16, 12, 11, false)
                    .string(Tag.IMAGE_TYPE, "CS", "ORIGINAL", "PRIMARY", kind), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
            assertFalse(scout.isAxial(), kind + " with an axial orientation");
        }
        // no position at all: SliceLocation
        DicomHeader located = header(DicomFormatsTest.dataSet(16, 12, 11, false)
                .string(Tag.IMAGE_POSITION_PATIENT, "DS", "").string(Tag.SLICE_LOCATION, "DS", "-7.5"),
                TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        assertEquals(-7.5, located.positionAlongNormal());
    }

    @Test
    void pixelPaddingValueIsSignedWhenThePixelsAre() throws Exception {
        // -2000 is stored as the bytes 30 F8 whatever the VR; implicit VR cannot say SS, so it reads as US 63536
        DataSet signed = DicomFormatsTest.dataSet(16, 16, 15, true).ss(Tag.PIXEL_PADDING_VALUE, -2000);
        DicomHeader implicit = header(signed, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);
        assertEquals("US", implicit.attributes().vr(Tag.PIXEL_PADDING_VALUE));
        assertEquals(-2000, implicit.pixelPaddingValue());
        assertEquals(-2000, header(signed, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).pixelPaddingValue());
        // a writer that says US for signed pixels: the same bytes, the same value
        DataSet saysUs = DicomFormatsTest.dataSet(16, 16, 15, true).us(Tag.PIXEL_PADDING_VALUE, 63536);
        assertEquals(-2000, header(saysUs, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).pixelPaddingValue());
        // unsigned pixels: the value stays unsigned, in either syntax
        DataSet unsigned = DicomFormatsTest.dataSet(16, 16, 15, false).us(Tag.PIXEL_PADDING_VALUE, 63536);
        assertEquals(63536, header(unsigned, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN).pixelPaddingValue());
        assertEquals(63536, header(unsigned, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).pixelPaddingValue());
        assertNull(header(DicomFormatsTest.dataSet(16, 16, 15, true), TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN)
                .pixelPaddingValue());
    }

    @Test
    void paddedPixelsOfAnImplicitVrFileBecomeAir() throws Exception {
        int[] cells = new int[35];
        cells[0] = -2000 & 0xFFFF; // padding
        cells[1] = -1999 & 0xFFFF; // one above: rescaled like any pixel, then clipped at 0
        cells[2] = 40;             // 40 - 1024 + 1024 = 40
        Path f = tmp.resolve("padded.dcm");
        DicomWriter.builder().setTransferSyntax(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN).build()
                .write(f, DicomFormatsTest.dataSet(16, 16, 15, true).ss(Tag.PIXEL_PADDING_VALUE, -2000), cells);
        DicomImage.Conversion c = DicomFile.read(f).toCovidCt("padded");
        assertEquals(1, c.padding());
        assertEquals(1, c.clipped());
        assertEquals(0, c.slice().values()[0]);
        assertEquals(0, c.slice().values()[1]);
        assertEquals(40, c.slice().values()[2]);
    }
}
