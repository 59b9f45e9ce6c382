package org.covidct.app;

import org.covidct.core.dicom.DicomWriter;
import org.covidct.core.dicom.Tag;
import org.covidct.core.dicom.TransferSyntax;
import org.covidct.core.image.CtSlice;
import org.covidct.core.tiff.TiffSlices;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A seeded fuzz run of issue 14: mutants of DICOM files (real: CT_small, a COVID-CT-MD JPEG Lossless
 * slice, a JPEG 2000 file; written here: implicit VR, big endian, RLE, deflated) and of TIFF slices (the
 * real OpenCV LZW, tifffile Deflate and Pillow uncompressed slices, a small LZW one) go through
 * {@code convert} (DICOM), {@code select} and {@code visualize} in this JVM. For every mutant and command:
 * the exit status is 0 or 2, no exception escapes (no stack trace), a refusal is one line and leaves no
 * output, and an accepted mutant gives exactly the unmutated file's values (TIFFs, float TIFF, dark count).
 * A mutant select accepts must also decode whole (visualize accepts it): select vouches for what it keeps.
 *
 * <p>The mutations are those that a reader can refuse: invalid values of the attributes and fields that
 * shape the values, broken lengths, VRs, tags, offsets and byte counts, truncation, garbage in place of
 * compressed strips. Changes no format can detect are not generated: a changed byte inside uncompressed
 * or RLE pixel data (no checksum), a valid but different value (an intercept of -1000 for -1024), strips
 * swapped. The counts are printed ("fuzz: ...").
 */
class InputFuzzTest {

    private static final long SEED = 1414;
    private static final int DICOM_MUTANTS_PER_BASE = 45;
    private static final int TIFF_MUTANTS_PER_BASE = 60;

    @TempDir
    Path tmp;

    /** One base file: its bytes, kind, and (for DICOM written here) how to write a header mutant. */
    record Base(String name, byte[] bytes, boolean dicom, boolean explicitLe, DicomWriter writer,
                DicomWriter.DataSet dataSet, int[] cells) {
    }

    /** What the commands made of a file: null for a refusal. */
    record Outcome(List<byte[]> convert, String convertError, byte[] visualize, String visualizeError,
                   String selectRow, String selectError) {
    }

    private final Map<String, Integer> counts = new TreeMap<>();
    private final Map<String, Integer> reasons = new TreeMap<>();
    private final List<String> violations = new ArrayList<>();

    @Test
    void mutantsAreRefusedInOneLineOrGiveTheOriginalValues() throws Exception {
        long start = System.nanoTime();
        Random r = new Random(SEED);
        List<Base> bases = bases();
        int mutants = 0;
        for (Base base : bases) {
            Outcome original = run(base.name() + "-original", base.bytes(), base.dicom());
            assertTrue(original.convertError() == null && original.visualizeError() == null
                    && original.selectError() == null, base.name() + " itself must pass: " + original);
            int n = base.dicom() ? DICOM_MUTANTS_PER_BASE : TIFF_MUTANTS_PER_BASE;
            for (int i = 0; i < n; i++) {
                String[] kind = new String[1];
                byte[] mutant = base.dicom() ? dicomMutant(base, r, kind) : tiffMutant(base, r, kind);
                if (mutant == null) {
                    continue;
                }
                mutants++;
                String id = base.name() + "-" + i + "-" + kind[0];
                Outcome o = run(id, mutant, base.dicom());
                judge(id, kind[0], base, original, o);
            }
        }
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        System.out.println("fuzz: " + mutants + " mutants of " + bases.size() + " files in " + seconds + " s, seed " + SEED);
        counts.forEach((k, v) -> System.out.println("fuzz:   " + k + ": " + v));
        reasons.forEach((k, v) -> System.out.println("fuzz:   refused, " + k + ": " + v));
        assertTrue(mutants >= 500, "at least 500 mutants, got " + mutants);
        assertEquals(List.of(), violations);
    }

