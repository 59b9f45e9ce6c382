package org.covidct.app;

import org.covidct.core.dicom.DicomWriter;
import org.covidct.core.dicom.DicomWriter.DataSet;
import org.covidct.core.dicom.Tag;
import org.covidct.core.dicom.TransferSyntax;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DICOM files carrying identifying values in the attributes of the PS3.15 Basic Application Level
 * Confidentiality Profile (names, IDs, birth date, address, institution, physicians, accession number,
 * station, study ID, serial number, UIDs, dates, times, descriptions, comments, private attributes; some
 * nested in sequences), in folders and file names that carry the patient's name and ID, are converted;
 * not one of those values, nor an obvious variant (case, separators, date formats, UTF-16), appears in
 * any byte of the output tree or of the console output. The ID map, written on request outside the
 * tree, is the one place the patient ID goes.
 */
class ConvertDeidentificationTest {

    @TempDir
    Path tmp;

    private static final String[][] PATIENTS = {
            // name, id, birth date, other id, address, accession, study uid root
            {"Doevalle^Johnathan^Quincy", "MRN-8675309", "19480217", "ALT-4455667", "742 Evergreen Terrace Springfield",
                    "ACC77331199", "1.2.826.0.1.3680043.2.1125.777111"},
            {"Brockmann^Kentigern", "MRN-5551212", "19330606", "ALT-1239876", "19 Plympton Street Capital City",
                    "ACC44002211", "1.2.826.0.1.3680043.2.1125.888222"},
    };

    /** Every identifying value written, to be searched for afterwards. */
    private final Set<String> secrets = new LinkedHashSet<>();

    @Test
    void noIdentifyingValueReachesTheOutputOrTheConsole() throws Exception {
        Path src = tmp.resolve("hospital-export");
        for (int p = 0; p < PATIENTS.length; p++) {
            String[] pt = PATIENTS[p];
            // folders and files named after the patient, as some export tools do
            Path dir = src.resolve(pt[0].replace('^', '_') + "_" + pt[1]);
            TransferSyntax ts = p == 0 ? TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN : TransferSyntax.RLE_LOSSLESS;
            DicomWriter axial = DicomWriter.builder().setTransferSyntax(ts).optUndefinedLengthSequences(p == 1).build();
            for (int i = 1; i <= 3; i++) {
                DataSet ds = identified(pt, p, 2, "1", i, "ORIGINAL", "PRIMARY", "AXIAL");
                axial.write(dir.resolve(pt[1] + "_" + pt[0].replace('^', '_') + "_" + i + ".dcm"), ds, pixels(i));
            }
            // a localizer and an MR series of the same patient: skipped, and listed without identifying values
            DicomWriter plain = DicomWriter.builder().setTransferSyntax(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN).build();
            plain.write(dir.resolve(pt[1] + "_scout.dcm"), identified(pt, p, 1, "9", 1, "ORIGINAL", "PRIMARY",
                    "LOCALIZER"), pixels(9));
            DataSet mr = identified(pt, p, 7, "8", 1, "ORIGINAL", "PRIMARY", "AXIAL").string(Tag.MODALITY, "CS", "MR");
            plain.write(dir.resolve(pt[1] + "_mr.dcm"), mr, pixels(8));
            // a screen capture with the name burned into the pixels, and a secondary capture object
            DataSet burned = identified(pt, p, 5, "5", 1, "DERIVED", "SECONDARY", "AXIAL")
                    .string(0x00280301, "CS", "YES");
            plain.write(dir.resolve(pt[1] + "_burned.dcm"), burned, pixels(5));
            DataSet sc = identified(pt, p, 6, "6", 1, "DERIVED", "SECONDARY", "AXIAL")
                    .string(Tag.SOP_CLASS_UID, "UI", "1.2.840.10008.5.1.4.1.1.7");
            plain.write(dir.resolve(pt[1] + "_sc.dcm"), sc, pixels(6));
            // a file that cannot be read
            byte[] good = Files.readAllBytes(dir.resolve(pt[1] + "_mr.dcm"));
            Files.write(dir.resolve(pt[1] + "_broken.dcm"), java.util.Arrays.copyOf(good, 400));
        }
        Path out = tmp.resolve("out");
        Path map = tmp.resolve("private").resolve("ids.csv");
        ConsoleCapture.Result r = ConsoleCapture.run("convert", src.toString(), "--out", out.toString(),
                "--id-map", map.toString());
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.out().contains("converted 2 series (6 slices) of 2 patients"), r.out());
        assertTrue(r.out().contains("localizer/scout"), r.out());
        assertTrue(r.out().contains("not CT (MR, 1 images)"), r.out());
        assertTrue(r.out().contains("series 5: burned-in annotation"), r.out());
        assertTrue(r.out().contains("series 6: not a CT image object (SOP class 1.2.840.10008.5.1.4.1.1.7)"), r.out());
        assertTrue(r.out().contains("2 DICOM files could not be read"), r.out());

