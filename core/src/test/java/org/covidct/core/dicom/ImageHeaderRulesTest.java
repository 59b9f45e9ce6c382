package org.covidct.core.dicom;

import org.covidct.core.CovidctException;
import org.covidct.core.dicom.DicomWriter.DataSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.awt.Rectangle;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every header attribute that changes a decoded value, set to what a damaged or careless file holds,
 * is refused by a pixel read (whole and region) with one line naming the file and the attribute; the
 * values on the edge of each rule are accepted. Issue 14: an unparseable intercept used to be taken as
 * 0 (+1024 HU), slope NaN/'abc'/0 as 1, PixelRepresentation 2 as unsigned, a 1x128 Rows/Columns on
 * 128x128 data as a 1x128 slice, a 2-value or NaN orientation as axial, slope 1e300 as "values clipped".
 */
class ImageHeaderRulesTest {

    @TempDir
    Path tmp;

    /** A valid signed 12-bit CT slice of 7x5 (the dataset of {@link DicomFormatsTest}), values around 0 HU. */
    static DataSet valid() {
        return DicomFormatsTest.dataSet(16, 12, 11, true);
    }

    static int[] cells() {
        int[] c = new int[35];
        for (int i = 0; i < c.length; i++) {
            c[i] = (i * 37) % 200; // 0..199: HU -1024..-825 after intercept -1024, nothing clipped
        }
        return c;
    }

