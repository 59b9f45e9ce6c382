package org.covidct.core.tiff;

import org.covidct.core.CovidctException;
import org.covidct.core.image.CtSlice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.Rectangle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a damaged TIFF slice must not get through as values (issue 14): select used to read rows 240..339
 * only, so truncated files, bad strip offsets, garbage strips elsewhere, a Predictor tag on data without
 * one and a declared 256x256 on 512x512 data were kept. Each damage below is refused by a whole read
 * (visualize, detect) and by the window count select makes, with one line naming the file.
 */
class TiffStrictnessTest {

    @TempDir
    Path tmp;

    /** select's window on a 512 x 512 slice. */
    static final TiffSlices.RegionChooser WINDOW = (w, h) -> new Rectangle(120 * w / 512, 240 * h / 512,
            250 * w / 512, 100 * h / 512);

    static Path real(String name) {
        return Path.of(System.getProperty("covidct.shared"), "data", "real", "covid-ctset-format", name);
    }

    /** OpenCV's layout: LZW, horizontal predictor, 64 strips of 8 rows, IFD after the strips. */
    private TiffPatch cv2() throws Exception {
        return new TiffPatch(Files.readAllBytes(real("P001_IM00075_cv2.tif")));
    }

    private Path write(String name, byte[] bytes) throws Exception {
        Path f = tmp.resolve(name + ".tif");
        Files.write(f, bytes);
        return f;
    }

    /** Refused whole and in select's window, the whole read's message containing {@code whole}. */
    private void refusedEverywhere(String name, byte[] bytes, String whole, String window) throws Exception {
        Path f = write(name, bytes);
        CovidctException a = assertThrows(CovidctException.class, () -> TiffSlices.read(f), name);
        assertTrue(a.getMessage().startsWith(f + ": "), a.getMessage());
        assertTrue(a.getMessage().contains(whole), name + ": " + a.getMessage());
        assertFalse(a.getMessage().contains("\n"));
        CovidctException b = assertThrows(CovidctException.class, () -> TiffSlices.countBelow(f, WINDOW, 300), name);
        assertTrue(b.getMessage().startsWith(f + ": "), b.getMessage());
        assertTrue(b.getMessage().contains(window), name + " window: " + b.getMessage());
    }

    @Test
    void theUndamagedSlicesReadWholeAndInTheWindow() throws Exception {
        for (String n : new String[] {"P001_IM00001_cv2.tif", "P001_IM00040_cv2.tif", "P001_IM00075_cv2.tif",
                "P001_IM00110_tifffile-zlib.tif", "P001_IM00148_pil.tif"}) {
            CtSlice whole = TiffSlices.read(real(n));
            int below = 0;
            for (int y = 240; y < 340; y++) {
                for (int x = 120; x < 370; x++) {
                    below += (whole.values()[y * 512 + x] & 0xFFFF) < 300 ? 1 : 0;
                }
            }
            assertEquals(below, TiffSlices.countBelow(real(n), WINDOW, 300), n);
        }
    }

    @Test
    void aPredictorTagRemovedOrAddedIsRefused() throws Exception {
        refusedEverywhere("predictor-removed", cv2().set(317, 1).bytes, "not CT values", "not CT values");

        // the same slice as LZW without predictor (literal codes, 8-row strips), then the tag set to 2
        CtSlice s = TiffSlices.read(real("P001_IM00075_cv2.tif"));
        Path plain = tmp.resolve("plain.tif");
        TestTiffs.strips(8, 5, 1).write(plain, 512, 512, s.values());
        assertArrayEquals(s.values(), TiffSlices.read(plain).values());
        byte[] tagged = new TiffPatch(Files.readAllBytes(plain)).set(317, 2).bytes;
        refusedEverywhere("predictor-added", tagged, "Predictor 2 does not fit the data", "Predictor 2 does not fit");
    }

    @Test
    void aPredictorTagOnUncompressedDataIsIgnoredAsLibtiffDoes() throws Exception {
        byte[] pil = Files.readAllBytes(real("P001_IM00148_pil.tif"));
        // Pillow's file has no Predictor entry: patch Compression's entry into one (tag 317, value 2)
        TiffPatch p = new TiffPatch(pil);
        int e = p.entry(284); // PlanarConfiguration 1 is the default: reuse its entry
        p.bytes[e] = (byte) (317 & 0xFF);
        p.bytes[e + 1] = (byte) (317 >> 8);
        p.set(317, 2);
        Path f = write("raw-predictor", p.bytes);
        assertArrayEquals(TiffSlices.read(real("P001_IM00148_pil.tif")).values(), TiffSlices.read(f).values());
    }

