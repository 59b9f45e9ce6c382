package org.covidct.core.convert;

import org.covidct.core.convert.ConversionPlan.SeriesPlan;
import org.covidct.core.dicom.DicomFile;
import org.covidct.core.dicom.DicomWriter;
import org.covidct.core.dicom.DicomWriter.DataSet;
import org.covidct.core.dicom.Tag;
import org.covidct.core.dicom.TransferSyntax;
import org.covidct.core.load.DicomSeries;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The conversion plan from headers alone: which series, which folders, which aliases, which CSV rows. */
class ConversionPlanTest {

    @TempDir
    Path tmp;

    private final List<DicomSeries.Slice> headers = new ArrayList<>();

    /** Writes a 4x3 slice, reads its header back and deletes the file: the plan must not need it. */
    private void slice(String patientId, String study, String seriesUid, int seriesNumber, int instance, double z,
                       String modality, String imageType, boolean burnedIn) throws Exception {
        DataSet ds = new DataSet()
                .string(Tag.IMAGE_TYPE, "CS", "ORIGINAL", "PRIMARY", imageType)
                .string(Tag.SOP_CLASS_UID, "UI", "1.2.840.10008.5.1.4.1.1.2")
                .string(Tag.MODALITY, "CS", modality)
                .string(Tag.STUDY_INSTANCE_UID, "UI", study)
                .string(Tag.SERIES_INSTANCE_UID, "UI", seriesUid)
                .string(Tag.SERIES_NUMBER, "IS", Integer.toString(seriesNumber))
                .string(Tag.INSTANCE_NUMBER, "IS", Integer.toString(instance))
                .string(Tag.IMAGE_POSITION_PATIENT, "DS", "0", "0", Double.toString(z))
                .string(Tag.IMAGE_ORIENTATION_PATIENT, "DS", "1", "0", "0", "0", "1", "0")
                .us(Tag.SAMPLES_PER_PIXEL, 1)
                .string(Tag.PHOTOMETRIC_INTERPRETATION, "CS", "MONOCHROME2")
                .us(Tag.ROWS, 3)
                .us(Tag.COLUMNS, 4)
                .us(Tag.BITS_ALLOCATED, 16)
                .us(Tag.BITS_STORED, 16)
                .us(Tag.HIGH_BIT, 15)
                .us(Tag.PIXEL_REPRESENTATION, 0);
        if (patientId != null) {
            ds.string(Tag.PATIENT_ID, "LO", patientId);
        }
        if (burnedIn) {
            ds.string(Tag.BURNED_IN_ANNOTATION, "CS", "YES");
        }
        Path f = tmp.resolve("f" + headers.size() + ".dcm");
        DicomWriter.builder().setTransferSyntax(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).build()
                .write(f, ds, new int[12]);
        headers.add(new DicomSeries.Slice(f, DicomFile.readHeader(f).compact()));
        Files.delete(f);
    }