    private void judge(String id, String kind, Base base, Outcome original, Outcome o) {
        if (base.dicom()) {
            if (o.convertError() == null) {
                if (!sameBytes(original.convert(), o.convert())) {
                    violations.add(id + ": convert accepted different values");
                }
                count("convert accepted identical");
            } else {
                refused("convert", o.convertError());
            }
        }
        if (o.visualizeError() == null) {
            if (!Arrays.equals(original.visualize(), o.visualize())) {
                violations.add(id + ": visualize accepted different values");
            }
            count("visualize accepted identical");
        } else {
            refused("visualize", o.visualizeError());
        }
        if (o.selectError() == null) {
            if (!original.selectRow().equals(o.selectRow())) {
                violations.add(id + ": select accepted a different dark count: " + o.selectRow());
            }
            if (o.visualizeError() != null) {
                violations.add(id + ": select kept a slice that does not decode whole (" + o.visualizeError() + ")");
            }
            count("select accepted identical");
        } else {
            refused("select", o.selectError());
        }
        count("mutants, " + kind.replaceAll(" \\d+=\\d+$", ""));
    }

    private void count(String key) {
        counts.merge(key, 1, Integer::sum);
    }

    private void refused(String command, String message) {
        count(command + " refused");
        // the problem after "covidct: error: PATH: ", digits folded, cut to a few words
        String m = message.replaceFirst("^covidct: error: ", "");
        int colon = m.indexOf(".dcm: ") >= 0 ? m.indexOf(".dcm: ") + 6 : m.indexOf(".tif: ") >= 0 ? m.indexOf(".tif: ") + 6
                : m.indexOf(": ") + 2;
        String problem = m.substring(Math.max(0, colon)).replaceAll("[0-9]+", "N").replaceAll("'[^']*'", "'...'");
        String[] words = problem.split(" ");
        reasons.merge(String.join(" ", Arrays.copyOf(words, Math.min(5, words.length))).replace("null", ""), 1,
                Integer::sum);
    }