    @Test
    void aSizeThatDoesNotMatchTheDataIsRefused() throws Exception {
        refusedEverywhere("256x256", cv2().set(256, 256).set(257, 256).bytes, "64 strips where ImageWidth 256,"
                + " ImageLength 256 and RowsPerStrip 8 make 32", "64 strips");
        refusedEverywhere("width-256", cv2().set(256, 256).bytes, "more than its 4096 bytes",
                "more than its 4096 bytes");
        refusedEverywhere("height-511", cv2().set(257, 511).bytes, "LZW strip 63 decodes to more than its 7168 bytes",
                "LZW strip 63 decodes to more than its 7168 bytes");
        refusedEverywhere("rows-per-strip-16", cv2().set(278, 16).bytes, "64 strips where", "64 strips where");
    }

    @Test
    void offsetsAndByteCountsThatMoveAStripAreRefused() throws Exception {
        TiffPatch p = cv2();
        refusedEverywhere("offset+2", cv2().element(273, 5, p.offset(5) + 2).bytes, "strip 5", "strip 5");
        refusedEverywhere("offset-2", cv2().element(273, 5, p.offset(5) - 2).bytes, "overlaps", "overlaps");
        refusedEverywhere("offset-beyond", cv2().element(273, 63, p.bytes.length).bytes, "truncated TIFF: strip 63",
                "truncated TIFF: strip 63");
        refusedEverywhere("count+10", cv2().element(279, 50, p.byteCount(50) + 10).bytes, "overlaps", "overlaps");
        refusedEverywhere("count-10", cv2().element(279, 50, p.byteCount(50) - 10).bytes, "strip 50",
                "corrupt LZW data in strip 50");
        refusedEverywhere("count-10-in-window", cv2().element(279, 35, p.byteCount(35) - 10).bytes, "strip 35",
                "strip 35");
        byte[] cut = Arrays.copyOf(p.bytes, p.bytes.length * 2 / 3);
        refusedEverywhere("truncated", cut, "truncated", "truncated");
    }

    @Test
    void garbageStripsOutsideTheWindowAreRefused() throws Exception {
        Random r = new Random(14);
        for (int strip : new int[] {0, 10, 50, 62}) {
            TiffPatch p = cv2();
            int off = (int) p.offset(strip);
            int len = (int) p.byteCount(strip);
            byte[] junk = new byte[len];
            r.nextBytes(junk);
            System.arraycopy(junk, 0, p.bytes, off, len);
            refusedEverywhere("garbage" + strip, p.bytes, "strip " + strip, "strip " + strip);
        }
        // tifffile's Deflate layout: 8 strips of 64 rows; strip 0 lies outside the window (rows 240..339)
        TiffPatch z = new TiffPatch(Files.readAllBytes(real("P001_IM00110_tifffile-zlib.tif")));
        int off = (int) z.offset(0);
        Arrays.fill(z.bytes, off, off + 2, (byte) 0x55);
        // a Deflate stream shows it is whole only at its end: select inflates such slices whole
        refusedEverywhere("deflate-garbage", z.bytes, "corrupt Deflate data in strip 0", "corrupt Deflate data in strip 0");
        TiffPatch shortDeflate = new TiffPatch(Files.readAllBytes(real("P001_IM00110_tifffile-zlib.tif")));
        shortDeflate.element(279, 0, shortDeflate.byteCount(0) - 20);
        refusedEverywhere("deflate-short", shortDeflate.bytes, "Deflate strip 0 decodes to", "Deflate strip 0 decodes to");
    }

    @Test
    void aValidButShorterStripWhereAWholeOneWasIsDecodedAndRefused() throws Exception {
        // strip 50 replaced by a valid LZW stream of 4 rows instead of 8, written at the same offset with its
        // own (shorter) byte count: it opens with Clear and ends with EOI, so only its decoded length tells;
        // the gap it leaves before strip 51 gets it decoded by the window read too
        TiffPatch p = cv2();
        byte[] rows = new byte[4 * 1024];
        Arrays.fill(rows, (byte) 3);
        byte[] lzw = TestTiffs.literalLzw(rows);
        assertTrue(lzw.length < p.byteCount(50));
        System.arraycopy(lzw, 0, p.bytes, (int) p.offset(50), lzw.length);
        p.element(279, 50, lzw.length);
        refusedEverywhere("short-strip", p.bytes, "truncated TIFF: LZW strip 50 decodes to 4096 of 8192 bytes",
                "truncated TIFF: LZW strip 50 decodes to 4096 of 8192 bytes");
    }

    @Test
    void otherCodecsAndPredictorsAreRefused() throws Exception {
        refusedEverywhere("packbits", cv2().set(259, 32773).bytes, "TIFF Compression 32773 is not supported",
                "Compression 32773");
        refusedEverywhere("jpeg", cv2().set(259, 7).bytes, "TIFF Compression 7", "Compression 7");
        refusedEverywhere("predictor-3", cv2().set(317, 3).bytes, "TIFF Predictor 3 is not valid", "Predictor 3");
    }

