package org.covidct.core.dicom;

import org.covidct.core.CovidctException;
import org.covidct.core.image.CtSlice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * 1,200 seeded mutations of the real files (bit flips, corrupted lengths, truncations, deletions,
 * insertions; in the header and in the pixel data; native, JPEG Lossless and RLE) each either decode or
 * fail with a one-line {@link CovidctException} naming the file, within a time bound, and never with
 * another exception, a stack overflow or an out-of-memory error.
 */
class DicomRobustnessTest {

    private static final long SEED = 20260527L;
    private static final int VARIANTS_PER_SOURCE = 200;

    @TempDir
    Path tmp;

    @Test
    void mutatedAndTruncatedFilesAreReadOrRejectedWithOneLine() throws Exception {
        Path real = RealData.dir();
        List<byte[]> sources = new ArrayList<>();
        sources.add(Files.readAllBytes(real.resolve("pydicom/CT_small.dcm")));
        sources.add(Files.readAllBytes(real.resolve("ny-sbu/A098752_axial_19001231-32.dcm")));
        sources.add(Files.readAllBytes(real.resolve("covid-ct-md/covid/P001/98C14734-ASSH_84.dcm")));
        sources.add(Files.readAllBytes(real.resolve("covid-ct-md/normal/normal001/99C628-ASAD_1.dcm")));
        // RLE and big endian variants of a real image, written by the test writer
        DicomImage small = DicomFile.read(real.resolve("pydicom/CT_small.dcm"));
        int[] cells = small.stored().clone();
        for (int i = 0; i < cells.length; i++) {
            cells[i] &= 0xFFFF;
        }
        DicomWriter.DataSet ds = DicomFormatsTest.dataSet(16, 16, 15, true).us(Tag.ROWS, 128).us(Tag.COLUMNS, 128);
        sources.add(DicomWriter.builder().setTransferSyntax(TransferSyntax.RLE_LOSSLESS).optFragments(2).build()
                .encode(ds, cells));
        sources.add(DicomWriter.builder().setTransferSyntax(TransferSyntax.EXPLICIT_VR_BIG_ENDIAN)
                .optUndefinedLengthSequences(true).build().encode(ds, cells));

        java.util.Map<String, Integer> kinds = new java.util.TreeMap<>();
        Random r = new Random(SEED);
        int read = 0;
        int rejected = 0;
        for (int s = 0; s < sources.size(); s++) {
            byte[] original = sources.get(s);
            int headerEnd = pixelDataOffset(original);
            for (int v = 0; v < VARIANTS_PER_SOURCE; v++) {
                byte[] mutated = mutate(original, headerEnd, r);
                Path f = tmp.resolve("v" + s + "_" + v + ".dcm");
                Files.write(f, mutated);
                String outcome = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> attempt(f),
                        "source " + s + " variant " + v + " took too long");
                if (outcome == null) {
                    read++;
                } else {
                    rejected++;
                    kinds.merge(outcome.substring(f.toString().length()).replaceAll("[0-9]+", "N"), 1, Integer::sum);
                    assertTrue(outcome.startsWith(f.toString() + ": "), outcome);
                    assertTrue(outcome.chars().allMatch(c -> c >= 0x20 && c < 0x7F),
                            "one printable line: " + outcome);
                }
                Files.delete(f);
            }
        }
        int total = sources.size() * VARIANTS_PER_SOURCE;
        System.out.println("robustness: " + read + " read, " + rejected + " rejected of " + total);
        System.out.println("robustness: " + kinds.size() + " distinct kinds of rejection");
        assertTrue(total >= 1000);
        // the mutations must actually hurt: a test where everything still decodes proves nothing
        assertTrue(rejected > total / 4, "only " + rejected + " of " + total + " variants were rejected");
        assertTrue(read > total / 20, "only " + read + " of " + total + " variants were read");
    }

    /**
     * Null when the file was read, else the error message; anything but CovidctException fails. When the
     * whole image reads, its 2 x 2 corner read alone (the row-band path) must give the same values, or be
     * refused only because the image is smaller than 2 x 2; its refusals are one line naming the file too.
     */
    private static String attempt(Path f) {
        try {
            boolean regionTried = false;
            CtSlice corner = null;
            String cornerError = null;
            if (DicomFile.looksLikeDicom(f)) {
                DicomFile.readHeader(f);
                regionTried = true;
                try {
                    corner = DicomFile.readRegion(f, new java.awt.Rectangle(0, 0, 2, 2), "x");
                } catch (CovidctException e) {
                    cornerError = e.getMessage();
                    assertTrue(cornerError.startsWith(f + ": ") && cornerError.chars().allMatch(c -> c >= 0x20 && c < 0x7F),
                            "one printable line naming the file: " + cornerError);
                }
            }
            CtSlice whole = DicomFile.read(f).toCovidCt("x").slice();
            if (regionTried) {
                if (whole.width() >= 2 && whole.height() >= 2) {
                    assertNull(cornerError, f + ": the image reads whole but its 2x2 corner is refused");
                    assertArrayEquals(new short[] {whole.values()[0], whole.values()[1], whole.values()[whole.width()],
                            whole.values()[whole.width() + 1]}, corner.values(), f + ": the corner read differs");
                } else {
                    assertNotNull(cornerError, f + ": a 2x2 corner of a " + whole.width() + "x" + whole.height() + " image");
                }
            }
            return null;
        } catch (CovidctException e) {
            return e.getMessage();
        } catch (Throwable t) {
            fail(f + " failed with " + t, t);
            return null;
        }
    }

    private static int pixelDataOffset(byte[] b) {
        for (int i = 132; i + 4 <= b.length; i++) {
            if ((b[i] & 0xFF) == 0xE0 && (b[i + 1] & 0xFF) == 0x7F && b[i + 2] == 0x10 && b[i + 3] == 0) {
                return i; // little endian (7FE0,0010)
            }
            if ((b[i] & 0xFF) == 0x7F && (b[i + 1] & 0xFF) == 0xE0 && b[i + 2] == 0 && b[i + 3] == 0x10) {
                return i; // big endian
            }
        }
        return b.length;
    }

    static byte[] mutate(byte[] src, int headerEnd, Random r) {
        byte[] b = src.clone();
        int kind = r.nextInt(8);
        int inHeader = Math.max(1, headerEnd);
        switch (kind) {
            case 0 -> { // a few random bytes in the header
                for (int i = 0, n = 1 + r.nextInt(6); i < n; i++) {
                    b[r.nextInt(inHeader)] = (byte) r.nextInt(256);
                }
            }
            case 1 -> { // a corrupted 16- or 32-bit length-like field in the header
                int at = r.nextInt(Math.max(1, inHeader - 4));
                int[] evil = {0xFF, 0x7F, 0x00, 0x80};
                for (int i = 0; i < 4; i++) {
                    b[at + i] = (byte) evil[r.nextInt(evil.length)];
                }
            }
            case 2 -> { // truncated anywhere
                b = Arrays.copyOf(b, r.nextInt(b.length));
            }
            case 3 -> { // truncated inside the header
                b = Arrays.copyOf(b, r.nextInt(inHeader));
            }
            case 4 -> { // bytes flipped in the pixel data (compressed streams must fail cleanly)
                for (int i = 0, n = 1 + r.nextInt(20); i < n && headerEnd < b.length; i++) {
                    int at = headerEnd + r.nextInt(b.length - headerEnd);
                    b[at] ^= (byte) (1 << r.nextInt(8));
                }
            }
            case 5 -> { // a run of bytes deleted
                int at = r.nextInt(b.length);
                int len = 1 + r.nextInt(Math.min(64, b.length - at));
                byte[] out = new byte[b.length - len];
                System.arraycopy(b, 0, out, 0, at);
                System.arraycopy(b, at + len, out, at, b.length - at - len);
                b = out;
            }
            case 6 -> { // random bytes inserted
                int at = r.nextInt(b.length);
                byte[] ins = new byte[1 + r.nextInt(16)];
                r.nextBytes(ins);
                byte[] out = new byte[b.length + ins.length];
                System.arraycopy(b, 0, out, 0, at);
                System.arraycopy(ins, 0, out, at, ins.length);
                System.arraycopy(b, at, out, at + ins.length, b.length - at);
                b = out;
            }
            default -> { // the image attributes (rows, columns, bits) get extreme values
                String[] keys = {"\u0028\u0000\u0010\u0000", "\u0028\u0000\u0011\u0000", "\u0028\u0000\u0000\u0001",
                        "\u0028\u0000\u0001\u0001", "\u0028\u0000\u0002\u0001", "\u0028\u0000\u0003\u0001"};
                String s = new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
                int at = s.indexOf(keys[r.nextInt(keys.length)]);
                if (at >= 0 && at + 10 <= b.length) {
                    int v = new int[] {0, 1, 0xFFFF, 0x8000, 33, 17, 4097}[r.nextInt(7)];
                    b[at + 8] = (byte) v;
                    b[at + 9] = (byte) (v >> 8);
                } else {
                    b[r.nextInt(inHeader)] ^= 0x40;
                }
            }
        }
        return b;
    }
}
