package org.covidct.core.dicom;

import org.covidct.core.CovidctException;
import org.covidct.core.dicom.DicomWriter.DataSet;
import org.covidct.core.dicom.DicomWriter.Layout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hand-built files (written by {@link DicomWriter}) in every encoding the reader claims: implicit and
 * explicit VR little endian, explicit VR big endian, RLE Lossless in one or several fragments; with
 * and without preamble and meta group; sequences of defined and undefined length, nested; signed and
 * unsigned cells with BitsStored/HighBit below BitsAllocated.
 */
class DicomFormatsTest {

    @TempDir
    Path tmp;

    static Stream<Arguments> encodings() {
        List<Arguments> out = new ArrayList<>();
        for (TransferSyntax ts : new TransferSyntax[] {TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN,
                TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, TransferSyntax.EXPLICIT_VR_BIG_ENDIAN,
                TransferSyntax.RLE_LOSSLESS}) {
            for (Layout layout : Layout.values()) {
                if (layout == Layout.BARE_DATA_SET && ts.encapsulated()) {
                    continue;
                }
                for (boolean undefined : new boolean[] {false, true}) {
                    out.add(Arguments.of(ts, layout, undefined));
                }
            }
        }
        return out.stream();
    }

    /** A 7x5 image with a recognisable pattern, a nested sequence and the attributes the project reads. */
    static DataSet dataSet(int bitsAllocated, int bitsStored, int highBit, boolean signed) {
        DataSet inner = new DataSet().string(0x00080100, "SH", "CODE-7").string(0x00080104, "LO", "nested");
        DataSet item1 = new DataSet().string(0x00081150, "UI", "1.2.840.10008.5.1.4.1.1.2")
                .sequence(0x00400260, inner, new DataSet().string(0x00080100, "SH", "CODE-8"));
        DataSet item2 = new DataSet().string(0x00081150, "UI", "1.2.3.4");
        return new DataSet()
                .string(Tag.SPECIFIC_CHARACTER_SET, "CS", "ISO_IR 100")
                .string(Tag.IMAGE_TYPE, "CS", "ORIGINAL", "PRIMARY", "AXIAL")
                .string(Tag.SOP_CLASS_UID, "UI", "1.2.840.10008.5.1.4.1.1.2")
                .string(Tag.SOP_INSTANCE_UID, "UI", "2.25.12345")
                .string(Tag.MODALITY, "CS", "CT")
                .sequence(0x00081140, item1, item2) // ReferencedImageSequence
                .string(Tag.STUDY_INSTANCE_UID, "UI", "6f1c2a4e-93c1-4a7e-9d1b-4c8d2b7e0f11") // a UUID, as real files
                .string(Tag.SERIES_INSTANCE_UID, "UI", "2.25.777")
                .string(Tag.SERIES_NUMBER, "IS", "3")
                .string(Tag.INSTANCE_NUMBER, "IS", "12")
                .string(Tag.IMAGE_POSITION_PATIENT, "DS", "-150.5", "-160.25", "-42.75")
                .string(Tag.IMAGE_ORIENTATION_PATIENT, "DS", "1", "0", "0", "0", "1", "0")
                .string(Tag.SLICE_LOCATION, "DS", "-42.75")
                .string(Tag.SLICE_THICKNESS, "DS", "1.5")
                .fd(Tag.SPIRAL_PITCH_FACTOR, 1.375)
                .us(Tag.SAMPLES_PER_PIXEL, 1)
                .string(Tag.PHOTOMETRIC_INTERPRETATION, "CS", "MONOCHROME2")
                .us(Tag.ROWS, 5)
                .us(Tag.COLUMNS, 7)
                .string(Tag.PIXEL_SPACING, "DS", "0.75", "0.7")
                .us(Tag.BITS_ALLOCATED, bitsAllocated)
                .us(Tag.BITS_STORED, bitsStored)
                .us(Tag.HIGH_BIT, highBit)
                .us(Tag.PIXEL_REPRESENTATION, signed ? 1 : 0)
                .string(Tag.WINDOW_CENTER, "DS", "-600", "40")
                .string(Tag.WINDOW_WIDTH, "DS", "1200", "400")
                .string(Tag.RESCALE_INTERCEPT, "DS", "-1024")
                .string(Tag.RESCALE_SLOPE, "DS", "1");
    }

