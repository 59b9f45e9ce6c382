package org.covidct.app;

import org.covidct.core.dicom.DicomWriter;
import org.covidct.core.dicom.Tag;
import org.covidct.core.dicom.TransferSyntax;
import org.covidct.core.image.CtSlice;
import org.covidct.core.tiff.TiffSlices;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The command-line side of issue 14: I/O failures are one line and exit 2, a killed run's staging
 * folders never block the next run, "--out x/../y" leaves no x, split never echoes binary junk, "DICM"
 * wins over TIFF magic, a header that would corrupt values fails its series, JPEG 2000 and deflated files
 * convert.
 */
class InputsCommandTest {

    @TempDir
    Path tmp;

    private final List<Path> mounts = new ArrayList<>();

    @AfterEach
    void unmount() throws Exception {
        for (Path m : mounts) {
            new ProcessBuilder("umount", m.toString()).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
        }
    }

    static Path real(String rel) {
        return Path.of(System.getProperty("covidct.shared"), "data", "real", rel);
    }

    static Path j2k(String name) {
        return Path.of("..", "core", "src", "test", "resources", "dicom", "j2k", name).toAbsolutePath().normalize();
    }

    /** One line on stderr, "covidct: error: ...", no stack trace, exit 2. */
    static void oneLineError(ConsoleCapture.Result r, String fragment) {
        assertEquals(Main.USER_ERROR, r.exit(), r.all());
        String err = r.err().strip();
        assertFalse(err.contains("\n"), err);
        assertTrue(err.startsWith("covidct: error: "), err);
        assertTrue(err.contains(fragment), "expected '" + fragment + "' in: " + err);
        assertFalse(r.all().contains("\tat "), "no stack trace: " + r.all());
        assertTrue(err.chars().allMatch(c -> c >= 0x20 && c != 0x7F), "printable: " + err);
    }

    /** A TIFF series of two synthetic slices. */
    private Path tiffSeries() {
        Path dir = tmp.resolve("src/patient1/SR_2");
        for (int i = 1; i <= 2; i++) {
            short[] v = new short[64 * 64];
            for (int k = 0; k < v.length; k++) {
                v[k] = (short) (k % 64 < 32 ? 100 + (k * 7 + i) % 50 : 1100 + (k * 13) % 80);
            }
            TiffSlices.write(dir.resolve("IM0000" + i + ".tif"), new CtSlice(64, 64, v, "s"), TiffSlices.Compression.LZW);
        }
        return tmp.resolve("src");
    }

    /** A read-only file system mounted inside the test's folder, or a skipped test where mounting is not allowed. */
    private Path readOnlyFileSystem() throws Exception {
        Path ro = Files.createDirectories(tmp.resolve("ro"));
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", ro.toString())
                .redirectErrorStream(true).start();
        boolean ok = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        Assumptions.assumeTrue(ok, "cannot mount a read-only tmpfs here (needs root)");
        mounts.add(ro);
        return ro;
    }

    @Test
    void selectConvertAndVisualizeIntoAReadOnlyFileSystemAreOneLine() throws Exception {
        Path src = tiffSeries();
        Path ro = readOnlyFileSystem();
        oneLineError(ConsoleCapture.run("select", src.toString(), "--out", ro.toString(), "-q"), "Read-only file system");
        oneLineError(ConsoleCapture.run("select", src.toString(), "--out", ro.resolve("sub").toString(), "-q"),
                "Read-only file system");
        Path dicom = Files.createDirectories(tmp.resolve("dicom"));
        Files.copy(real("pydicom/CT_small.dcm"), dicom.resolve("a.dcm"));
        oneLineError(ConsoleCapture.run("convert", dicom.toString(), "--out", ro.toString(), "--no-progress"),
                "Read-only file system");
        oneLineError(ConsoleCapture.run("visualize", real("pydicom/CT_small.dcm").toString(),
                ro.resolve("v.tif").toString()), "Read-only file system");
    }

