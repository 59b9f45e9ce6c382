package org.covidct.core.tiff;

import org.covidct.core.CovidctException;
import org.covidct.core.image.CtSlice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.awt.Rectangle;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class TiffSlicesTest {

    @TempDir
    Path tmp;

    static Path shared() {
        String s = System.getProperty("covidct.shared");
        assertTrue(s != null && Files.isDirectory(Path.of(s)), "system property covidct.shared must name the shared "
                + "data folder (surefire sets it); got " + s);
        return Path.of(s);
    }

    static Path realFormatDir() {
        return shared().resolve("data/real/covid-ctset-format");
    }

    /** file name to sha256, read from EXPECTED.md (written by pydicom + GDCM, not by us). */
    static Map<String, String> expectedHashes() throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : Files.readAllLines(realFormatDir().resolve("EXPECTED.md"))) {
            String[] c = line.split("\\|");
            if (c.length > 4 && c[1].trim().endsWith(".tif")) {
                m.put(c[1].trim(), c[4].trim());
            }
        }
        assertEquals(5, m.size(), "EXPECTED.md lists five slices");
        return m;
    }

    static Path fixture(String name) {
        try {
            return Path.of(TiffSlicesTest.class.getResource("/tiff/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void realSlicesFromOpenCvTifffileAndPillowDecodeToTheListedHashes() throws IOException {
        for (var e : expectedHashes().entrySet()) {
            Path f = realFormatDir().resolve(e.getKey());
            CtSlice s = TiffSlices.read(f);
            assertEquals(512, s.width());
            assertEquals(512, s.height());
            assertEquals(e.getValue(), s.sha256(), e.getKey());
            assertEquals(e.getValue(), TiffSlices.readWithImageIo(f, null).sha256(), "TwelveMonkeys: " + e.getKey());
        }
    }

    @Test
    void tinyFixturesFromIndependentWritersDecodeExactly() throws IOException {
        String expected = Files.readAllLines(fixture("fixtures.sha256")).get(0).split(" ")[0];
        for (String name : List.of("cv2_lzw_37x23.tif", "cv2_deflate_37x23.tif", "cv2_none_37x23.tif",
                "pil_none_37x23.tif", "pil_lzw_37x23.tif", "pil_deflate_37x23.tif")) {
            CtSlice s = TiffSlices.read(fixture(name));
            assertEquals(37, s.width(), name);
            assertEquals(23, s.height(), name);
            assertEquals(expected, s.sha256(), name);
            assertEquals(expected, TiffSlices.readWithImageIo(fixture(name), null).sha256(), name);
        }
    }

    @ParameterizedTest
    @EnumSource(TiffSlices.Compression.class)
    void roundTripIsExact(TiffSlices.Compression c) {
        CtSlice real = TiffSlices.read(realFormatDir().resolve("P001_IM00040_cv2.tif"));
        CtSlice extremes = randomSlice(61, 45, new Random(3));
        // long runs: LZW strings of hundreds of bytes and codes defined by their own use (KwKwK)
        short[] flat = new short[300 * 200];
        java.util.Arrays.fill(flat, 0, 30000, (short) 1024);
        for (int i = 30000; i < flat.length; i++) {
            flat[i] = (short) (i / 700);
        }
        CtSlice runs = new CtSlice(300, 200, flat, "runs");
        for (CtSlice s : List.of(real, extremes, runs)) {
            Path f = tmp.resolve("rt-" + c + "-" + s.width() + ".tif");
            TiffSlices.write(f, s, c);
            assertArrayEquals(s.values(), TiffSlices.read(f).values());
            assertArrayEquals(s.values(), TiffSlices.readWithImageIo(f, null).values());
        }
    }

    @Test
    void everyStripAndTileLayoutDecodesIdentically() throws IOException {
        Random rnd = new Random(11);
        int w = 45;
        int h = 37;
        CtSlice s = randomSlice(w, h, rnd);
        List<TestTiffs> layouts = new ArrayList<>();
        for (int comp : new int[] {1, 5, 8}) {
            for (int pred : comp == 1 ? new int[] {1} : new int[] {1, 2}) {
                for (int rps : new int[] {0, 1, 8, 10}) {
                    layouts.add(TestTiffs.strips(rps, comp, pred));
                    layouts.add(TestTiffs.strips(rps, comp, pred).bigEndian());
                }
                layouts.add(TestTiffs.tiles(16, 16, comp, pred));
                layouts.add(TestTiffs.tiles(32, 16, comp, pred).bigEndian());
            }
        }
        // a Predictor tag on uncompressed data is ignored (libtiff, TwelveMonkeys): values stay as stored
        TestTiffs predictorOnRaw = TestTiffs.strips(8, 1, 1);
        Path raw = tmp.resolve("raw-with-predictor-tag.tif");
        predictorOnRaw.write(raw, w, h, s.values());
        byte[] bytes = Files.readAllBytes(raw);
        patchPredictorTag(bytes);
        Files.write(raw, bytes);
        assertArrayEquals(s.values(), TiffSlices.read(raw).values());
        assertArrayEquals(s.values(), TiffSlices.readWithImageIo(raw, null).values());
        int i = 0;
        for (TestTiffs t : layouts) {
            Path f = tmp.resolve("layout" + i++ + ".tif");
            t.write(f, w, h, s.values());
            String what = "layout comp=" + t.compression + " pred=" + t.predictor + " rps=" + t.rowsPerStrip
                    + " tile=" + t.tileWidth + " le=" + t.littleEndian;
            assertArrayEquals(s.values(), TiffSlices.read(f).values(), what);
            Rectangle r = new Rectangle(7, 9, 20, 13);
            assertArrayEquals(crop(s, r), TiffSlices.readRegion(f, r).values(), what + " region");
            for (int below : new int[] {0, 300, 20000, 40000, 65536}) {
                assertEquals(countBelow(crop(s, r), below), TiffSlices.countBelow(f, (iw, ih) -> r, below),
                        what + " count below " + below);
            }
        }
    }

    /** The oracle of {@link TiffSlices#countBelow}: a plain count over decoded values. */
    private static int countBelow(short[] values, int below) {
        int n = 0;
        for (short v : values) {
            if ((v & 0xFFFF) < below) {
                n++;
            }
        }
        return n;
    }

    @Test
    void regionReadsEqualCropsOfTheWholeSlice() {
        Random rnd = new Random(5);
        for (String name : List.of("P001_IM00075_cv2.tif", "P001_IM00110_tifffile-zlib.tif", "P001_IM00148_pil.tif")) {
            Path f = realFormatDir().resolve(name);
            CtSlice whole = TiffSlices.read(f);
            List<Rectangle> regions = new ArrayList<>(List.of(new Rectangle(120, 240, 250, 100),
                    new Rectangle(0, 0, 512, 1), new Rectangle(511, 511, 1, 1), new Rectangle(0, 504, 512, 8)));
            for (int k = 0; k < 5; k++) {
                int x = rnd.nextInt(512);
                int y = rnd.nextInt(512);
                regions.add(new Rectangle(x, y, 1 + rnd.nextInt(512 - x), 1 + rnd.nextInt(512 - y)));
            }
            for (Rectangle r : regions) {
                CtSlice part = TiffSlices.readRegion(f, r);
                assertEquals(r.width, part.width());
                assertArrayEquals(crop(whole, r), part.values(), name + " " + r);
                assertArrayEquals(part.values(), TiffSlices.readWithImageIo(f, r).values(), name + " " + r);
                for (int below : new int[] {300, 1024, 1500}) {
                    int expected = countBelow(part.values(), below);
                    assertEquals(expected, TiffSlices.countBelow(f, (iw, ih) -> r, below), name + " " + r + " < " + below);
                }
            }
        }
    }

    @Test
    void regionOutsideTheSliceIsAOneLineError() {
        Path f = realFormatDir().resolve("P001_IM00001_cv2.tif");
        CovidctException e = assertThrows(CovidctException.class,
                () -> TiffSlices.readRegion(f, new Rectangle(400, 240, 250, 100)));
        assertTrue(e.getMessage().contains("P001_IM00001_cv2.tif") && e.getMessage().contains("512x512"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"bad_8bit.tif:8-bit", "bad_8bit_pil.tif:8-bit", "bad_rgb8.tif:RGB", "bad_rgb16.tif:RGB",
            "bad_float32.tif:floating-point"})
    void refusesWhatIsNotA16BitGraySlice(String spec) {
        String[] p = spec.split(":");
        assertOneLineError(fixture(p[0]), p[1]);
    }

    @Test
    void refusesTwoChannelAndSignedSamples() throws IOException {
        short[] v = new short[16 * 8 * 2];
        TestTiffs two = TestTiffs.strips(0, 1, 1);
        two.samplesPerPixel = 2;
        Path f2 = tmp.resolve("two.tif");
        two.write(f2, 16, 8, v);
        assertOneLineError(f2, "2-channel");
        TestTiffs signed = TestTiffs.strips(0, 1, 1);
        signed.sampleFormat = 2;
        Path fs = tmp.resolve("signed.tif");
        signed.write(fs, 16, 8, new short[16 * 8]);
        assertOneLineError(fs, "signed");
    }

    @Test
    void truncatedFilesAreOneLineErrors() throws IOException {
        for (String name : List.of("P001_IM00075_cv2.tif", "P001_IM00110_tifffile-zlib.tif", "P001_IM00148_pil.tif")) {
            byte[] all = Files.readAllBytes(realFormatDir().resolve(name));
            for (int keep : new int[] {0, 3, 7, 100, all.length / 2, all.length - 200}) {
                Path f = tmp.resolve("cut" + keep + "-" + name);
                Files.write(f, java.util.Arrays.copyOf(all, keep));
                assertOneLineError(f, null);
            }
        }
        // a strip cut in the middle of the data, directory intact: the strips point past the end
        byte[] all = Files.readAllBytes(realFormatDir().resolve("P001_IM00148_pil.tif"));
        Path f = tmp.resolve("pil-cut.tif");
        Files.write(f, java.util.Arrays.copyOf(all, all.length - 1000));
        assertOneLineError(f, "truncated");
    }

    @Test
    void notATiffAndMissingFilesAreOneLineErrors() throws IOException {
        Path txt = tmp.resolve("notes.tif");
        Files.writeString(txt, "this is not an image\n");
        assertOneLineError(txt, "not a TIFF");
        assertOneLineError(tmp.resolve("missing.tif"), "no such file");
        Path png = realFormatDir().resolve("../covid-ctset-png/137covid_patient3_SR_2_IM00030.png");
        assertOneLineError(png, "not a TIFF");
    }

    @Test
    void corruptedBytesNeverEscapeAsAnythingButAOneLineError() throws IOException {
        byte[] orig = Files.readAllBytes(realFormatDir().resolve("P001_IM00075_cv2.tif"));
        byte[] deflate = Files.readAllBytes(realFormatDir().resolve("P001_IM00110_tifffile-zlib.tif"));
        Random rnd = new Random(42);
        int errors = 0;
        for (int k = 0; k < 120; k++) {
            byte[] src = k % 2 == 0 ? orig : deflate;
            byte[] b = src.clone();
            int flips = 1 + rnd.nextInt(20);
            for (int j = 0; j < flips; j++) {
                // half the flips in the strips covering the selection window, half anywhere
                int at = j % 2 == 0 ? rnd.nextInt(b.length) : b.length / 2 + rnd.nextInt(b.length / 8);
                b[at] = (byte) rnd.nextInt(256);
            }
            Path f = tmp.resolve("fuzz" + k + ".tif");
            Files.write(f, b);
            try {
                TiffSlices.read(f);
                TiffSlices.readRegion(f, new Rectangle(120, 240, 250, 100));
            } catch (CovidctException e) {
                errors++;
                assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
                assertFalse(e.getMessage().contains("\n"), e.getMessage());
            } catch (RuntimeException | OutOfMemoryError e) {
                fail("corrupt file " + k + " escaped as " + e, e);
            }
        }
        assertTrue(errors > 30, "most corruptions are detected, got " + errors);
    }

    @Test
    void sizeReadsOnlyTheDirectory() {
        int[] wh = TiffSlices.size(realFormatDir().resolve("P001_IM00001_cv2.tif"));
        assertArrayEquals(new int[] {512, 512}, wh);
    }

    @Test
    void writeReplacesAtomicallyAndLeavesNoTemporaryFiles() throws IOException {
        CtSlice s = randomSlice(20, 10, new Random(1));
        Path f = tmp.resolve("out/slice.tif");
        TiffSlices.write(f, s, TiffSlices.Compression.LZW);
        TiffSlices.write(f, s, TiffSlices.Compression.DEFLATE);
        try (var l = Files.list(f.getParent())) {
            assertEquals(List.of(f), l.toList());
        }
    }

    /** Sets the value of tag 317 (Predictor, SHORT, little-endian file) to 2 in place. */
    private static void patchPredictorTag(byte[] b) {
        java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int ifd = bb.getInt(4);
        int n = bb.getShort(ifd) & 0xFFFF;
        for (int k = 0; k < n; k++) {
            int p = ifd + 2 + 12 * k;
            if ((bb.getShort(p) & 0xFFFF) == 317) {
                bb.putShort(p + 8, (short) 2);
                return;
            }
        }
        fail("no predictor tag");
    }

    static void assertOneLineError(Path f, String fragment) {
        CovidctException e = assertThrows(CovidctException.class, () -> TiffSlices.read(f), f.toString());
        String m = e.getMessage();
        assertTrue(m.startsWith(f.toString() + ": "), m);
        assertFalse(m.contains("\n"), m);
        if (fragment != null) {
            assertTrue(m.contains(fragment), "expected '" + fragment + "' in: " + m);
        }
    }

    static CtSlice randomSlice(int w, int h, Random rnd) {
        short[] v = new short[w * h];
        for (int i = 0; i < v.length; i++) {
            v[i] = (short) rnd.nextInt(65536);
        }
        v[0] = 0;
        v[1] = (short) 0xFFFF;
        return new CtSlice(w, h, v, "random");
    }

    static short[] crop(CtSlice s, Rectangle r) {
        short[] out = new short[r.width * r.height];
        for (int y = 0; y < r.height; y++) {
            System.arraycopy(s.values(), (r.y + y) * s.width() + r.x, out, y * r.width, r.width);
        }
        return out;
    }
}