    @ParameterizedTest(name = "{0} {1} undefined-length sequences {2}")
    @MethodSource("encodings")
    void readsEveryEncoding(TransferSyntax ts, Layout layout, boolean undefined) throws Exception {
        // 12 of 16 bits stored at the bottom; the 4 top bits carry noise (an old overlay) that must be masked
        Random r = new Random(ts.ordinal() * 31 + layout.ordinal() * 7 + (undefined ? 1 : 0));
        int[] stored = new int[35];
        int[] cells = new int[35];
        for (int i = 0; i < 35; i++) {
            stored[i] = i < 10 ? 0 : r.nextInt(4096);
            cells[i] = stored[i] | (r.nextInt(16) << 12);
        }
        Path f = tmp.resolve("slice.bin");
        DicomWriter.builder().setTransferSyntax(ts).optLayout(layout).optUndefinedLengthSequences(undefined)
                .optFragments(ts == TransferSyntax.RLE_LOSSLESS && undefined ? 3 : 1).build()
                .write(f, dataSet(16, 12, 11, false), cells);

        assertTrue(DicomFile.looksLikeDicom(f));
        DicomHeader h = DicomFile.readHeader(f);
        assertEquals(ts.uid(), h.transferSyntaxUid());
        assertEquals(5, h.rows());
        assertEquals(7, h.columns());
        assertEquals(12, h.instanceNumber());
        assertEquals(3, h.seriesNumber());
        assertEquals("6f1c2a4e-93c1-4a7e-9d1b-4c8d2b7e0f11", h.studyInstanceUid());
        assertEquals("2.25.777", h.seriesInstanceUid());
        assertArrayEquals(new double[] {-150.5, -160.25, -42.75}, h.imagePosition());
        assertEquals(-42.75, h.positionAlongNormal());
        assertEquals(-42.75, h.sliceLocation());
        assertArrayEquals(new double[] {0.75, 0.7}, h.pixelSpacing());
        assertEquals(1.5, h.sliceThickness());
        assertArrayEquals(new double[] {-600, 40}, h.windowCenters());
        assertArrayEquals(new double[] {1200, 400}, h.windowWidths());
        assertEquals("CT", h.modality());
        assertEquals(List.of("ORIGINAL", "PRIMARY", "AXIAL"), h.imageType());
        assertTrue(h.isAxial());
        assertTrue(h.isCtImageStorage());
        assertEquals(-1024.0, h.rescaleIntercept());
        assertEquals(1.375, h.attributes().decimal(Tag.SPIRAL_PITCH_FACTOR));
        if (ts.explicitVr() || undefined) {
            // nested items are parsed (implicit VR only knows a sequence by its undefined length)
            List<DicomAttributes> items = h.attributes().items(0x00081140);
            assertEquals(2, items.size());
            assertEquals("1.2.3.4", items.get(1).string(0x00081150));
            List<DicomAttributes> nested = items.get(0).items(0x00400260);
            assertEquals(2, nested.size());
            assertEquals("CODE-7", nested.get(0).string(0x00080100));
            assertEquals("nested", nested.get(0).string(0x00080104));
            assertEquals("CODE-8", nested.get(1).string(0x00080100));
        }

        // the compact form keeps what the project reads and drops the rest
        DicomHeader c = h.compact();
        assertEquals(h.instanceNumber(), c.instanceNumber());
        assertArrayEquals(h.imagePosition(), c.imagePosition());
        assertArrayEquals(h.windowWidths(), c.windowWidths());
        assertEquals(1.375, c.attributes().decimal(Tag.SPIRAL_PITCH_FACTOR));
        assertTrue(c.attributes().items(0x00081140).isEmpty());

        DicomImage img = DicomFile.read(f);
        assertArrayEquals(stored, img.stored());
        short[] expected = new short[35];
        for (int i = 0; i < 35; i++) {
            expected[i] = (short) stored[i]; // intercept -1024 + 1024
        }
        assertArrayEquals(expected, img.toCtSlice("x").values());
    }