        List<String> needles = variants();
        // the check can fail: the ID map holds the IDs, and kept technical values do reach metadata.csv
        String mapText = Files.readString(map);
        assertTrue(mapText.contains("MRN-8675309") && mapText.contains("MRN-5551212"), mapText);
        assertTrue(Files.readString(out.resolve("metadata.csv")).contains("ACMESCAN 9000"));
        assertTrue(firstHit(mapText.getBytes(StandardCharsets.ISO_8859_1), needles) != null);

        List<Path> files;
        try (Stream<Path> s = Files.walk(out)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        assertEquals(1 + 6, files.size(), files.toString());
        for (Path f : files) {
            String rel = out.relativize(f).toString();
            assertEquals(null, firstHit(rel.getBytes(StandardCharsets.UTF_8), needles), "output path " + rel);
            byte[] content = Files.readAllBytes(f);
            assertEquals(null, firstHit(content, needles), "content of " + rel);
        }
        assertEquals(null, firstHit(r.all().getBytes(StandardCharsets.UTF_8), needles), "console: " + r.all());
        assertFalse(r.all().contains(src.toString()), "input paths are not printed");
    }

    /** A data set with identifying values in the profile's attributes, at top level, nested and private. */
    private DataSet identified(String[] pt, int p, int seriesNumber, String seriesSuffix, int instance,
                               String... imageType) {
        String uidRoot = pt[6];
        String studyDate = p == 0 ? "20190314" : "20200229";
        DataSet requested = new DataSet().string(0x00401001, "SH", secret("REQPROC-31337" + p))
                .string(0x00321032, "PN", secret("Rivieraxx^Nicholas" + p));
        DataSet refStudy = new DataSet().string(0x00081150, "UI", "1.2.840.10008.3.1.2.3.1")
                .string(0x00081155, "UI", secret(uidRoot + ".99.5"));
        return new DataSet()
                .string(Tag.SPECIFIC_CHARACTER_SET, "CS", "ISO_IR 100")
                .string(Tag.IMAGE_TYPE, "CS", imageType)
                .string(0x00080012, "DA", secret(studyDate)) // InstanceCreationDate
                .string(Tag.SOP_CLASS_UID, "UI", "1.2.840.10008.5.1.4.1.1.2")
                .string(Tag.SOP_INSTANCE_UID, "UI", secret(uidRoot + "." + seriesSuffix + ".3." + instance))
                .string(0x00080020, "DA", secret(studyDate))
                .string(0x00080021, "DA", studyDate)
                .string(0x00080022, "DA", studyDate)
                .string(0x00080023, "DA", studyDate)
                .string(0x00080030, "TM", secret(p == 0 ? "134501.123456" : "091533.654321"))
                .string(0x00080050, "SH", secret(pt[5]))
                .string(Tag.MODALITY, "CS", "CT")
                .string(Tag.MANUFACTURER, "LO", "ACMESCAN 9000")
                .string(0x00080080, "LO", secret(p == 0 ? "Saint Quimby General Hospital" : "Ogdenville Infirmary"))
                .string(0x00080081, "ST", secret(p == 0 ? "1 Hospital Plaza Shelbyville" : "77 Monorail Way Ogdenville"))
                .string(0x00080090, "PN", secret("Hibbertson^Julius" + p))
                .string(0x00081010, "SH", secret("CTSTATION-QX9" + p))
                .string(0x00081030, "LO", secret("CHEST CT FOR PROFESSOR FRINKLE" + p))
                .string(0x0008103E, "LO", secret("AXIAL 2MM FRINKIAC" + p))
                .string(0x00081040, "LO", secret("Department of Quuxology" + p))
                .string(0x00081048, "PN", secret("Spacemann^Leonardo" + p))
                .string(0x00081050, "PN", secret("Rivierra^Nicholas" + p))
                .string(0x00081070, "PN", secret("Flandersen^Nedward" + p))
                .sequence(0x00081110, refStudy)
                .string(0x00090010, "LO", "ACME PRIVATE")
                .string(0x00091001, "LO", secret("PRIVATE-SECRET-XYZZY" + p))
                .string(Tag.PATIENT_NAME, "PN", secret(pt[0]))
                .string(Tag.PATIENT_ID, "LO", secret(pt[1]))
                .string(Tag.PATIENT_BIRTH_DATE, "DA", secret(pt[2]))
                .string(Tag.PATIENT_SEX, "CS", "M")
                .string(0x00101000, "LO", secret(pt[3]))
                .string(0x00101001, "PN", secret("Roebuckle^Janetta" + p))
                .string(Tag.PATIENT_AGE, "AS", secret(p == 0 ? "071Y" : "093Y"))
                .string(0x00101040, "LO", secret(pt[4]))
                .string(0x00101060, "PN", secret("Smithereen^Maryanne" + p))
                .string(0x00102154, "SH", secret("555-0199-" + p))
                .string(0x001021B0, "LT", secret("history of Zanzibar travel " + p))
                .string(0x00181000, "LO", secret("SN-99887766" + p))
                .string(0x00181030, "LO", secret("PROTOCOL-ZORBLAX" + p))
                .string(Tag.STUDY_INSTANCE_UID, "UI", secret(uidRoot))
                .string(Tag.SERIES_INSTANCE_UID, "UI", secret(uidRoot + "." + seriesSuffix))
                .string(0x00200010, "SH", secret("STUDY-ID-5521" + p))
                .string(Tag.SERIES_NUMBER, "IS", Integer.toString(seriesNumber))
                .string(Tag.INSTANCE_NUMBER, "IS", Integer.toString(instance))
                .string(Tag.IMAGE_POSITION_PATIENT, "DS", "-100", "-100", Integer.toString(-10 * instance))
                .string(Tag.IMAGE_ORIENTATION_PATIENT, "DS", "1", "0", "0", "0", "1", "0")
                .string(0x00200052, "UI", secret(uidRoot + ".4444")) // FrameOfReferenceUID
                .string(0x00204000, "LT", secret("patient Johnathan mentioned coughing " + p))
                .us(Tag.SAMPLES_PER_PIXEL, 1)
                .string(Tag.PHOTOMETRIC_INTERPRETATION, "CS", "MONOCHROME2")
                .us(Tag.ROWS, 16)
                .us(Tag.COLUMNS, 16)
                .string(Tag.PIXEL_SPACING, "DS", "0.7", "0.7")
                .us(Tag.BITS_ALLOCATED, 16)
                .us(Tag.BITS_STORED, 12)
                .us(Tag.HIGH_BIT, 11)
                .us(Tag.PIXEL_REPRESENTATION, 0)
                .string(Tag.RESCALE_INTERCEPT, "DS", "-1024")
                .string(Tag.RESCALE_SLOPE, "DS", "1")
                .sequence(0x00400275, requested);
    }

