package org.covidct.core.convert;

import org.covidct.core.CovidctException;
import org.covidct.core.dicom.DicomWriter;
import org.covidct.core.dicom.DicomWriter.DataSet;
import org.covidct.core.dicom.Tag;
import org.covidct.core.dicom.TransferSyntax;
import org.covidct.core.tiff.TiffSlices;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A whole conversion of a small source tree written here: which series become which folders (aliases by the
 * salted hash: with salt "x", SHA-256 puts id:B before id:A, computed with python3 hashlib), the values of
 * every written slice (stored value + intercept -1024 + 1024, so the stored values themselves), the counts
 * of the report, metadata.csv and the ID map, and the refused output folders.
 */
class DicomConverterTest {

    @TempDir
    Path tmp;

    /** Stored values of a 4x3 slice: base + index, so every slice of every series differs. */
    private static int[] pixels(int base) {
        int[] v = new int[12];
        for (int i = 0; i < v.length; i++) {
            v[i] = base + i;
        }
        return v;
    }

    private static void slice(Path file, String patientId, String seriesUid, int seriesNumber, int instance,
                              double z, String modality, int base) throws IOException {
        DataSet ds = new DataSet()
                .string(Tag.IMAGE_TYPE, "CS", "ORIGINAL", "PRIMARY", "AXIAL")
                .string(Tag.SOP_CLASS_UID, "UI", "1.2.840.10008.5.1.4.1.1.2")
                .string(Tag.MODALITY, "CS", modality)
                .string(Tag.PATIENT_ID, "LO", patientId)
                .string(Tag.STUDY_INSTANCE_UID, "UI", "1.2.9." + patientId.length())
                .string(Tag.SERIES_INSTANCE_UID, "UI", seriesUid)
                .string(Tag.SERIES_NUMBER, "IS", Integer.toString(seriesNumber))
                .string(Tag.INSTANCE_NUMBER, "IS", Integer.toString(instance))
                .string(Tag.IMAGE_POSITION_PATIENT, "DS", "0", "0", Double.toString(z))
                .string(Tag.IMAGE_ORIENTATION_PATIENT, "DS", "1", "0", "0", "0", "1", "0")
                .string(Tag.RESCALE_INTERCEPT, "DS", "-1024")
                .string(Tag.RESCALE_SLOPE, "DS", "1")
                .us(Tag.SAMPLES_PER_PIXEL, 1)
                .string(Tag.PHOTOMETRIC_INTERPRETATION, "CS", "MONOCHROME2")
                .us(Tag.ROWS, 3)
                .us(Tag.COLUMNS, 4)
                .us(Tag.BITS_ALLOCATED, 16)
                .us(Tag.BITS_STORED, 16)
                .us(Tag.HIGH_BIT, 15)
                .us(Tag.PIXEL_REPRESENTATION, 0);
        Files.createDirectories(file.getParent());
        DicomWriter.builder().setTransferSyntax(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).build()
                .write(file, ds, pixels(base));
    }

    /** Patient A: CT series 2 (3 slices, 2.5 mm apart, files out of sweep order) and an MR series 7; B: CT 5. */
    private Path source() throws IOException {
        Path src = tmp.resolve("src");
        slice(src.resolve("a/z.dcm"), "A", "1.2.3.1", 2, 1, 0.0, "CT", 1000);
        slice(src.resolve("a/b.dcm"), "A", "1.2.3.1", 2, 3, 5.0, "CT", 1300);
        slice(src.resolve("a/m.dcm"), "A", "1.2.3.1", 2, 2, 2.5, "CT", 1200);
        slice(src.resolve("a/mr/1.dcm"), "A", "1.2.3.2", 7, 1, 0.0, "MR", 500);
        slice(src.resolve("b/1.dcm"), "B", "1.2.4.1", 5, 1, 10.0, "CT", 2000);
        slice(src.resolve(".hidden/1.dcm"), "C", "1.2.5.1", 1, 1, 0.0, "CT", 3000);
        Files.writeString(src.resolve("b/notes.txt"), "not DICOM");
        return src;
    }

    private static short[] shorts(int[] v) {
        short[] s = new short[v.length];
        for (int i = 0; i < v.length; i++) {
            s[i] = (short) v[i];
        }
        return s;
    }