    @Test
    void masksAndSignExtendsStoredBits() throws Exception {
        DicomWriter w = DicomWriter.builder().setTransferSyntax(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).build();
        int[] cells = new int[35];
        // signed 12 bits stored in bits 0..11 (HighBit 11): cell 0x0FFF is -1, 0x07FF is 2047, 0x0800 is -2048;
        // the 4 bits above the stored ones (an old overlay) are ignored
        cells[0] = 0xFFFF;
        cells[1] = 0x77FF;
        cells[2] = 0x0800;
        cells[3] = 0xF00F;
        Path f = tmp.resolve("signed12.dcm");
        w.write(f, dataSet(16, 12, 11, true), cells);
        int[] s = DicomFile.read(f).stored();
        assertEquals(-1, s[0]);
        assertEquals(2047, s[1]);
        assertEquals(-2048, s[2]);
        assertEquals(15, s[3]);

        // signed 16 bits with rescale slope 2, intercept -1000: value = 2*s - 1000 + 1024, clipped
        DataSet ds = dataSet(16, 16, 15, true).string(Tag.RESCALE_SLOPE, "DS", "2")
                .string(Tag.RESCALE_INTERCEPT, "DS", "-1000");
        int[] c2 = new int[35];
        c2[0] = 0xFFFF; // -1 -> 22
        c2[1] = 40000;  // -25536 -> clipped to 0
        c2[2] = 32767;  // 32767 -> 65558 -> clipped to 65535
        c2[3] = 100;    // 224
        Path g = tmp.resolve("signed16.dcm");
        w.write(g, ds, c2);
        DicomImage.Conversion c = DicomFile.read(g).toCovidCt("g");
        assertEquals(22, c.slice().values()[0] & 0xFFFF);
        assertEquals(0, c.slice().values()[1] & 0xFFFF);
        assertEquals(65535, c.slice().values()[2] & 0xFFFF);
        assertEquals(224, c.slice().values()[3] & 0xFFFF);
        assertEquals(2, c.clipped());

        // 8-bit unsigned
        Path h8 = tmp.resolve("u8.dcm");
        int[] c8 = new int[35];
        c8[5] = 255;
        w.write(h8, dataSet(8, 8, 7, false), c8);
        assertEquals(255, DicomFile.read(h8).stored()[5]);
    }

    @Test
    void headerReadsStopBeforePixelData() throws Exception {
        Path src = RealData.dir().resolve("covid-ct-md/covid/P001/98C14734-ASSH_1.dcm");
        byte[] all = Files.readAllBytes(src);
        // cut the file inside its pixel data: the header is intact, the image is not
        Path cut = tmp.resolve("cut.dcm");
        Files.write(cut, java.util.Arrays.copyOf(all, all.length / 2));
        DicomHeader h = DicomFile.readHeader(cut);
        assertTrue(h.hasPixelData());
        assertEquals(1, h.instanceNumber());
        CovidctException e = assertThrows(CovidctException.class, () -> DicomFile.read(cut));
        assertTrue(e.getMessage().startsWith(cut + ": truncated"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void otherCompressedSyntaxesAreNamedInTheError() throws Exception {
        Path src = RealData.dir().resolve("covid-ct-md/covid/P001/98C14734-ASSH_1.dcm");
        byte[] all = Files.readAllBytes(src);
        String s = new String(all, java.nio.charset.StandardCharsets.ISO_8859_1);
        int at = s.indexOf("1.2.840.10008.1.2.4.70");
        byte[] jls = "1.2.840.10008.1.2.4.80".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        System.arraycopy(jls, 0, all, at, jls.length);
        Path f = tmp.resolve("jls.dcm");
        Files.write(f, all);
        assertEquals("1.2.840.10008.1.2.4.80", DicomFile.readHeader(f).transferSyntaxUid());
        CovidctException e = assertThrows(CovidctException.class, () -> DicomFile.read(f));
        assertTrue(e.getMessage().contains("JPEG-LS Lossless (1.2.840.10008.1.2.4.80) is not supported (supported: "
                + "uncompressed (also deflated), JPEG Lossless, JPEG 2000, RLE Lossless)"), e.getMessage());
    }

    @Test
    void contentNotNameDecides() throws Exception {
        Path txt = tmp.resolve("notes.dcm");
        Files.writeString(txt, "this is not a DICOM file, despite its name");
        assertFalse(DicomFile.looksLikeDicom(txt));
        CovidctException e = assertThrows(CovidctException.class, () -> DicomFile.readHeader(txt));
        assertTrue(e.getMessage().contains("not a DICOM file"), e.getMessage());
        Path empty = tmp.resolve("empty");
        Files.write(empty, new byte[0]);
        assertFalse(DicomFile.looksLikeDicom(empty));
        assertNull(TransferSyntax.of("1.2.840.10008.1.2.4.80"));
    }
}