    @Test
    void uncompressedStripsMustHoldExactlyTheirRows() throws Exception {
        // Pillow: one uncompressed strip of 524,288 bytes
        refusedEverywhere("pil-width-510", new TiffPatch(Files.readAllBytes(real("P001_IM00148_pil.tif")))
                .set(256, 510).bytes, "uncompressed strip 0 holds 524288 bytes, its 512 rows of 510 pixels need"
                + " 522240", "uncompressed strip 0");
        // the last strip may be padded to whole RowsPerStrip rows (some writers do)
        short[] v = new short[16 * 10];
        for (int i = 0; i < v.length; i++) {
            v[i] = (short) (1000 + (i * 7919) % 500);
        }
        Path f = tmp.resolve("padded.tif");
        TestTiffs.strips(4, 1, 1).write(f, 16, 12, Arrays.copyOf(v, 16 * 12)); // 3 strips of 4 rows
        TiffPatch p = new TiffPatch(Files.readAllBytes(f)).set(257, 10); // 3 strips, the last holds 2 rows of 4
        short[] got = TiffSlices.read(write("padded10", p.bytes)).values();
        assertArrayEquals(Arrays.copyOf(Arrays.copyOf(v, 16 * 12), 160), got);
    }

    @Test
    void lzwStripsEndWithTheEndCodeAndNothingElse() throws Exception {
        // codes 9 to 12 bits wide, then 0 to 7 zero bits of padding
        for (int width = 9; width <= 12; width++) {
            for (int pad = 0; pad < 8; pad++) {
                long bits = 257L << pad;
                int total = width + pad + 8; // one byte of other data in front
                int bytes = (total + 7) / 8;
                long all = (0xA5L << (width + pad)) | bits;
                all <<= bytes * 8 - total;
                byte[] b = new byte[bytes];
                for (int i = 0; i < bytes; i++) {
                    b[i] = (byte) (all >>> (8 * (bytes - 1 - i)));
                }
                boolean aligned = (bytes * 8 - total) == 0;
                if (aligned) {
                    assertTrue(StripDecoder.endsWithEoi(b, 0, b.length), width + "/" + pad);
                }
            }
        }
        assertTrue(StripDecoder.endsWithEoi(new byte[] {(byte) 0x80, (byte) 0x80}, 0, 2), "257 then 7 zero bits");
        assertFalse(StripDecoder.endsWithEoi(new byte[] {(byte) 0x80, (byte) 0x81}, 0, 2), "padding bits are zero");
        assertFalse(StripDecoder.endsWithEoi(new byte[] {(byte) 0x80, (byte) 0x00}, 0, 2), "256 is Clear, not EOI");
        assertFalse(StripDecoder.endsWithEoi(new byte[] {0x10}, 0, 1), "too short for a code");
        assertTrue(StripDecoder.endsWithEoi(new byte[] {0, 0, 0, 0x10, 0x10}, 3, 2), "offset respected: 257 at 12 bits");
    }

    @Test
    void sharedBlocksAreAllowedAndOverlapsNamed() {
        Path f = Path.of("x.tif");
        java.util.List<long[]> used = new java.util.ArrayList<>();
        used.add(new long[] {0, 8, -1});
        // two strips with the same bytes (a writer's shared block): allowed
        TiffDirectory.checkBlockRanges(f, new long[] {8, 8, 20}, new long[] {12, 12, 5}, 100, used, "strip");
        CovidctException e = assertThrows(CovidctException.class, () ->
                TiffDirectory.checkBlockRanges(f, new long[] {8, 19, 30}, new long[] {12, 5, 5}, 100, used, "strip"));
        assertEquals("x.tif: corrupt TIFF: strip 1 (bytes 19..24) overlaps strip 0 (bytes 8..20)", e.getMessage());
        CovidctException header = assertThrows(CovidctException.class, () ->
                TiffDirectory.checkBlockRanges(f, new long[] {6}, new long[] {10}, 100, used, "strip"));
        assertTrue(header.getMessage().contains("overlaps the header, the directory or a value array"),
                header.getMessage());
        // a block inside a bigger one that reaches further is found even when not adjacent in order
        CovidctException inner = assertThrows(CovidctException.class, () ->
                TiffDirectory.checkBlockRanges(f, new long[] {10, 12, 30}, new long[] {40, 4, 2}, 100, used, "strip"));
        assertTrue(inner.getMessage().contains("strip 1 (bytes 12..16) overlaps strip 0"), inner.getMessage());
        CovidctException beyond = assertThrows(CovidctException.class, () ->
                TiffDirectory.checkBlockRanges(f, new long[] {90}, new long[] {11}, 100, used, "strip"));
        assertEquals("x.tif: truncated TIFF: strip 0 needs bytes 90..101 of a 100-byte file", beyond.getMessage());
        // touching is not overlapping; empty blocks are ignored
        TiffDirectory.checkBlockRanges(f, new long[] {8, 20, 0}, new long[] {12, 80, 0}, 100, used, "strip");
    }
}