    @Test
    void aTreeBecomesAliasedSeriesFoldersWithTheirValuesAndCsvs() throws IOException {
        Path src = source();
        Path out = tmp.resolve("out");
        Path idMap = tmp.resolve("ids.csv");
        DicomConverter.Report r = DicomConverter.builder().setSource(src).setOutput(out).optIdMap(idMap)
                .optAliasSalt("x").optThreads(2).build().convert();
        assertEquals(2, r.patients());
        assertEquals(List.of("patient1/SR_5", "patient2/SR_2"), r.converted().stream()
                .map(DicomConverter.Converted::path).toList());
        assertEquals(4, r.slices());
        assertEquals(0, r.clipped());
        assertEquals(List.of(new DicomConverter.Skipped("patient2", 7, "MR", 1, "not CT")), r.skipped());
        assertEquals(List.of(), r.failed());
        DicomConverter.Converted a = r.converted().get(1);
        assertEquals(3, a.slices());
        assertEquals(4, a.width());
        assertEquals(3, a.height());
        // sweep order by InstanceNumber: z.dcm (1000...), m.dcm (1200...), b.dcm (1300...)
        Path sr2 = out.resolve("patient2/SR_2");
        try (Stream<Path> s = Files.list(sr2)) {
            assertEquals(List.of("IM00001.tif", "IM00002.tif", "IM00003.tif"),
                    s.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertArrayEquals(shorts(pixels(1000)), TiffSlices.read(sr2.resolve("IM00001.tif")).values());
        assertArrayEquals(shorts(pixels(1200)), TiffSlices.read(sr2.resolve("IM00002.tif")).values());
        assertArrayEquals(shorts(pixels(1300)), TiffSlices.read(sr2.resolve("IM00003.tif")).values());
        assertArrayEquals(shorts(pixels(2000)), TiffSlices.read(out.resolve("patient1/SR_5/IM00001.tif")).values());
        try (Stream<Path> s = Files.list(out)) {
            assertEquals(List.of("metadata.csv", "patient1", "patient2"),
                    s.map(p -> p.getFileName().toString()).sorted().toList());
        }
        List<String> meta = Files.readAllLines(out.resolve("metadata.csv"));
        assertEquals(3, meta.size());
        assertTrue(meta.get(0).startsWith(
                "Patient ID,Series,Slices,SliceSpacing,ClippedValues,PaddingPixels,TransferSyntaxUID,"), meta.get(0));
        assertTrue(meta.get(1).startsWith("patient1,SR_5,1,,0,0,1.2.840.10008.1.2.1,"), meta.get(1));
        assertTrue(meta.get(2).startsWith("patient2,SR_2,3,2.500,0,0,1.2.840.10008.1.2.1,"), meta.get(2));
        assertFalse(String.join("\n", meta).contains(",A,"), "no patient ID in metadata.csv");
        assertEquals(List.of("alias,patient_id,key", "patient1,B,id:B", "patient2,A,id:A"),
                Files.readAllLines(idMap));
    }

    @Test
    void theReportCountsWhatWasNotConverted() throws IOException {
        Path src = source();
        byte[] broken = new byte[200];
        broken[128] = 'D';
        broken[129] = 'I';
        broken[130] = 'C';
        broken[131] = 'M';
        Arrays.fill(broken, 132, 200, (byte) 0x7F);
        Files.write(src.resolve("b/secret-name.dcm"), broken);
        DicomConverter.Report r = DicomConverter.builder().setSource(src).setOutput(tmp.resolve("out"))
                .optAliasSalt("x").build().convert();
        assertEquals(2, r.patients());
        assertEquals(4, r.slices());
        assertEquals(1, r.nonDicomFiles());
        assertEquals(0, r.nonImageFiles());
        assertEquals(1, r.unreadable().size(), r.unreadable().toString());
        assertEquals(1, r.unreadable().values().iterator().next());
        assertFalse(r.unreadable().keySet().iterator().next().contains("secret-name"), r.unreadable().toString());
        assertFalse(Files.exists(tmp.resolve("out/patient3")), "a hidden folder is not converted");
    }

    @Test
    void outputsInsideTheSourceOrNotEmptyAreRefusedAndOverwriteReplaces() throws IOException {
        Path src = source();
        Path inside = src.resolve("out");
        assertEquals(inside + ": the output must not be inside the source folder or contain it",
                assertThrows(CovidctException.class, () -> DicomConverter.builder().setSource(src).setOutput(inside)
                        .build().convert()).getMessage());
        Path out = tmp.resolve("out");
        DicomConverter.builder().setSource(src).setOutput(out).optAliasSalt("x").build().convert();
        CovidctException again = assertThrows(CovidctException.class,
                () -> DicomConverter.builder().setSource(src).setOutput(out).build().convert());
        assertTrue(again.getMessage().startsWith(out + ": exists and is not empty"), again.getMessage());
        Path stray = Files.writeString(out.resolve("patient2/SR_2/IM00009.tif"), "left from before");
        DicomConverter.Report r = DicomConverter.builder().setSource(src).setOutput(out).optAliasSalt("x")
                .optOverwrite(true).build().convert();
        assertEquals(4, r.slices());
        assertFalse(Files.exists(stray), "the series folder is replaced whole");
        Path file = Files.writeString(tmp.resolve("file"), "x");
        assertEquals(file + ": exists and is not a folder", assertThrows(CovidctException.class,
                () -> DicomConverter.builder().setSource(src).setOutput(file).build().convert()).getMessage());
        assertEquals(file + ": not a folder", assertThrows(CovidctException.class,
                () -> DicomConverter.builder().setSource(file).setOutput(tmp.resolve("o2")).build().convert())
                .getMessage());
        Path mapInside = tmp.resolve("o3/ids.csv");
        assertEquals(mapInside + ": the ID map holds identifying values: write it outside the output tree",
                assertThrows(CovidctException.class, () -> DicomConverter.builder().setSource(src)
                        .setOutput(tmp.resolve("o3")).optIdMap(mapInside).build().convert()).getMessage());
        assertThrows(IllegalStateException.class, () -> DicomConverter.builder().setSource(src).build());
    }
}
