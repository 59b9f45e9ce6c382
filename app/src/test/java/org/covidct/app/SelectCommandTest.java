package org.covidct.app;

import org.covidct.core.image.CtSlice;
import org.covidct.core.tiff.TiffSlices;
import org.covidct.core.selection.SelectionWindow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.Rectangle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SelectCommandTest {

    @TempDir
    Path tmp;

    static Path shared() {
        String s = System.getProperty("covidct.shared");
        assertTrue(s != null && Files.isDirectory(Path.of(s)), "covidct.shared must name the shared data folder, got " + s);
        return Path.of(s);
    }

    /** 512 x 512 slice with exactly {@code dark} values below 300 in the reference window, air outside it. */
    static CtSlice slice(int dark, Random rnd) {
        Rectangle win = SelectionWindow.forSize(512, 512);
        short[] v = new short[512 * 512];
        int cells = win.width * win.height;
        for (int i = 0; i < cells; i++) {
            int x = win.x + i % win.width;
            int y = win.y + i / win.width;
            v[y * 512 + x] = (short) (i < dark ? rnd.nextInt(300) : 300 + rnd.nextInt(2000));
        }
        return new CtSlice(512, 512, v, "synthetic");
    }

    static void series(Path dir, int[] counts, Random rnd) {
        for (int i = 0; i < counts.length; i++) {
            TiffSlices.write(dir.resolve(String.format("IM%05d.tif", i + 1)), slice(counts[i], rnd), TiffSlices.Compression.LZW);
        }
    }

    /**
     * Every series of ../shared/data/real/covid-ct-md that has an independent oracle ({@code <series>.expected.csv}
     * beside its folder): the folder grows (cap001 came later), so the test takes whatever oracles are there,
     * and insists on the two it was written against.
     */
    static List<String> oracleSeries(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root, 2)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".expected.csv"))
                    .map(p -> root.relativize(p).toString().replace('\\', '/').replace(".expected.csv", ""))
                    .filter(series -> Files.isDirectory(root.resolve(series)))
                    .sorted().toList();
        }
    }

    @Test
    void realCovidCtMdSeriesReproduceTheIndependentDarkCountsAndSelection() throws IOException {
        Path src = shared().resolve("data/real/covid-ct-md");
        List<String> oracles = oracleSeries(src);
        assertTrue(oracles.containsAll(List.of("covid/P001", "normal/normal001")), "oracles found: " + oracles);
        Path out = tmp.resolve("out");
        CliRun r = CliRun.of("select", src.toString(), "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        Map<String, String[]> rows = new HashMap<>();
        List<String> lines = Files.readAllLines(out.resolve("selection.csv"));
        assertEquals("series,file,dark_count,threshold,selected", lines.get(0));
        for (String line : lines.subList(1, lines.size())) {
            String[] c = line.split(",");
            rows.put(c[0] + "/" + c[1], c);
        }
        int checked = 0;
        int keptByOracle = 0;
        for (String series : oracles) {
            List<String> expected = Files.readAllLines(src.resolve(series + ".expected.csv"));
            assertEquals("instance,file,sha256,min,max,dark_count,selected", expected.get(0), series);
            List<String> order = new ArrayList<>();
            for (String line : expected.subList(1, expected.size())) {
                String[] e = line.split(",");
                String[] got = rows.get(series + "/" + e[1]);
                assertTrue(got != null, "no row for " + series + "/" + e[1]);
                assertEquals(e[5], got[2], "dark_count of " + e[1]);
                assertEquals(e[6], got[4], "selected of " + e[1]);
                Path copy = out.resolve(series).resolve(e[1]);
                assertEquals(e[6].equals("1"), Files.exists(copy), "copied iff selected: " + copy);
                if (e[6].equals("1")) {
                    assertArrayEquals(Files.readAllBytes(src.resolve(series).resolve(e[1])), Files.readAllBytes(copy));
                    keptByOracle++;
                }
                order.add(e[1]);
                checked++;
            }
            // rows follow the sweep (InstanceNumber), as the expected files do
            List<String> ours = lines.stream().skip(1).map(l -> l.split(",")).filter(c -> c[0].equals(series))
                    .map(c -> c[1]).toList();
            assertEquals(order, ours);
        }
        // P001 (148) and normal001 (154) alone are 302 slices; every slice of the folder has an oracle row
        assertTrue(checked >= 302, "slices checked: " + checked);
        assertEquals(checked, lines.size() - 1, "a selection row for every slice and none without an oracle");
        assertTrue(r.out().contains("kept " + keptByOracle + " of " + checked + " slices in " + oracles.size() + " series"),
                r.out());
    }

    @Test
    void aTreeIsMirroredWithOneCsvRowPerSlice() throws IOException {
        Path src = tmp.resolve("src");
        Random rnd = new Random(9);
        series(src.resolve("137covid/patient1/SR_2"), new int[] {30, 3030, 2000, 2001}, rnd);
        series(src.resolve("normal1/patient2/SR_3"), new int[] {0, 10, 9, 0, 0}, rnd);
        Files.writeString(src.resolve("137covid/README.txt"), "not a slice");
        Path out = tmp.resolve("out");
        CliRun r = CliRun.of("select", src.toString(), "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals(List.of(
                "series,file,dark_count,threshold,selected",
                "137covid/patient1/SR_2,IM00001.tif,30,2000.000,0",
                "137covid/patient1/SR_2,IM00002.tif,3030,2000.000,1",
                "137covid/patient1/SR_2,IM00003.tif,2000,2000.000,0",
                "137covid/patient1/SR_2,IM00004.tif,2001,2000.000,1",
                "normal1/patient2/SR_3,IM00001.tif,0,6.667,0",
                "normal1/patient2/SR_3,IM00002.tif,10,6.667,1",
                "normal1/patient2/SR_3,IM00003.tif,9,6.667,1",
                "normal1/patient2/SR_3,IM00004.tif,0,6.667,0",
                "normal1/patient2/SR_3,IM00005.tif,0,6.667,0"), Files.readAllLines(out.resolve("selection.csv")));
        List<String> files;
        try (Stream<Path> s = Files.walk(out)) {
            files = s.filter(Files::isRegularFile).map(p -> out.relativize(p).toString().replace('\\', '/')).sorted().toList();
        }
        assertEquals(List.of("137covid/patient1/SR_2/IM00002.tif", "137covid/patient1/SR_2/IM00004.tif",
                "normal1/patient2/SR_3/IM00002.tif", "normal1/patient2/SR_3/IM00003.tif", "selection.csv"), files);
        assertArrayEquals(Files.readAllBytes(src.resolve("normal1/patient2/SR_3/IM00003.tif")),
                Files.readAllBytes(out.resolve("normal1/patient2/SR_3/IM00003.tif")));

        // a second run into the same folder replaces the files in place and leaves no staging folder
        List<String> csv = Files.readAllLines(out.resolve("selection.csv"));
        CliRun again = CliRun.of("select", src.toString(), "--out", out.toString(), "-q");
        assertEquals(0, again.exit(), again.err());
        assertEquals(csv, Files.readAllLines(out.resolve("selection.csv")));
        try (Stream<Path> s = Files.walk(out)) {
            assertEquals(files, s.filter(p -> !p.equals(out)).filter(Files::isRegularFile)
                    .map(p -> out.relativize(p).toString().replace('\\', '/')).sorted().toList());
        }
        try (Stream<Path> s = Files.list(out)) {
            assertEquals(List.of("137covid", "normal1", "selection.csv"),
                    s.map(p -> p.getFileName().toString()).sorted().toList(), "no hidden staging folder left");
        }
    }

    @Test
    void linkSharesTheKeptFilesWithTheSourceAndWritesTheSameSelection() throws IOException {
        Path src = tmp.resolve("src");
        Random rnd = new Random(9);
        series(src.resolve("137covid/patient1/SR_2"), new int[] {30, 3030, 2000, 2001}, rnd);
        series(src.resolve("normal1/patient2/SR_3"), new int[] {0, 10, 9, 0, 0}, rnd);
        Path copied = tmp.resolve("copied");
        Path linked = tmp.resolve("linked");
        assertEquals(0, CliRun.of("select", src.toString(), "--out", copied.toString(), "-q").exit());
        CliRun r = CliRun.of("select", src.toString(), "--out", linked.toString(), "--link");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("kept 4 of 9 slices in 2 series; hard-linked them"), r.out());
        assertEquals(Files.readAllLines(copied.resolve("selection.csv")), Files.readAllLines(linked.resolve("selection.csv")));
        List<String> copiedFiles;
        List<String> linkedFiles;
        try (Stream<Path> a = Files.walk(copied); Stream<Path> b = Files.walk(linked)) {
            copiedFiles = a.filter(Files::isRegularFile).map(p -> copied.relativize(p).toString()).sorted().toList();
            linkedFiles = b.filter(Files::isRegularFile).map(p -> linked.relativize(p).toString()).sorted().toList();
        }
        assertEquals(copiedFiles, linkedFiles);
        for (String f : linkedFiles) {
            if (!f.endsWith(".csv")) {
                assertTrue(Files.isSameFile(src.resolve(f), linked.resolve(f)), f + " is the source file itself");
                assertFalse(Files.isSameFile(src.resolve(f), copied.resolve(f)), f + " copied by default");
                assertEquals(2, Files.getAttribute(linked.resolve(f), "unix:nlink"), f);
            }
        }
        try (Stream<Path> s = Files.list(linked)) {
            assertEquals(List.of("137covid", "normal1", "selection.csv"),
                    s.map(p -> p.getFileName().toString()).sorted().toList(), "no hidden staging folder left");
        }
        CliRun both = CliRun.of("select", src.toString(), "--out", tmp.resolve("x").toString(), "--link", "--no-copy");
        assertEquals(2, both.exit());
        assertEquals("covidct: error: --link and --no-copy exclude each other; 'covidct help select' lists the options\n",
                both.err(), "a usage error in one line");
        assertFalse(Files.exists(tmp.resolve("x")));
    }

    @Test
    void aSeriesFolderGivenDirectlyIsNamedDot() throws IOException {
        Path src = tmp.resolve("SR_2");
        series(src, new int[] {100, 400}, new Random(1));
        Path out = tmp.resolve("o");
        assertEquals(0, CliRun.of("select", src.toString(), "--out", out.toString(), "-q").exit());
        assertEquals(List.of("series,file,dark_count,threshold,selected", ".,IM00001.tif,100,200.000,0",
                ".,IM00002.tif,400,200.000,1"), Files.readAllLines(out.resolve("selection.csv")));
    }

    /** 1-based positions in the sweep (CSV row order) of the slices a selection.csv marks selected. */
    private static List<Integer> keptPositions(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        List<Integer> kept = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).endsWith(",1")) {
                kept.add(i);
            }
        }
        return kept;
    }

    private static List<Integer> run(int first, int last) {
        return java.util.stream.IntStream.rangeClosed(first, last).boxed().toList();
    }

    @Test
    void lungAwareRuleRunsThroughTheSameCommand() throws IOException {
        // the real P001 sweep (148 slices): docs/SELECTION.md measured the lung-aware rule keeping one run,
        // positions 22..127, where the reference rule keeps 25..114
        Path src = shared().resolve("data/real/covid-ct-md/covid/P001");
        Path lung = tmp.resolve("lung");
        CliRun r = CliRun.of("select", src.toString(), "--out", lung.toString(), "--rule", "lung-aware", "--no-copy");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("lung-aware rule: kept 106 of 148 slices"), r.out());
        assertEquals(149, Files.readAllLines(lung.resolve("selection.csv")).size());
        assertEquals(run(22, 127), keptPositions(lung.resolve("selection.csv")));
        Path reference = tmp.resolve("reference");
        assertEquals(0, CliRun.of("select", src.toString(), "--out", reference.toString(), "--no-copy", "-q").exit());
        assertEquals(run(25, 114), keptPositions(reference.resolve("selection.csv")));
    }

    @Test
    void emptyFolderIsAOneLineErrorAndWritesNothing() throws IOException {
        Path src = Files.createDirectories(tmp.resolve("empty/sub"));
        Path out = tmp.resolve("out");
        CliRun r = CliRun.of("select", src.getParent().toString(), "--out", out.toString());
        assertEquals(2, r.exit());
        assertOneLine(r.err(), src.getParent().toString(), "no series folders");
        assertFalse(Files.exists(out));
    }

    @Test
    void aCorruptSliceAnywhereFailsBeforeAnythingIsWritten() throws IOException {
        Path src = tmp.resolve("src");
        Random rnd = new Random(4);
        series(src.resolve("a/SR_2"), new int[] {5, 500, 900}, rnd);
        series(src.resolve("b/SR_2"), new int[] {5, 500, 900}, rnd);
        Path bad = src.resolve("b/SR_2/IM00002.tif");
        byte[] bytes = Files.readAllBytes(bad);
        Files.write(bad, java.util.Arrays.copyOf(bytes, bytes.length / 3));
        Path out = tmp.resolve("out");
        CliRun r = CliRun.of("select", src.toString(), "--out", out.toString());
        assertEquals(2, r.exit());
        assertOneLine(r.err(), bad.toString(), "truncated");
        assertFalse(Files.exists(out), "no output at all");
    }

    @Test
    void anEightBitSliceIsRefused() throws IOException {
        Path src = tmp.resolve("SR_2");
        series(src, new int[] {5, 500}, new Random(2));
        Path eight = src.resolve("IM00003.tif");
        javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(512, 512, java.awt.image.BufferedImage.TYPE_BYTE_GRAY),
                "tiff", eight.toFile());
        CliRun r = CliRun.of("select", src.toString(), "--out", tmp.resolve("o").toString());
        assertEquals(2, r.exit());
        assertOneLine(r.err(), eight.toString(), "8-bit");
    }

    @Test
    void outputInsideTheSourceAndUnknownRulesAreRefused() throws IOException {
        Path src = tmp.resolve("SR_2");
        series(src, new int[] {5, 500}, new Random(2));
        CliRun inside = CliRun.of("select", src.toString(), "--out", src.resolve("selected").toString());
        assertEquals(2, inside.exit());
        assertOneLine(inside.err(), "selected", "must not be inside SRC");
        CliRun rule = CliRun.of("select", src.toString(), "--out", tmp.resolve("o").toString(), "--rule", "magic");
        assertEquals(2, rule.exit());
        assertOneLine(rule.err(), "magic", "unknown selection rule");
        CliRun missing = CliRun.of("select", tmp.resolve("nope").toString(), "--out", tmp.resolve("o").toString());
        assertEquals(2, missing.exit());
        assertOneLine(missing.err(), "nope", "no such folder");
    }

    static void assertOneLine(String err, String mustName, String problem) {
        assertTrue(err.startsWith("covidct: error: "), err);
        assertEquals(1, err.strip().lines().count(), err);
        assertTrue(err.contains(mustName) && err.contains(problem), err);
    }
}