    private Path write(DataSet ds) throws Exception {
        Path f = tmp.resolve("slice" + System.nanoTime() + ".dcm");
        DicomWriter.builder().setTransferSyntax(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).build().write(f, ds, cells());
        return f;
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                bad("intercept 'x'", d -> d.string(Tag.RESCALE_INTERCEPT, "DS", "x"), "RescaleIntercept 'x' is not a number"),
                bad("intercept NaN", d -> d.string(Tag.RESCALE_INTERCEPT, "DS", "NaN"), "RescaleIntercept 'NaN'"),
                bad("intercept two values", d -> d.string(Tag.RESCALE_INTERCEPT, "DS", "-1024", "0"),
                        "RescaleIntercept has 2 values, needs 1"),
                bad("intercept 1e300", d -> d.string(Tag.RESCALE_INTERCEPT, "DS", "1e300"), "RescaleIntercept"),
                bad("intercept just beyond 2^20", d -> d.string(Tag.RESCALE_INTERCEPT, "DS", "-1048577"),
                        "RescaleIntercept -1048577 is beyond"),
                bad("intercept missing on CT", d -> d.bytes(Tag.RESCALE_INTERCEPT, "DS", new byte[0]),
                        "RescaleIntercept is missing"),
                bad("slope NaN", d -> d.string(Tag.RESCALE_SLOPE, "DS", "NaN"), "RescaleSlope 'NaN'"),
                bad("slope abc", d -> d.string(Tag.RESCALE_SLOPE, "DS", "abc"), "RescaleSlope 'abc' is not a number"),
                bad("slope 0", d -> d.string(Tag.RESCALE_SLOPE, "DS", "0"), "RescaleSlope 0 is not positive"),
                bad("slope -1", d -> d.string(Tag.RESCALE_SLOPE, "DS", "-1"), "RescaleSlope -1 is not positive"),
                bad("slope 1e300", d -> d.string(Tag.RESCALE_SLOPE, "DS", "1e300"), "RescaleSlope 1.0E300 stretches"),
                bad("slope 257 on 12 bits", d -> d.string(Tag.RESCALE_SLOPE, "DS", "257"), "RescaleSlope 257 stretches"),
                bad("slope missing on CT", d -> d.bytes(Tag.RESCALE_SLOPE, "DS", new byte[0]), "RescaleSlope is missing"),
                bad("representation 2", d -> d.us(Tag.PIXEL_REPRESENTATION, 2), "PixelRepresentation 2 is neither"),
                bad("representation 65535", d -> d.us(Tag.PIXEL_REPRESENTATION, 65535), "PixelRepresentation 65535"),
                bad("representation missing", d -> d.bytes(Tag.PIXEL_REPRESENTATION, "US", new byte[0]),
                        "PixelRepresentation is missing"),
                bad("bits stored 0", d -> d.us(Tag.BITS_STORED, 0), "BitsStored 0 does not fit"),
                bad("bits stored 17", d -> d.us(Tag.BITS_STORED, 17), "BitsStored 17 does not fit BitsAllocated 16"),
                bad("bits stored abc", d -> d.string(Tag.BITS_STORED, "IS", "abc"), "BitsStored 'abc' is not a readable"),
                bad("bits allocated 12", d -> d.us(Tag.BITS_ALLOCATED, 12), "BitsAllocated 12 is not supported"),
                bad("bits allocated 32", d -> d.us(Tag.BITS_ALLOCATED, 32), "BitsAllocated 32"),
                bad("high bit shifted", d -> d.us(Tag.HIGH_BIT, 15), "HighBit 15 is not BitsStored - 1 (11)"),
                bad("high bit below", d -> d.us(Tag.HIGH_BIT, 10), "HighBit 10"),
                bad("high bit missing", d -> d.bytes(Tag.HIGH_BIT, "US", new byte[0]), "HighBit is missing"),
                bad("rows 0", d -> d.us(Tag.ROWS, 0), "Rows 0, Columns 7: an image needs at least one pixel"),
                bad("rows 1 on 5 rows of data", d -> d.us(Tag.ROWS, 1), "Rows/Columns: the pixel data holds 70 bytes"),
                bad("columns too many", d -> d.us(Tag.COLUMNS, 8), "pixel data holds 70 bytes, the image needs 80"),
                bad("image too large", d -> d.us(Tag.ROWS, 65535).us(Tag.COLUMNS, 65535), "too large"),
                bad("samples 3", d -> d.us(Tag.SAMPLES_PER_PIXEL, 3), "not a grayscale image (3 samples"),
                bad("photometric RGB", d -> d.string(Tag.PHOTOMETRIC_INTERPRETATION, "CS", "RGB"), "not a grayscale"),
                bad("photometric missing", d -> d.bytes(Tag.PHOTOMETRIC_INTERPRETATION, "CS", new byte[0]),
                        "PhotometricInterpretation is missing"),
                bad("frames 2", d -> d.string(Tag.NUMBER_OF_FRAMES, "IS", "2"), "NumberOfFrames 2"),
                bad("frames abc", d -> d.string(Tag.NUMBER_OF_FRAMES, "IS", "abc"), "NumberOfFrames 'abc'"),
                bad("padding unreadable", d -> d.string(Tag.PIXEL_PADDING_VALUE, "IS", "pad"), "PixelPaddingValue 'pad'"),
                bad("orientation of 2 values", d -> d.string(Tag.IMAGE_ORIENTATION_PATIENT, "DS", "1", "0"),
                        "ImageOrientationPatient has 2 values, needs 6"),
                bad("orientation NaN", d -> d.string(Tag.IMAGE_ORIENTATION_PATIENT, "DS", "1", "0", "0", "0", "NaN", "0"),
                        "ImageOrientationPatient '1\\0\\0\\0\\NaN\\0'"),
                bad("orientation text", d -> d.string(Tag.IMAGE_ORIENTATION_PATIENT, "DS", "a", "b", "c", "d", "e", "f"),
                        "is not a list of numbers"),
                bad("orientation zero", d -> d.string(Tag.IMAGE_ORIENTATION_PATIENT, "DS", "0", "0", "0", "0", "0", "0"),
                        "not unit vectors"),
                bad("orientation row too long", d -> d.string(Tag.IMAGE_ORIENTATION_PATIENT, "DS",
                        "1.021", "0", "0", "0", "1", "0"), "not unit vectors"),
                bad("orientation column too short", d -> d.string(Tag.IMAGE_ORIENTATION_PATIENT, "DS",
                        "1", "0", "0", "0", "0.979", "0"), "not unit vectors"),
                bad("orientation not perpendicular", d -> d.string(Tag.IMAGE_ORIENTATION_PATIENT, "DS",
                        "1", "0", "0", "0.021", "1", "0"), "not perpendicular"),
                bad("orientation negative dot", d -> d.string(Tag.IMAGE_ORIENTATION_PATIENT, "DS",
                        "1", "0", "0", "-0.021", "1", "0"), "not perpendicular"),
                bad("position of 2 values", d -> d.string(Tag.IMAGE_POSITION_PATIENT, "DS", "1", "2"),
                        "ImagePositionPatient has 2 values, needs 3"),
                bad("position infinite", d -> d.string(Tag.IMAGE_POSITION_PATIENT, "DS", "1", "2", "Infinity"),
                        "ImagePositionPatient"));
    }

    private static Arguments bad(String name, UnaryOperator<DataSet> change, String expected) {
        return Arguments.of(name, change, expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void refusedWithTheFileAndTheAttribute(String name, UnaryOperator<DataSet> change, String expected) throws Exception {
        Path f = write(change.apply(valid()));
        DicomFile.readHeader(f); // the header itself reads: grouping and listing still work
        CovidctException whole = assertThrows(CovidctException.class, () -> DicomFile.read(f));
        assertTrue(whole.getMessage().startsWith(f + ": "), whole.getMessage());
        assertTrue(whole.getMessage().contains(expected), whole.getMessage());
        assertFalse(whole.getMessage().contains("\n"));
        CovidctException region = assertThrows(CovidctException.class,
                () -> DicomFile.readRegion(f, new Rectangle(0, 0, 1, 1), "x"));
        assertEquals(whole.getMessage(), region.getMessage(), "a region read applies the same rules");
    }

    static Stream<Arguments> accepted() {
        return Stream.of(
                ok("as written", d -> d),
                ok("slope 256 on 12 bits (the bound)", d -> d.string(Tag.RESCALE_SLOPE, "DS", "256")),
                ok("slope 0.5", d -> d.string(Tag.RESCALE_SLOPE, "DS", "0.5")),
                ok("intercept at +-2^20", d -> d.string(Tag.RESCALE_INTERCEPT, "DS", "-1048576")),
                ok("orientation rounded to 4 digits, oblique",
                        d -> d.string(Tag.IMAGE_ORIENTATION_PATIENT, "DS", "1.0000", "0.0000", "0.0000", "0.0000",
                                "0.9272", "-0.3746")),
                ok("orientation within tolerance", d -> d.string(Tag.IMAGE_ORIENTATION_PATIENT, "DS",
                        "1.019", "0", "0", "0.019", "0.981", "0")),
                ok("orientation and position absent", d -> d.bytes(Tag.IMAGE_ORIENTATION_PATIENT, "DS", new byte[0])
                        .bytes(Tag.IMAGE_POSITION_PATIENT, "DS", new byte[0])),
                ok("bits stored = allocated", d -> d.us(Tag.BITS_STORED, 16).us(Tag.HIGH_BIT, 15)),
                ok("bits stored 1", d -> d.us(Tag.BITS_STORED, 1).us(Tag.HIGH_BIT, 0)),
                ok("unsigned", d -> d.us(Tag.PIXEL_REPRESENTATION, 0)),
                ok("MONOCHROME1", d -> d.string(Tag.PHOTOMETRIC_INTERPRETATION, "CS", "MONOCHROME1")),
                ok("one frame named", d -> d.string(Tag.NUMBER_OF_FRAMES, "IS", "1")),
                ok("rescale absent on a non-CT image", d -> d.string(Tag.MODALITY, "CS", "OT")
                        .bytes(Tag.RESCALE_SLOPE, "DS", new byte[0]).bytes(Tag.RESCALE_INTERCEPT, "DS", new byte[0])));
    }

    private static Arguments ok(String name, UnaryOperator<DataSet> change) {
        return Arguments.of(name, change);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void acceptedOnTheEdgeOfEachRule(String name, UnaryOperator<DataSet> change) throws Exception {
        Path f = write(change.apply(valid()));
        DicomImage img = assertDoesNotThrow(() -> DicomFile.read(f));
        assertEquals(35, img.stored().length);
        assertDoesNotThrow(() -> DicomFile.readRegion(f, new Rectangle(1, 1, 2, 2), "x"));
    }

    @Test
    void absentRescaleOnANonCtImageIsTheIdentity() throws Exception {
        Path f = write(valid().string(Tag.MODALITY, "CS", "OT").bytes(Tag.RESCALE_SLOPE, "DS", new byte[0])
                .bytes(Tag.RESCALE_INTERCEPT, "DS", new byte[0]));
        DicomImage img = DicomFile.read(f);
        // stored 37 -> 37 + 0 + 1024
        assertEquals(37 + 1024, img.toCtSlice("x").values()[1] & 0xFFFF);
    }

    @Test
    void aRescaleThatClipsMostOfTheImageIsRefusedAndHalfIsNot() throws Exception {
        // intercept -3000: every stored value 0..199 lands below HU -1024 and would be clipped to 0
        Path all = write(valid().string(Tag.RESCALE_INTERCEPT, "DS", "-3000"));
        CovidctException e = assertThrows(CovidctException.class, () -> DicomFile.read(all).toCovidCt("x"));
        assertTrue(e.getMessage().startsWith(all + ": RescaleSlope 1.0 and RescaleIntercept -3000.0 put 35 of 35"),
                e.getMessage());
        // a region (select's window) is judged by the header rules only: it may lie outside the scanned field
        assertEquals(0, DicomFile.readRegion(all, new Rectangle(0, 0, 2, 2), "x").values()[0]);

        // exactly half of the measured pixels clipped is accepted, one more is not: padding does not count
        int[] cells = new int[35];
        for (int i = 0; i < 35; i++) {
            cells[i] = i < 17 ? 4000 : 100; // 4000 is the padding value, 100 -> HU 100 - 2148 < -1024: clipped
        }
        cells[17] = 1200; // kept: 1200 - 2148 + 1024 = 76
        DataSet ds = valid().us(Tag.BITS_STORED, 16).us(Tag.HIGH_BIT, 15).string(Tag.RESCALE_INTERCEPT, "DS", "-2148")
                .ss(Tag.PIXEL_PADDING_VALUE, 4000);
        // 18 measured: 1 kept + 17 clipped (more than half)
        Path most = tmp.resolve("most.dcm");
        DicomWriter.builder().setTransferSyntax(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).build().write(most, ds, cells);
        assertThrows(CovidctException.class, () -> DicomFile.read(most).toCovidCt("x"));
        for (int i = 18; i < 26; i++) {
            cells[i] = 1200; // 9 kept, 9 clipped: exactly half
        }
        Path half = tmp.resolve("half.dcm");
        DicomWriter.builder().setTransferSyntax(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).build().write(half, ds, cells);
        DicomImage.Conversion c = DicomFile.read(half).toCovidCt("x");
        assertEquals(9, c.clipped());
        assertEquals(17, c.padding());
        assertEquals(76, c.slice().values()[17]);
    }
}
