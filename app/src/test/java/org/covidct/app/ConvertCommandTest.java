package org.covidct.app;

import org.covidct.core.dicom.DicomFile;
import org.covidct.core.dicom.DicomImage;
import org.covidct.core.image.CtSlice;
import org.covidct.core.tiff.TiffSlices;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code covidct convert} on the real DICOM files, mixed in one nested tree: COVID-CT-MD P001 (JPEG
 * Lossless), the four NY-SBU slices and CT_small (signed, padding). P001 becomes 148 TIFF slices in
 * InstanceNumber order whose values are the independent decoder's; every other slice equals
 * stored*slope + intercept + 1024 (padding to 0, clipped to 0..65535).
 */
class ConvertCommandTest {

    @TempDir
    Path tmp;

    static Path real() {
        String shared = System.getProperty("covidct.shared");
        if (shared == null) {
            throw new IllegalStateException("system property covidct.shared is not set (surefire sets it)");
        }
        return Path.of(shared, "data", "real");
    }

    @Test
    void convertsRealSeriesBitExactInSweepOrder() throws Exception {
        Path src = tmp.resolve("export");
        copyTree(real().resolve("covid-ct-md/covid/P001"), src.resolve("a/b/P001"));
        copyTree(real().resolve("ny-sbu"), src.resolve("sbu"));
        Files.copy(real().resolve("pydicom/CT_small.dcm"), src.resolve("sbu/CT_small.dcm"));
        Path out = tmp.resolve("out");
        Path map = tmp.resolve("private/ids.csv");

        ConsoleCapture.Result r = ConsoleCapture.run("convert", src.toString(), "--out", out.toString(),
                "--id-map", map.toString());
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.out().contains("converted 6 series (153 slices) of 6 patients"), r.out());
        assertTrue(r.err().contains("convert 100%"), "a progress bar on stderr for 153 slices");

        // the ID map names every original patient once; aliases are patient1..N
        List<String> ids = Files.readAllLines(map);
        assertEquals("alias,patient_id,key", ids.get(0));
        int patients = ids.size() - 1;
        String p001Alias = null;
        for (String line : ids.subList(1, ids.size())) {
            if (line.split(",")[1].equals("98C14734-ASSH")) {
                p001Alias = line.split(",")[0];
            }
        }
        assertTrue(p001Alias != null && p001Alias.matches("patient[1-9][0-9]*"), ids.toString());

        // P001: 148 slices, IM00001 = instance 1 ..., values equal to pydicom+GDCM's
        Path p001 = onlySeries(out.resolve(p001Alias));
        List<String> expected = Files.readAllLines(real().resolve("covid-ct-md/covid/P001.expected.csv"));
        List<Path> tiffs = tiffs(p001);
        assertEquals(148, tiffs.size());
        for (int i = 0; i < 148; i++) {
            String[] row = expected.get(i + 1).split(",");
            assertEquals(String.format("IM%05d.tif", i + 1), tiffs.get(i).getFileName().toString());
            assertEquals(row[2], TiffSlices.read(tiffs.get(i)).sha256(), "IM" + (i + 1) + " = instance " + row[0]);
        }

        // every other converted slice: exactly the formula applied to the independently checked stored values
        int others = 0;
        for (Path dir : listDirs(out)) {
            if (dir.getFileName().toString().equals(p001Alias)) {
                continue;
            }
            Path series = onlySeries(dir);
            List<Path> slices = tiffs(series);
            assertEquals(1, slices.size());
            CtSlice written = TiffSlices.read(slices.get(0));
            DicomImage source = matchingSource(src.resolve("sbu"), written);
            double slope = source.header().rescaleSlope();
            double intercept = source.header().rescaleIntercept();
            Integer pad = source.header().pixelPaddingValue();
            for (int i = 0; i < source.stored().length; i++) {
                int s = source.stored()[i];
                long v = pad != null && s == pad ? 0 : Math.round(s * slope + intercept) + 1024;
                assertEquals(Math.max(0, Math.min(65535, v)), written.values()[i] & 0xFFFF);
            }
            others++;
        }
        assertEquals(5, others, "four NY-SBU slices and CT_small");
        assertEquals(6, patients);