    @Test
    void aFolderTheSystemWillNotLetUsCreateIsOneLine() throws Exception {
        Path src = tiffSeries();
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/sys/kernel")), "needs /sys");
        oneLineError(ConsoleCapture.run("select", src.toString(), "--out", "/sys/kernel/covidct-out", "-q"),
                "/sys/kernel/covidct-out");
        // a file where a folder should be
        Path file = Files.writeString(tmp.resolve("file"), "x");
        oneLineError(ConsoleCapture.run("select", src.toString(), "--out", file.resolve("sub").toString(), "-q"),
                file.toString());
    }

    @Test
    void aConversionKilledWithSigkillNeitherStaysNorBlocksTheRerun() throws Exception {
        Path src = real("covid-ct-md/covid/P001");
        Path out = tmp.resolve("out");
        String java = ProcessHandle.current().info().command().orElse("java");
        Path staging = null;
        for (int attempt = 0; attempt < 3 && staging == null; attempt++) {
            OutputFoldersCleaner.delete(out);
            Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                    "convert", src.toString(), "--out", out.toString(), "--threads", "1", "--no-progress")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (child.isAlive() && System.nanoTime() < deadline && staging == null) {
                staging = findStaging(out);
                if (staging == null) {
                    Thread.sleep(2);
                }
            }
            child.destroyForcibly(); // SIGKILL: no finally block, no shutdown hook runs
            child.waitFor(30, TimeUnit.SECONDS);
        }
        assertTrue(staging != null && Files.isDirectory(staging), "the killed conversion left its staging folder");
        assertFalse(Files.exists(out.resolve("metadata.csv")));

