package org.covidct.core.dicom;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes valid DICOM files (explicit VR little endian, a 4x4 CT image) whose header is made of very
 * many small nested sequence items, streamed to disk: the shape of the two files of issue 14 that took
 * 5.2 and 5.4 GB of heap. {@link #wide} puts every item in one sequence; {@link #deep} nests items in
 * chains as deep as the reader allows. Run as a program to write large ones for a measurement:
 * {@code NestedItemFiles DIR ITEMS}.
 */
final class NestedItemFiles {
    private NestedItemFiles() {
    }

    /** One sequence (ReferencedImageSequence) of {@code items} items, each holding one short string. */
    static void wide(Path file, int items) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            head(out);
            element(out, 0x00081140, "SQ", null, -1);
            for (int i = 0; i < items; i++) {
                item(out);
                element(out, 0x00081150, "UI", ascii("1.2." + (i % 10)), 0);
                itemEnd(out);
            }
            sequenceEnd(out);
            image(out);
        }
    }

    /** {@code chains} items in one sequence, each the top of a chain of items nested {@code depth} deep. */
    static void deep(Path file, int chains, int depth) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            head(out);
            element(out, 0x00400260, "SQ", null, -1);
            for (int c = 0; c < chains; c++) {
                for (int d = 0; d < depth; d++) {
                    item(out);
                    element(out, 0x00080100, "SH", ascii("C" + d), 0);
                    if (d + 1 < depth) {
                        element(out, 0x00400260, "SQ", null, -1);
                    }
                }
                for (int d = depth - 1; d >= 0; d--) {
                    itemEnd(out);
                    if (d > 0) {
                        sequenceEnd(out);
                    }
                }
            }
            sequenceEnd(out);
            image(out);
        }
    }

    private static void head(OutputStream out) throws IOException {
        out.write(new byte[128]);
        out.write(ascii("DICM"));
        byte[] ts = ascii("1.2.840.10008.1.2.1\0");
        byte[] cls = ascii("1.2.840.10008.5.1.4.1.1.2\0");
        int metaLength = (8 + 2 + 4) + (8 + cls.length) + (8 + ts.length);
        element(out, 0x00020000, "UL", le32(metaLength), 0);
        element(out, 0x00020001, "OB", new byte[] {0, 1}, 0);
        element(out, 0x00020002, "UI", cls, 0);
        element(out, 0x00020010, "UI", ts, 0);
        element(out, 0x00080016, "UI", cls, 0);
        element(out, 0x00080060, "CS", ascii("CT"), 0);
    }

    /** The image attributes after the big sequence, then 4x4 unsigned 16-bit pixels. */
    private static void image(OutputStream out) throws IOException {
        element(out, 0x00280002, "US", le16(1), 0);
        element(out, 0x00280004, "CS", ascii("MONOCHROME2 "), 0);
        element(out, 0x00280010, "US", le16(4), 0);
        element(out, 0x00280011, "US", le16(4), 0);
        element(out, 0x00280100, "US", le16(16), 0);
        element(out, 0x00280101, "US", le16(12), 0);
        element(out, 0x00280102, "US", le16(11), 0);
        element(out, 0x00280103, "US", le16(0), 0);
        element(out, 0x00204000, "LT", ascii("after the sequence"), 0); // ImageComments: not essential
        element(out, 0x00281052, "DS", ascii("-1024 "), 0);
        element(out, 0x00281053, "DS", ascii("1 "), 0);
        byte[] px = new byte[32];
        for (int i = 0; i < 16; i++) {
            px[2 * i] = (byte) (100 * i);
            px[2 * i + 1] = (byte) ((100 * i) >> 8);
        }
        element(out, 0x7FE00010, "OW", px, 0);
    }

    /** An explicit VR LE element; value null with length -1 writes an undefined-length header only. */
    private static void element(OutputStream out, int tag, String vr, byte[] value, long undefined) throws IOException {
        out.write(le16(tag >>> 16));
        out.write(le16(tag & 0xFFFF));
        out.write(ascii(vr));
        long len = value == null ? 0xFFFFFFFFL : value.length + (value.length % 2);
        boolean longForm = "OB OW SQ UN UT".contains(vr);
        if (longForm) {
            out.write(new byte[2]);
            out.write(le32((int) len));
        } else {
            out.write(le16((int) len));
        }
        if (value != null) {
            out.write(value);
            if (value.length % 2 == 1) {
                out.write(vr.equals("UI") ? 0 : ' ');
            }
        }
    }

    private static void item(OutputStream out) throws IOException {
        out.write(new byte[] {(byte) 0xFE, (byte) 0xFF, 0x00, (byte) 0xE0, -1, -1, -1, -1});
    }

    private static void itemEnd(OutputStream out) throws IOException {
        out.write(new byte[] {(byte) 0xFE, (byte) 0xFF, 0x0D, (byte) 0xE0, 0, 0, 0, 0});
    }

    private static void sequenceEnd(OutputStream out) throws IOException {
        out.write(new byte[] {(byte) 0xFE, (byte) 0xFF, (byte) 0xDD, (byte) 0xE0, 0, 0, 0, 0});
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] le16(int v) {
        return new byte[] {(byte) v, (byte) (v >> 8)};
    }

    private static byte[] le32(int v) {
        return new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)};
    }

    /** Writes wide.dcm and deep.dcm with about {@code args[1]} items each into {@code args[0]}. */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        int items = Integer.parseInt(args[1]);
        Files.createDirectories(dir);
        wide(dir.resolve("wide.dcm"), items);
        deep(dir.resolve("deep.dcm"), items / 16, 16);
    }
}