        // metadata.csv: one row per series, aliases only
        List<String> meta = Files.readAllLines(out.resolve("metadata.csv"));
        assertTrue(meta.get(0).startsWith("Patient ID,Series,Slices,"));
        assertEquals(7, meta.size());
        String p001Row = p001Alias + "," + p001.getFileName() + ",148,2.000,";
        assertTrue(meta.stream().anyMatch(l -> l.startsWith(p001Row)), meta.toString());
        assertFalse(String.join("\n", meta).contains("98C14734"));
        assertFalse(r.all().contains("98C14734"), "file names carry the patient ID: they must not be printed");
    }

    @Test
    void refusesAnIdMapInsideTheOutputAndANonEmptyOutput() throws Exception {
        Path src = tmp.resolve("src");
        Files.createDirectories(src);
        Files.copy(real().resolve("pydicom/CT_small.dcm"), src.resolve("x.dcm"));
        Path out = tmp.resolve("out");
        ConsoleCapture.Result r = ConsoleCapture.run("convert", src.toString(), "--out", out.toString(),
                "--id-map", out.resolve("ids.csv").toString());
        assertEquals(Main.USER_ERROR, r.exit());
        assertTrue(r.err().contains("write it outside the output tree"), r.err());
        assertFalse(Files.exists(out));

        Files.createDirectories(out);
        Files.writeString(out.resolve("keep.txt"), "x");
        r = ConsoleCapture.run("convert", src.toString(), "--out", out.toString());
        assertEquals(Main.USER_ERROR, r.exit());
        assertTrue(r.err().contains("is not empty"), r.err());
        assertEquals(1, Files.list(out).count());
    }

    @Test
    void aCorruptSliceFailsItsSeriesWithoutLeavingHalfOfIt() throws Exception {
        Path src = tmp.resolve("src");
        Files.createDirectories(src);
        Path dir = real().resolve("covid-ct-md/covid/P001");
        List<String> expected = Files.readAllLines(real().resolve("covid-ct-md/covid/P001.expected.csv"));
        for (int i = 1; i <= 6; i++) {
            Files.copy(dir.resolve(expected.get(i).split(",")[1]), src.resolve("s" + i + ".dcm"));
        }
        byte[] b = Files.readAllBytes(src.resolve("s4.dcm"));
        Files.write(src.resolve("s4.dcm"), java.util.Arrays.copyOf(b, b.length - 5000)); // pixel data cut short
        Path out = tmp.resolve("out");
        ConsoleCapture.Result r = ConsoleCapture.run("convert", src.toString(), "--out", out.toString());
        assertEquals(Main.USER_ERROR, r.exit(), r.all());
        assertTrue(r.out().contains("FAILED patient1/SR_4: slice 4 of 6: truncated"), r.out());
        assertTrue(r.err().contains("1 series could not be converted"), r.err());
        try (Stream<Path> s = Files.walk(out)) {
            assertEquals(List.of("metadata.csv"), s.filter(Files::isRegularFile).map(p -> p.getFileName().toString())
                    .toList(), "no half-written series");
        }
        assertEquals(1, Files.readAllLines(out.resolve("metadata.csv")).size());
    }

    private static DicomImage matchingSource(Path dir, CtSlice written) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : s.sorted().toList()) {
                DicomImage img = DicomFile.read(f);
                if (img.width() == written.width() && img.toCtSlice("x").sha256().equals(written.sha256())) {
                    return img;
                }
            }
        }
        throw new AssertionError("no source slice converts to " + written.sha256());
    }

    private static Path onlySeries(Path patient) throws Exception {
        List<Path> dirs = listDirs(patient);
        assertEquals(1, dirs.size(), dirs.toString());
        assertTrue(dirs.get(0).getFileName().toString().matches("SR_[0-9]+"), dirs.toString());
        return dirs.get(0);
    }

    private static List<Path> listDirs(Path p) throws Exception {
        try (Stream<Path> s = Files.list(p)) {
            return s.filter(Files::isDirectory).sorted().toList();
        }
    }

    private static List<Path> tiffs(Path p) throws Exception {
        try (Stream<Path> s = Files.list(p)) {
            return s.sorted().toList();
        }
    }

    static void copyTree(Path from, Path to) throws Exception {
        Files.createDirectories(to);
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(from)) {
            s.filter(Files::isRegularFile).forEach(files::add);
        }
        for (Path f : files) {
            Files.copy(f, to.resolve(f.getFileName()));
        }
    }
}