        ConsoleCapture.Result rerun = ConsoleCapture.run("convert", src.toString(), "--out", out.toString(), "--no-progress");
        assertEquals(0, rerun.exit(), rerun.all());
        assertEquals(null, findStaging(out), "no staging folder left");
        try (Stream<Path> s = Files.walk(out)) {
            List<Path> hidden = s.filter(p -> p.getFileName().toString().startsWith(".")).toList();
            assertEquals(List.of(), hidden);
        }
        try (Stream<Path> s = Files.walk(out)) {
            assertEquals(148, s.filter(p -> p.toString().endsWith(".tif")).count(), "the whole series");
        }
    }

    private static Path findStaging(Path out) throws IOException {
        if (!Files.isDirectory(out)) {
            return null;
        }
        try (Stream<Path> s = Files.walk(out, 2)) {
            return s.filter(p -> p.getFileName().toString().startsWith(".SR_") && Files.isDirectory(p))
                    .findFirst().orElse(null);
        } catch (IOException | java.io.UncheckedIOException e) {
            return null; // the folder changed while walked
        }
    }

    @Test
    void aSelectStagingFolderOfADeadRunIsRemovedByTheNextRun() throws Exception {
        Path src = tiffSeries();
        Path out = tmp.resolve("sel");
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        Path stale = Files.createDirectories(out.resolve(".covidct-select-" + p.pid() + "/s0"));
        Files.writeString(stale.resolve("IM00001.tif"), "half a slice");
        Files.writeString(out.resolve(".selection.csv." + p.pid() + ".77.part"), "half a csv");
        ConsoleCapture.Result r = ConsoleCapture.run("select", src.toString(), "--out", out.toString(), "-q");
        assertEquals(0, r.exit(), r.all());
        assertFalse(Files.exists(out.resolve(".covidct-select-" + p.pid())));
        assertFalse(Files.exists(out.resolve(".selection.csv." + p.pid() + ".77.part")));
        assertTrue(Files.exists(out.resolve("selection.csv")));
    }

    @Test
    void outThroughAMissingFolderLeavesNothingBehind() throws Exception {
        Path src = tiffSeries();
        Path dicom = Files.createDirectories(tmp.resolve("dicom"));
        Files.copy(real("pydicom/CT_small.dcm"), dicom.resolve("a.dcm"));
        Path work = Files.createDirectories(tmp.resolve("work"));
        String[][] runs = {
                {"select", src.toString(), "--out", work.resolve("x1/../y1").toString(), "-q"},
                {"convert", dicom.toString(), "--out", work.resolve("x2/../y2").toString(), "--no-progress"},
                {"visualize", real("pydicom/CT_small.dcm").toString(), work.resolve("x3/../y3/v.tif").toString()},
                {"split", "--index", meta("all.csv").toString(), "--patients", meta("Patient_details.csv").toString(),
                        "--out", work.resolve("x4/../y4").toString()},
        };
        for (String[] run : runs) {
            ConsoleCapture.Result r = ConsoleCapture.run(run);
            assertEquals(0, r.exit(), run[0] + ": " + r.all());
        }
        try (Stream<Path> s = Files.list(work)) {
            assertEquals(List.of("y1", "y2", "y3", "y4"), s.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    static Path meta(String file) {
        return Path.of(System.getProperty("covidct.shared"), "data", "covid-ctset-meta", file);
    }

    @Test
    void splitNeverEchoesBinaryJunk() throws Exception {
        Path index = tmp.resolve("all.csv");
        byte[] junk = {0, 1, 2, 27, '[', '3', '1', 'm', (byte) 0xFF, (byte) 0xFE, 7, '\r', 'x'};
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        b.writeBytes("filename,class\n137covid_patient1_SR_2_IM00010.tif,covid\n".getBytes(StandardCharsets.US_ASCII));
        b.writeBytes(junk);
        b.writeBytes(",covid\n".getBytes(StandardCharsets.US_ASCII));
        Files.write(index, b.toByteArray());
        ConsoleCapture.Result r = ConsoleCapture.run("split", "--index", index.toString(), "--patients",
                meta("Patient_details.csv").toString(), "--out", tmp.resolve("folds").toString());
        oneLineError(r, index.toString());
        assertFalse(r.err().contains("\u0000") || r.err().contains("\u001b") || r.err().contains("\u0007"), r.err());
        assertFalse(Files.exists(tmp.resolve("folds")), "nothing written");
    }

    @Test
    void selectAndVisualizeReadCtSmallAsDicomDespiteItsTiffMagic() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("ct/series"));
        Files.copy(real("pydicom/CT_small.dcm"), dir.resolve("CT_small.dcm"));
        ConsoleCapture.Result r = ConsoleCapture.run("select", tmp.resolve("ct").toString(), "--out",
                tmp.resolve("s").toString(), "--no-copy", "-q");
        assertEquals(0, r.exit(), r.all());
        List<String> rows = Files.readAllLines(tmp.resolve("s/selection.csv"));
        assertEquals(2, rows.size(), rows.toString());
        assertTrue(rows.get(1).startsWith("series,CT_small.dcm,"), rows.get(1));
        ConsoleCapture.Result v = ConsoleCapture.run("visualize", dir.resolve("CT_small.dcm").toString(),
                tmp.resolve("v.png").toString(), "--png");
        assertEquals(0, v.exit(), v.all());
    }

    @Test
    void aHeaderThatWouldCorruptValuesFailsItsSeriesNamingTheAttribute() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("bad"));
        int[] cells = new int[16 * 16];
        for (int i = 0; i < cells.length; i++) {
            cells[i] = 1000 + i;
        }
        for (int k = 1; k <= 3; k++) {
            DicomWriter.DataSet ds = ct(k);
            if (k == 2) {
                ds.string(Tag.RESCALE_INTERCEPT, "DS", "x");
            }
            DicomWriter.builder().setTransferSyntax(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).build()
                    .write(src.resolve("s" + k + ".dcm"), ds, cells);
        }
        Path out = tmp.resolve("out");
        ConsoleCapture.Result r = ConsoleCapture.run("convert", src.toString(), "--out", out.toString(), "--no-progress");
        assertEquals(Main.USER_ERROR, r.exit(), r.all());
        assertTrue(r.out().contains("FAILED patient1/SR_7: slice 2 of 3: RescaleIntercept 'x' is not a number"), r.all());
        assertFalse(Files.exists(out.resolve("patient1/SR_7")), "no part of the series is written");

        Path iop = Files.createDirectories(tmp.resolve("iop"));
        DicomWriter.builder().setTransferSyntax(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).build()
                .write(iop.resolve("a.dcm"), ct(1).string(Tag.IMAGE_ORIENTATION_PATIENT, "DS", "1", "0"), cells);
        ConsoleCapture.Result o = ConsoleCapture.run("convert", iop.toString(), "--out", tmp.resolve("out2").toString(),
                "--no-progress");
        assertEquals(Main.USER_ERROR, o.exit(), o.all());
        assertTrue(o.out().contains("ImageOrientationPatient has 2 values, needs 6"), o.all());
    }

    private static DicomWriter.DataSet ct(int instance) {
        return new DicomWriter.DataSet()
                .string(Tag.IMAGE_TYPE, "CS", "ORIGINAL", "PRIMARY", "AXIAL")
                .string(Tag.SOP_CLASS_UID, "UI", "1.2.840.10008.5.1.4.1.1.2")
                .string(Tag.MODALITY, "CS", "CT")
                .string(Tag.PATIENT_ID, "LO", "P-14")
                .string(Tag.STUDY_INSTANCE_UID, "UI", "2.25.14")
                .string(Tag.SERIES_INSTANCE_UID, "UI", "2.25.141")
                .string(Tag.SERIES_NUMBER, "IS", "7")
                .string(Tag.INSTANCE_NUMBER, "IS", Integer.toString(instance))
                .string(Tag.IMAGE_POSITION_PATIENT, "DS", "0", "0", Integer.toString(instance))
                .string(Tag.IMAGE_ORIENTATION_PATIENT, "DS", "1", "0", "0", "0", "1", "0")
                .us(Tag.SAMPLES_PER_PIXEL, 1)
                .string(Tag.PHOTOMETRIC_INTERPRETATION, "CS", "MONOCHROME2")
                .us(Tag.ROWS, 16).us(Tag.COLUMNS, 16)
                .us(Tag.BITS_ALLOCATED, 16).us(Tag.BITS_STORED, 12).us(Tag.HIGH_BIT, 11)
                .us(Tag.PIXEL_REPRESENTATION, 0)
                .string(Tag.RESCALE_INTERCEPT, "DS", "-1024")
                .string(Tag.RESCALE_SLOPE, "DS", "1");
    }

    @Test
    void jpeg2000AndDeflatedFilesConvert() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("j2k"));
        Files.copy(j2k("ct_small_j2k_lossless.dcm"), src.resolve("a.dcm"));
        Path out = tmp.resolve("out");
        ConsoleCapture.Result r = ConsoleCapture.run("convert", src.toString(), "--out", out.toString(), "--no-progress");
        assertEquals(0, r.exit(), r.all());
        // GDCM's stored values of this file sum to 14,826,310 (resources/dicom/j2k/expected.csv) over
        // 128 x 128 pixels; CT_small's intercept is -1024, so the TIFF holds stored + 0
        CtSlice s;
        try (Stream<Path> f = Files.walk(out)) {
            s = TiffSlices.read(f.filter(p -> p.toString().endsWith(".tif")).findFirst().orElseThrow());
        }
        long sum = 0;
        for (short v : s.values()) {
            sum += v & 0xFFFF;
        }
        assertEquals(14_826_310L, sum);

        Path dfl = Files.createDirectories(tmp.resolve("dfl"));
        Files.copy(j2k("ct_small_deflated.dcm"), dfl.resolve("a.dcm"));
        ConsoleCapture.Result d = ConsoleCapture.run("convert", dfl.toString(), "--out", tmp.resolve("out2").toString(),
                "--no-progress");
        assertEquals(0, d.exit(), d.all());
    }

    /** Deletes a folder tree if it is there. */
    static final class OutputFoldersCleaner {
        static void delete(Path p) {
            org.covidct.core.io.OutputFolders.deleteTree(p);
        }
    }
}