    private String secret(String s) {
        secrets.add(s);
        return s;
    }

    private static int[] pixels(int seed) {
        int[] c = new int[256];
        for (int i = 0; i < c.length; i++) {
            c[i] = (i * 37 + seed * 101) % 4096;
        }
        return c;
    }

    /** The secrets and obvious variants: case, name separators, name parts, date formats. */
    private List<String> variants() {
        Set<String> v = new LinkedHashSet<>();
        for (String s : secrets) {
            v.add(s);
            v.add(s.replace('^', ' '));
            v.add(s.replace("^", ", "));
            for (String part : s.split("[\\^ ]")) {
                if (part.length() >= 5 && !part.matches("[0-9.]+")) {
                    v.add(part);
                }
            }
            if (s.matches("\\d{8}")) {
                String y = s.substring(0, 4);
                String m = s.substring(4, 6);
                String d = s.substring(6, 8);
                v.add(y + "-" + m + "-" + d);
                v.add(d + "/" + m + "/" + y);
                v.add(m + "/" + d + "/" + y);
                v.add(d + "." + m + "." + y);
            }
            if (s.matches("\\d{6}\\.\\d+")) {
                v.add(s.substring(0, 6));
                v.add(s.substring(0, 2) + ":" + s.substring(2, 4) + ":" + s.substring(4, 6));
            }
        }
        // words that are not identifying by themselves must not make the check meaningless
        v.removeIf(s -> s.length() < 4 || Set.of("Street", "history", "travel", "patient", "mentioned", "CHEST",
                "AXIAL", "Plaza", "Hospital", "Department", "General", "Terrace", "Saint", "FOR").contains(s));
        return new ArrayList<>(v);
    }

    /** The first variant found (case-insensitive, as Latin-1 bytes or UTF-16LE), or null. */
    private static String firstHit(byte[] content, List<String> needles) {
        String latin = new String(content, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        for (String n : needles) {
            String lower = n.toLowerCase(Locale.ROOT);
            if (latin.contains(lower)) {
                return n;
            }
            StringBuilder utf16 = new StringBuilder();
            for (char c : lower.toCharArray()) {
                utf16.append(c).append('\0');
            }
            if (latin.contains(utf16)) {
                return n + " (UTF-16)";
            }
        }
        return null;
    }
}