    private static String sha256(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void plansFoldersAliasesAndSkippedSeriesFromHeadersAlone() throws Exception {
        // patient A: an axial series SR_3 in two studies (same number) and a localizer
        slice("A", "2.25.1", "2.25.1.3", 3, 1, 0, "CT", "AXIAL", false);
        slice("A", "2.25.1", "2.25.1.3", 3, 2, -2, "CT", "AXIAL", false);
        slice("A", "2.25.1", "2.25.1.3", 3, 3, -5, "CT", "AXIAL", false);
        slice("A", "2.25.2", "2.25.2.3", 3, 1, 0, "CT", "AXIAL", false);
        slice("A", "2.25.1", "2.25.1.9", 9, 1, 0, "CT", "LOCALIZER", false);
        // patient B: one axial series; a patient without PatientID: one axial series
        slice("B", "2.25.5", "2.25.5.2", 2, 1, 0, "CT", "AXIAL", false);
        slice(null, "2.25.6", "2.25.6.4", 4, 1, 0, "CT", "AXIAL", false);
        // patient C: only an MR series and a burned-in CT: no alias, both skipped
        slice("C", "2.25.7", "2.25.7.1", 1, 1, 0, "MR", "AXIAL", false);
        slice("C", "2.25.7", "2.25.7.5", 5, 1, 0, "CT", "AXIAL", true);

        String salt = "team-secret";
        ConversionPlan plan = ConversionPlan.of(tmp, headers, salt);

        // aliases in the order of SHA-256(salt \n key), computed here independently
        List<String> keys = new ArrayList<>(List.of("id:A", "id:B", "study:2.25.6"));
        keys.sort((a, b) -> {
            try {
                return sha256(salt + "\n" + a).compareTo(sha256(salt + "\n" + b));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Map<String, String> aliases = plan.aliases();
        assertEquals(keys, List.copyOf(aliases.keySet()));
        assertEquals(List.of("patient1", "patient2", "patient3"), List.copyOf(aliases.values()));

        // A's two series numbered 3: the one whose salted UID hash comes first keeps SR_3
        String a = aliases.get("id:A");
        boolean firstStudyFirst = sha256(salt + "\n2.25.1.3").compareTo(sha256(salt + "\n2.25.2.3")) < 0;
        List<String> paths = plan.series().stream().map(SeriesPlan::path).toList();
        assertEquals(4, paths.size(), paths.toString());
        assertTrue(paths.contains(a + "/SR_3") && paths.contains(a + "/SR_3_2"), paths.toString());
        assertTrue(paths.contains(aliases.get("id:B") + "/SR_2"), paths.toString());
        assertTrue(paths.contains(aliases.get("study:2.25.6") + "/SR_4"), paths.toString());
        SeriesPlan sr3 = plan.series().stream().filter(p -> p.path().equals(a + "/SR_3")).findFirst().orElseThrow();
        assertEquals(firstStudyFirst ? 3 : 1, sr3.series().size());
        // ordered by alias number, then folder
        List<String> sorted = new ArrayList<>(paths);
        sorted.sort((x, y) -> {
            int nx = Integer.parseInt(x.substring("patient".length(), x.indexOf('/')));
            int ny = Integer.parseInt(y.substring("patient".length(), y.indexOf('/')));
            return nx != ny ? Integer.compare(nx, ny) : x.compareTo(y);
        });
        assertEquals(sorted, paths);
        assertEquals("IM00001.tif", SeriesPlan.sliceName(0));
        assertEquals("IM00148.tif", SeriesPlan.sliceName(147));

        // skipped: A's localizer under A's alias; C's two under the placeholder, by SeriesNumber
        List<String> skipped = plan.skipped().stream()
                .map(s -> s.patient() + "|" + s.seriesNumber() + "|" + s.modality() + "|" + s.images() + "|" + s.reason())
                .toList();
        List<String> expected = new ArrayList<>(List.of(
                "a patient without axial CT series|1|MR|1|not CT",
                "a patient without axial CT series|5|CT|1|burned-in annotation (text in the pixels may identify the"
                        + " patient)",
                a + "|9|CT|1|localizer/scout"));
        expected.sort(String::compareTo);
        assertEquals(expected, skipped);

        // the ID map: the patient without PatientID has an empty ID and its study key
        List<List<String>> ids = plan.idMapRows();
        assertEquals(List.of("alias", "patient_id", "key"), ids.get(0));
        assertTrue(ids.contains(List.of(a, "A", "id:A")), ids.toString());
        assertTrue(ids.contains(List.of(aliases.get("study:2.25.6"), "", "study:2.25.6")), ids.toString());
    }

    @Test
    void metadataRowsOnlyForWrittenSeriesWithTheMedianSpacing() throws Exception {
        // positions 0, -2, -5, -6: gaps 2, 3, 1; the median of three gaps is 2
        slice("A", "2.25.1", "2.25.1.3", 3, 1, 0, "CT", "AXIAL", false);
        slice("A", "2.25.1", "2.25.1.3", 3, 2, -2, "CT", "AXIAL", false);
        slice("A", "2.25.1", "2.25.1.3", 3, 3, -5, "CT", "AXIAL", false);
        slice("A", "2.25.1", "2.25.1.3", 3, 4, -6, "CT", "AXIAL", false);
        slice("A", "2.25.1", "2.25.1.4", 4, 1, 0, "CT", "AXIAL", false);
        ConversionPlan plan = ConversionPlan.of(tmp, headers, "s");
        assertEquals(2, plan.series().size());

        // only SR_3 was written: SR_4 (failed) has no row
        DicomConverter.Converted done = new DicomConverter.Converted("patient1", "SR_3", 4, 4, 3, 7, 11);
        List<List<String>> rows = plan.metadataRows(List.of(done), false);
        assertEquals(2, rows.size());
        assertEquals(List.of("Patient ID", "Series", "Slices", "SliceSpacing", "ClippedValues", "PaddingPixels",
                "TransferSyntaxUID"), rows.get(0).subList(0, 7));
        assertEquals(List.of("patient1", "SR_3", "4", "2.000", "7", "11", "1.2.840.10008.1.2.1"),
                rows.get(1).subList(0, 7));
        assertEquals(rows.get(0).size(), rows.get(1).size());
        assertTrue(!rows.get(0).contains("PatientSex"));
        assertTrue(plan.metadataRows(List.of(done), true).get(0).contains("PatientSex"));
    }
}