    private static boolean sameBytes(List<byte[]> a, List<byte[]> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!Arrays.equals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- running the commands

    private Outcome run(String id, byte[] bytes, boolean dicom) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(id).resolve("in/series"));
        Path file = dir.resolve(dicom ? "slice.dcm" : "slice.tif");
        Files.write(file, bytes);
        Path work = tmp.resolve(id);
        List<byte[]> converted = null;
        String convertError = null;
        if (dicom) {
            Path out = work.resolve("conv");
            ConsoleCapture.Result c = ConsoleCapture.run("convert", work.resolve("in").toString(), "--out", out.toString(),
                    "--threads", "1", "--no-progress");
            convertError = check(id, "convert", c);
            if (convertError == null) {
                converted = tiffs(out);
            } else if (!tiffs(out).isEmpty() || hidden(out)) {
                violations.add(id + ": convert refused but left output");
            }
        }
        Path vis = work.resolve("vis.tif");
        ConsoleCapture.Result v = ConsoleCapture.run("visualize", file.toString(), vis.toString());
        String visError = check(id, "visualize", v);
        byte[] visualized = null;
        if (visError == null) {
            visualized = Files.readAllBytes(vis);
        } else if (Files.exists(vis) || hidden(work)) {
            violations.add(id + ": visualize refused but left output");
        }
        Path sel = work.resolve("sel");
        ConsoleCapture.Result s = ConsoleCapture.run("select", work.resolve("in").toString(), "--out", sel.toString(), "-q");
        String selError = check(id, "select", s);
        String row = null;
        if (selError == null) {
            row = Files.readAllLines(sel.resolve("selection.csv")).get(1);
        } else if (Files.exists(sel)) {
            violations.add(id + ": select refused but left " + sel);
        }
        OutputFoldersCleaner.delete(work);
        return new Outcome(converted, convertError, visualized, visError, row, selError);
    }

    /** Null when the command succeeded; its one error line when it refused; a violation otherwise. */
    private String check(String id, String command, ConsoleCapture.Result r) {
        if (r.all().contains("\tat ") || r.all().contains("Exception in thread")) {
            violations.add(id + ": " + command + " let a stack trace or error escape: " + firstLines(r.all()));
            return "escaped";
        }
        if (r.exit() == 0) {
            return null;
        }
        String err = r.err().strip();
        if (r.exit() != Main.USER_ERROR || err.contains("\n") || !err.startsWith("covidct: error: ")
                || !err.chars().allMatch(c -> c >= 0x20 && c != 0x7F)) {
            violations.add(id + ": " + command + " exit " + r.exit() + " with " + firstLines(r.all()));
            return "bad refusal";
        }
        // convert lists the failed series on stdout: its reason is the one to count
        for (String line : r.out().split("\n")) {
            if (line.startsWith("FAILED ")) {
                return line.replaceFirst("^FAILED [^:]*: slice \\d+ of \\d+: ", "covidct: error: slice.dcm: ");
            }
            if (line.contains("could not be read (names not shown)")) {
                return "covidct: error: slice.dcm: unreadable DICOM (header)";
            }
            if (line.startsWith("skipped ")) {
                return "covidct: error: slice.dcm: series skipped by convert";
            }
        }
        return err;
    }

    private static String firstLines(String s) {
        return s.lines().limit(3).reduce((a, b) -> a + " | " + b).orElse("");
    }

    private static List<byte[]> tiffs(Path out) throws IOException {
        if (!Files.isDirectory(out)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(out)) {
            List<byte[]> all = new ArrayList<>();
            for (Path p : s.filter(p -> p.toString().endsWith(".tif")).sorted().toList()) {
                all.add(Files.readAllBytes(p));
            }
            return all;
        }
    }

    private static boolean hidden(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.anyMatch(p -> p.getFileName().toString().startsWith("."));
        }
    }

    // ---------------------------------------------------------------- bases

    private List<Base> bases() throws IOException {
        List<Base> b = new ArrayList<>();
        Path real = Path.of(System.getProperty("covidct.shared"), "data", "real");
        b.add(new Base("ct_small", Files.readAllBytes(real.resolve("pydicom/CT_small.dcm")), true, true, null, null, null));
        b.add(new Base("p001_jpeg", Files.readAllBytes(real.resolve("covid-ct-md/covid/P001/98C14734-ASSH_84.dcm")),
                true, true, null, null, null));
        b.add(new Base("j2k", Files.readAllBytes(InputsCommandTest.j2k("ct_small_j2k_lossless.dcm")), true, true,
                null, null, null));
        // a body of soft tissue with a lung in it, and the quantum noise every CT slice has (sigma 10)
        int[] cells = new int[64 * 64];
        Random noise = new Random(7);
        for (int i = 0; i < cells.length; i++) {
            int x = i % 64;
            int y = i / 64;
            int base = (x - 32) * (x - 32) + (y - 32) * (y - 32) < 600 ? 150 : 1060;
            cells[i] = Math.max(0, base + (int) Math.round(noise.nextGaussian() * 10));
        }
        for (TransferSyntax ts : new TransferSyntax[] {TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN,
                TransferSyntax.EXPLICIT_VR_BIG_ENDIAN, TransferSyntax.RLE_LOSSLESS,
                TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN}) {
            DicomWriter w = DicomWriter.builder().setTransferSyntax(ts).optUndefinedLengthSequences(true).build();
            DicomWriter.DataSet ds = synthetic();
            b.add(new Base(ts.name().toLowerCase(), w.encode(ds, cells), true, ts == TransferSyntax.RLE_LOSSLESS, w, ds,
                    cells));
        }
        Path fmt = real.resolve("covid-ctset-format");
        b.add(new Base("cv2_lzw", Files.readAllBytes(fmt.resolve("P001_IM00075_cv2.tif")), false, false, null, null, null));
        b.add(new Base("tifffile_deflate", Files.readAllBytes(fmt.resolve("P001_IM00110_tifffile-zlib.tif")), false, false,
                null, null, null));
        b.add(new Base("pil_raw", Files.readAllBytes(fmt.resolve("P001_IM00148_pil.tif")), false, false, null, null, null));
        short[] v = new short[64 * 64];
        for (int i = 0; i < v.length; i++) {
            v[i] = (short) (cells[i] + 1024 - 1024);
        }
        Path small = tmp.resolve("small.tif");
        TiffSlices.write(small, new CtSlice(64, 64, v, "small"), TiffSlices.Compression.LZW);
        b.add(new Base("small_lzw", Files.readAllBytes(small), false, false, null, null, null));
        return b;
    }

    /** A 64 x 64 unsigned 12-bit axial CT slice with a nested sequence. */
    private static DicomWriter.DataSet synthetic() {
        DicomWriter.DataSet item = new DicomWriter.DataSet().string(0x00081150, "UI", "1.2.840.10008.5.1.4.1.1.2")
                .sequence(0x00400260, new DicomWriter.DataSet().string(0x00080100, "SH", "C1"));
        return new DicomWriter.DataSet()
                .string(Tag.IMAGE_TYPE, "CS", "ORIGINAL", "PRIMARY", "AXIAL")
                .string(Tag.SOP_CLASS_UID, "UI", "1.2.840.10008.5.1.4.1.1.2")
                .string(Tag.SOP_INSTANCE_UID, "UI", "2.25.1414")
                .string(Tag.MODALITY, "CS", "CT")
                .sequence(0x00081140, item)
                .string(Tag.PATIENT_ID, "LO", "FUZZ")
                .string(Tag.STUDY_INSTANCE_UID, "UI", "2.25.14")
                .string(Tag.SERIES_INSTANCE_UID, "UI", "2.25.141")
                .string(Tag.SERIES_NUMBER, "IS", "2")
                .string(Tag.INSTANCE_NUMBER, "IS", "1")
                .string(Tag.IMAGE_POSITION_PATIENT, "DS", "-100", "-100", "-40")
                .string(Tag.IMAGE_ORIENTATION_PATIENT, "DS", "1", "0", "0", "0", "1", "0")
                .us(Tag.SAMPLES_PER_PIXEL, 1)
                .string(Tag.PHOTOMETRIC_INTERPRETATION, "CS", "MONOCHROME2")
                .us(Tag.ROWS, 64).us(Tag.COLUMNS, 64)
                .us(Tag.BITS_ALLOCATED, 16).us(Tag.BITS_STORED, 12).us(Tag.HIGH_BIT, 11)
                .us(Tag.PIXEL_REPRESENTATION, 0)
                .string(Tag.RESCALE_INTERCEPT, "DS", "-1024")
                .string(Tag.RESCALE_SLOPE, "DS", "1");
    }

    // ---------------------------------------------------------------- DICOM mutants

    /** Invalid values of the attributes that shape the decoded values (a value string, or an int for US). */
    private static final Object[][] INVALID = {
            {Tag.RESCALE_SLOPE, "DS", new Object[] {"", "abc", "NaN", "0", "-1", "1e300", "Infinity", "1\\2", "-0"}},
            {Tag.RESCALE_INTERCEPT, "DS", new Object[] {"x", "NaN", "1e300", "-1e300", "", "-1024\\0", "--5"}},
            {Tag.PIXEL_REPRESENTATION, "US", new Object[] {2, 65535, 7}},
            {Tag.BITS_STORED, "US", new Object[] {0, 17, 40, 65535}},
            {Tag.HIGH_BIT, "US", new Object[] {16, 255, 3}},
            {Tag.BITS_ALLOCATED, "US", new Object[] {0, 12, 32, 1, 24}},
            {Tag.ROWS, "US", new Object[] {0, 1, 32, 65535, 63, 129}},
            {Tag.COLUMNS, "US", new Object[] {0, 1, 32, 65535, 130}},
            {Tag.SAMPLES_PER_PIXEL, "US", new Object[] {3, 0}},
            {Tag.PHOTOMETRIC_INTERPRETATION, "CS", new Object[] {"RGB", "PALETTE COLOR", "", "YBR_FULL"}},
            {Tag.IMAGE_ORIENTATION_PATIENT, "DS", new Object[] {"1\\0", "1\\0\\0\\0\\NaN\\0", "0\\0\\0\\0\\0\\0",
                    "a\\b\\c\\d\\e\\f", "1\\0\\0\\0\\1\\0\\0", "2\\0\\0\\0\\1\\0", "1\\0\\0\\1\\0\\0"}},
            {Tag.IMAGE_POSITION_PATIENT, "DS", new Object[] {"1\\2", "NaN\\0\\0", "x\\y\\z"}},
            {Tag.NUMBER_OF_FRAMES, "IS", new Object[] {"2", "0", "abc"}},
    };

    private byte[] dicomMutant(Base base, Random r, String[] kind) {
        int choice = r.nextInt(10);
        if (choice < 5) {
            Object[] row = INVALID[r.nextInt(INVALID.length)];
            Object[] values = (Object[]) row[2];
            Object value = values[r.nextInt(values.length)];
            kind[0] = "header value";
            if (base.writer() != null) {
                DicomWriter.DataSet ds = synthetic();
                if ("US".equals(row[1])) {
                    ds.us((int) row[0], (int) value);
                } else {
                    ds.string((int) row[0], (String) row[1], ((String) value).split("\\\\", -1));
                }
                return base.writer().encode(ds, base.cells());
            }
            if ((int) row[0] == Tag.NUMBER_OF_FRAMES) {
                kind[0] = "header value (added)";
                return DicomEdit.insertBeforePixelData(base.bytes(), Tag.NUMBER_OF_FRAMES, "IS", ascii((String) value));
            }
            byte[] bytes = "US".equals(row[1]) ? le16((int) value) : ascii((String) value);
            return DicomEdit.replace(base.bytes(), (int) row[0], bytes);
        }
        if (choice < 7 || !base.explicitLe()) {
            kind[0] = "truncation";
            return Arrays.copyOf(base.bytes(), r.nextInt(base.bytes().length));
        }
        List<int[]> elements = DicomEdit.elements(base.bytes());
        int[] e = elements.get(r.nextInt(elements.size()));
        byte[] b = base.bytes().clone();
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        switch (choice) {
            case 7 -> {
                kind[0] = "length field";
                int[] deltas = {1, -1, 2, -2, 256, 1 << 16, -100};
                if (e[3] == 12) {
                    long len = bb.getInt(e[0] + 8) & 0xFFFFFFFFL;
                    bb.putInt(e[0] + 8, r.nextBoolean() ? (int) (len + deltas[r.nextInt(deltas.length)]) : -1);
                } else {
                    int len = bb.getShort(e[0] + 6) & 0xFFFF;
                    bb.putShort(e[0] + 6, (short) (r.nextBoolean() ? len + deltas[r.nextInt(deltas.length)] : 0xFFFF));
                }
            }
            case 8 -> {
                kind[0] = "value representation";
                String[] vrs = {"XX", "ZZ", "UN", "OB", "SQ", "FD", "US", "IS", "AE", "ab"};
                byte[] vr = ascii(vrs[r.nextInt(vrs.length)]);
                b[e[0] + 4] = vr[0];
                b[e[0] + 5] = vr[1];
            }
            default -> {
                if (e[1] == Tag.PIXEL_PADDING_VALUE) {
                    return null; // removing an optional attribute that changes values cannot be refused
                }
                kind[0] = "tag";
                // the attribute becomes a private one: for a required one, as if it were missing
                bb.putShort(e[0], (short) (((e[1] >>> 16) | 1) + 2 * r.nextInt(8)));
            }
        }
        return b;
    }

    // ---------------------------------------------------------------- TIFF mutants

    private static final Object[][] TIFF_FIELDS = {
            {256, new long[] {0, 1, 256, 511, 513, 1024, 65535}},
            {257, new long[] {0, 1, 256, 511, 513, 1024, 65535}},
            {258, new long[] {8, 12, 32, 1, 0}},
            {259, new long[] {1, 5, 7, 8, 32773, 32946, 0, 2}},
            {262, new long[] {0, 2, 3, 4, 5}},
            {277, new long[] {0, 2, 3}},
            {278, new long[] {1, 7, 9, 16, 64, 1024, 0}},
            {317, new long[] {1, 2, 3, 0}},
            {339, new long[] {2, 3, 4}},
    };

    private byte[] tiffMutant(Base base, Random r, String[] kind) {
        int choice = r.nextInt(10);
        byte[] bytes = base.bytes();
        TiffEdit p = new TiffEdit(bytes);
        int strips = p.count(273);
        if (choice < 4) {
            Object[] f = TIFF_FIELDS[r.nextInt(TIFF_FIELDS.length)];
            int tag = (int) f[0];
            long[] values = (long[]) f[1];
            if (p.entry(tag) < 0) {
                if (tag != 317) {
                    return null;
                }
                kind[0] = "field value (predictor added)";
                return p.withEntryRetagged(284, 317, values[r.nextInt(values.length)]);
            }
            long value = values[r.nextInt(values.length)];
            kind[0] = "field value " + tag + "=" + value;
            return p.set(tag, value).bytes();
        }
        if (choice < 6) {
            kind[0] = "strip offset";
            int k = r.nextInt(strips);
            long[] deltas = {1, -1, 2, -2, 16, -16, 1000};
            long v = r.nextInt(4) == 0 ? bytes.length + r.nextInt(100) : p.offset(k) + deltas[r.nextInt(deltas.length)];
            return p.setOffset(k, v).bytes();
        }
        if (choice < 8) {
            kind[0] = "strip byte count";
            int k = r.nextInt(strips);
            long[] deltas = {1, -1, 2, -2, 10, -10, 500, -500};
            return p.setByteCount(k, Math.max(0, p.byteCount(k) + deltas[r.nextInt(deltas.length)])).bytes();
        }
        if (choice == 8 && p.get(259) != 1) {
            kind[0] = "garbage strip";
            int k = r.nextInt(strips);
            byte[] b = bytes.clone();
            byte[] junk = new byte[(int) p.byteCount(k)];
            r.nextBytes(junk);
            System.arraycopy(junk, 0, b, (int) p.offset(k), junk.length);
            return b;
        }
        kind[0] = "truncation";
        return Arrays.copyOf(bytes, r.nextInt(bytes.length));
    }

    // ---------------------------------------------------------------- helpers

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] le16(int v) {
        return new byte[] {(byte) v, (byte) (v >> 8)};
    }

    /** Top-level elements of an explicit VR little endian Part-10 file, and edits of their values. */
    static final class DicomEdit {
        private DicomEdit() {
        }

        /** {start, tag, value length, header length} of each top-level element after the meta group, pixel data last. */
        static List<int[]> elements(byte[] f) {
            ByteBuffer b = ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN);
            int pos = 132 + 12 + b.getInt(140);
            List<int[]> out = new ArrayList<>();
            while (pos + 8 <= f.length) {
                int tag = (b.getShort(pos) & 0xFFFF) << 16 | (b.getShort(pos + 2) & 0xFFFF);
                String vr = new String(f, pos + 4, 2, StandardCharsets.ISO_8859_1);
                boolean longForm = "OB OD OF OL OV OW SQ SV UC UN UR UT UV".contains(vr);
                int hdr = longForm ? 12 : 8;
                long len = longForm ? b.getInt(pos + 8) & 0xFFFFFFFFL : b.getShort(pos + 6) & 0xFFFF;
                out.add(new int[] {pos, tag, (int) len, hdr});
                if (tag == Tag.PIXEL_DATA) {
                    break;
                }
                pos = len == 0xFFFFFFFFL ? skipUndefined(b, pos + hdr) : pos + hdr + (int) len;
            }
            return out;
        }

        /** Past the sequence delimiter of an undefined-length sequence starting at p. */
        private static int skipUndefined(ByteBuffer b, int p) {
            while (true) {
                int tag = (b.getShort(p) & 0xFFFF) << 16 | (b.getShort(p + 2) & 0xFFFF);
                long len = b.getInt(p + 4) & 0xFFFFFFFFL;
                if (tag == Tag.SEQUENCE_DELIMITATION) {
                    return p + 8;
                }
                p = len == 0xFFFFFFFFL ? skipItem(b, p + 8) : p + 8 + (int) len;
            }
        }

        private static int skipItem(ByteBuffer b, int p) {
            byte[] f = b.array();
            while (true) {
                int tag = (b.getShort(p) & 0xFFFF) << 16 | (b.getShort(p + 2) & 0xFFFF);
                if (tag == Tag.ITEM_DELIMITATION) {
                    return p + 8;
                }
                String vr = new String(f, p + 4, 2, StandardCharsets.ISO_8859_1);
                boolean longForm = "OB OD OF OL OV OW SQ SV UC UN UR UT UV".contains(vr);
                long len = longForm ? b.getInt(p + 8) & 0xFFFFFFFFL : b.getShort(p + 6) & 0xFFFF;
                int hdr = longForm ? 12 : 8;
                p = len == 0xFFFFFFFFL ? skipUndefined(b, p + hdr) : p + hdr + (int) len;
            }
        }

        /** The file with the value of a top-level (short-form) element replaced, its length fixed. */
        static byte[] replace(byte[] f, int tag, byte[] value) {
            for (int[] e : elements(f)) {
                if (e[1] == tag && e[3] == 8) {
                    byte[] v = value.length % 2 == 0 ? value : Arrays.copyOf(value, value.length + 1);
                    if (value.length % 2 == 1) {
                        v[v.length - 1] = ' ';
                    }
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    out.write(f, 0, e[0] + 6);
                    out.write(v.length);
                    out.write(v.length >> 8);
                    out.writeBytes(v);
                    int after = e[0] + 8 + e[2];
                    out.write(f, after, f.length - after);
                    return out.toByteArray();
                }
            }
            return f; // the file has no such attribute: the mutant is the file itself
        }

        /** The file with a short-form element inserted before the pixel data. */
        static byte[] insertBeforePixelData(byte[] f, int tag, String vr, byte[] value) {
            List<int[]> all = elements(f);
            int at = all.get(all.size() - 1)[0];
            byte[] v = value.length % 2 == 0 ? value : Arrays.copyOf(value, value.length + 1);
            if (value.length % 2 == 1) {
                v[v.length - 1] = ' ';
            }
            ByteBuffer e = ByteBuffer.allocate(8 + v.length).order(ByteOrder.LITTLE_ENDIAN);
            e.putShort((short) (tag >>> 16)).putShort((short) tag).put(ascii(vr)).putShort((short) v.length).put(v);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(f, 0, at);
            out.writeBytes(e.array());
            out.write(f, at, f.length - at);
            return out.toByteArray();
        }
    }

    /** Deletes a folder tree if it is there. */
    static final class OutputFoldersCleaner {
        static void delete(Path p) {
            org.covidct.core.io.OutputFolders.deleteTree(p);
        }
    }

    /** Edits of the first directory of a classic TIFF (either byte order); each edit returns a new editor. */
    static final class TiffEdit {
        private final byte[] b;
        private final ByteBuffer bb;

        TiffEdit(byte[] tiff) {
            this.b = tiff.clone();
            this.bb = ByteBuffer.wrap(b).order(b[0] == 'I' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        }

        byte[] bytes() {
            return b;
        }

        int entry(int tag) {
            int ifd = bb.getInt(4);
            int n = bb.getShort(ifd) & 0xFFFF;
            for (int k = 0; k < n; k++) {
                int p = ifd + 2 + 12 * k;
                if ((bb.getShort(p) & 0xFFFF) == tag) {
                    return p;
                }
            }
            return -1;
        }

        int count(int tag) {
            return bb.getInt(entry(tag) + 4);
        }

        long get(int tag) {
            int p = entry(tag);
            return (bb.getShort(p + 2) & 0xFFFF) == 3 ? bb.getShort(p + 8) & 0xFFFF : bb.getInt(p + 8) & 0xFFFFFFFFL;
        }

        TiffEdit set(int tag, long v) {
            TiffEdit t = new TiffEdit(b);
            int p = t.entry(tag);
            if ((t.bb.getShort(p + 2) & 0xFFFF) == 3) {
                t.bb.putShort(p + 8, (short) v);
            } else {
                t.bb.putInt(p + 8, (int) v);
            }
            return t;
        }

        /** Where element k of the offsets (273) or byte counts (279) array is, and its width in bytes. */
        private int[] slot(int tag, int k) {
            int p = entry(tag);
            int type = bb.getShort(p + 2) & 0xFFFF;
            int unit = type == 3 ? 2 : 4;
            int n = bb.getInt(p + 4);
            int at = n * unit <= 4 ? p + 8 : bb.getInt(p + 8);
            return new int[] {at + unit * k, unit};
        }

        private long element(int tag, int k) {
            int[] s = slot(tag, k);
            return s[1] == 2 ? bb.getShort(s[0]) & 0xFFFF : bb.getInt(s[0]) & 0xFFFFFFFFL;
        }

        private TiffEdit element(int tag, int k, long v) {
            TiffEdit t = new TiffEdit(b);
            int[] s = t.slot(tag, k);
            if (s[1] == 2) {
                t.bb.putShort(s[0], (short) v);
            } else {
                t.bb.putInt(s[0], (int) v);
            }
            return t;
        }

        long offset(int k) {
            return element(273, k);
        }

        long byteCount(int k) {
            return element(279, k);
        }

        TiffEdit setOffset(int k, long v) {
            return element(273, k, v);
        }

        TiffEdit setByteCount(int k, long v) {
            return element(279, k, v);
        }

        /** The entry of {@code tag} turned into one of {@code newTag} (SHORT, one value): a field added. */
        byte[] withEntryRetagged(int tag, int newTag, long value) {
            TiffEdit t = new TiffEdit(b);
            int p = t.entry(tag);
            if (p < 0) {
                return b;
            }
            t.bb.putShort(p, (short) newTag).putShort(p + 2, (short) 3).putInt(p + 4, 1).putInt(p + 8, 0);
            t.bb.putShort(p + 8, (short) value);
            return t.b;
        }
    }
}
