package org.covidct.core.dicom;

import org.covidct.core.io.AtomicFiles;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A minimal DICOM Part-10 writer for synthetic files (test fixtures, phantoms) and the objects covidct
 * sends back to a PACS: single-frame images (grayscale or 8-bit RGB) in implicit or explicit VR little
 * endian (also deflated), explicit VR big endian or RLE Lossless, with or without preamble, sequences of defined
 * or undefined length; pixel data already encapsulated (JPEG Lossless fragments of a file being rewritten)
 * is copied as it is. It writes what it is given; it is not a conformance tool (no IOD checks).
 */
public final class DicomWriter {

    /** How a file is laid out. */
    public enum Layout {
        /** 128-byte preamble, "DICM", file meta group, data set (the normal Part-10 file). */
        PART10,
        /** File meta group at byte 0, no preamble. */
        META_WITHOUT_PREAMBLE,
        /** The bare data set at byte 0 (no preamble, no meta group; old exports). */
        BARE_DATA_SET
    }

    /** An ordered set of attributes (and nested sequences) to write. */
    public static final class DataSet {
        private final Map<Integer, Object[]> attrs = new TreeMap<>(Integer::compareUnsigned);

        /** A string attribute; several values are joined with backslashes. */
        public DataSet string(int tag, String vr, String... values) {
            attrs.put(tag, new Object[] {vr, String.join("\\", values)});
            return this;
        }

        public DataSet us(int tag, int... values) {
            attrs.put(tag, new Object[] {"US", values});
            return this;
        }

        public DataSet ss(int tag, int... values) {
            attrs.put(tag, new Object[] {"SS", values});
            return this;
        }

        public DataSet fd(int tag, double... values) {
            attrs.put(tag, new Object[] {"FD", values});
            return this;
        }

        public DataSet bytes(int tag, String vr, byte[] value) {
            attrs.put(tag, new Object[] {vr, value.clone()});
            return this;
        }

        public DataSet sequence(int tag, DataSet... items) {
            attrs.put(tag, new Object[] {"SQ", List.of(items)});
            return this;
        }

        /**
         * Pixel data that is already encapsulated (basic offset table, then fragments), written as given:
         * what a rewritten compressed file carries over without decoding it.
         */
        public DataSet encapsulatedPixels(byte[] offsetTable, List<byte[]> fragments) {
            List<byte[]> copies = new ArrayList<>();
            fragments.forEach(f -> copies.add(f.clone()));
            attrs.put(Tag.PIXEL_DATA, new Object[] {"OB", new Encapsulated(offsetTable.clone(), List.copyOf(copies))});
            return this;
        }

        /** True when the attribute was set. */
        public boolean contains(int tag) {
            return attrs.containsKey(tag);
        }
    }

    /** Encapsulated pixel data kept as its items. */
    private record Encapsulated(byte[] offsetTable, List<byte[]> fragments) {
    }

    private final TransferSyntax syntax;
    private final Layout layout;
    private final boolean undefinedLengthSequences;
    private final int fragments;

    private DicomWriter(Builder b) {
        this.syntax = b.syntax;
        this.layout = b.layout;
        this.undefinedLengthSequences = b.undefinedLengthSequences;
        this.fragments = b.fragments;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Options of a writer. */
    public static final class Builder {
        private TransferSyntax syntax;
        private Layout layout = Layout.PART10;
        private boolean undefinedLengthSequences;
        private int fragments = 1;

        /**
         * Required. Pixel cells are encoded for implicit/explicit VR little endian, explicit VR big endian
         * and RLE Lossless; a JPEG syntax is accepted only for data sets whose pixel data is already
         * encapsulated ({@link DataSet#encapsulatedPixels}).
         */
        public Builder setTransferSyntax(TransferSyntax ts) {
            this.syntax = ts;
            return this;
        }

        public Builder optLayout(Layout layout) {
            this.layout = layout;
            return this;
        }

        /** Write sequences and items with undefined length and delimiters (default: defined lengths). */
        public Builder optUndefinedLengthSequences(boolean b) {
            this.undefinedLengthSequences = b;
            return this;
        }

        /** Split an RLE frame into this many fragments (default 1). */
        public Builder optFragments(int n) {
            this.fragments = Math.max(1, n);
            return this;
        }

        public DicomWriter build() {
            if (syntax == null) {
                throw new IllegalStateException("transfer syntax not set");
            }
            if (layout == Layout.BARE_DATA_SET && (syntax.encapsulated() || syntax.deflated())) {
                throw new IllegalStateException("a bare data set cannot name a compressed transfer syntax");
            }
            return new DicomWriter(this);
        }
    }

    /**
     * Writes a file atomically. {@code cells} are the raw pixel cells (BitsAllocated wide, row-major);
     * null writes no pixel data.
     */
    public void write(Path file, DataSet ds, int[] cells) throws IOException {
        AtomicFiles.writeBytes(file, encode(ds, cells));
    }

    public byte[] encode(DataSet ds, int[] cells) {
        if (cells != null && syntax.pixels() == TransferSyntax.Pixels.JPEG_LOSSLESS) {
            throw new IllegalArgumentException("the writer does not encode JPEG (give encapsulated pixel data instead)");
        }
        if (cells != null && ds.contains(Tag.PIXEL_DATA)) {
            throw new IllegalArgumentException("pixel data given twice (cells and the data set)");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (layout == Layout.PART10) {
            out.writeBytes(new byte[128]);
            out.writeBytes("DICM".getBytes(StandardCharsets.US_ASCII));
        }
        if (layout != Layout.BARE_DATA_SET) {
            out.writeBytes(meta(ds));
        }
        Encoder e = new Encoder(syntax.explicitVr(), syntax.bigEndian());
        e.dataSet(ds, true);
        if (cells != null) {
            e.pixels(ds, cells);
        }
        byte[] body = e.out.toByteArray();
        if (syntax.deflated()) {
            // PS3.5 A.5: everything after the file meta group, raw deflate (no zlib header or checksum)
            java.util.zip.Deflater d = new java.util.zip.Deflater(6, true);
            ByteArrayOutputStream z = new ByteArrayOutputStream();
            try (java.util.zip.DeflaterOutputStream dz = new java.util.zip.DeflaterOutputStream(z, d)) {
                dz.write(body);
            } catch (IOException impossible) {
                throw new java.io.UncheckedIOException(impossible);
            } finally {
                d.end();
            }
            body = z.toByteArray();
        }
        out.writeBytes(body);
        return out.toByteArray();
    }

    private byte[] meta(DataSet ds) {
        String sopClass = uid(ds.attrs.get(Tag.SOP_CLASS_UID));
        String sopInstance = uid(ds.attrs.get(Tag.SOP_INSTANCE_UID));
        DataSet m = new DataSet()
                .bytes(0x00020001, "OB", new byte[] {0, 1})
                .string(0x00020002, "UI", sopClass == null ? "1.2.840.10008.5.1.4.1.1.2" : sopClass)
                .string(0x00020003, "UI", sopInstance == null ? "2.25.1" : sopInstance)
                .string(Tag.TRANSFER_SYNTAX_UID, "UI", syntax.uid())
                .string(0x00020012, "UI", "2.25.329800735698586629295641978511506172918");
        Encoder body = new Encoder(true, false);
        body.dataSet(m, false);
        byte[] b = body.out.toByteArray();
        Encoder head = new Encoder(true, false);
        head.attribute(0x00020000, "UL", le32(b.length));
        head.out.writeBytes(b);
        return head.out.toByteArray();
    }

    /** A UID attribute's value, given as a string or as raw bytes (padding removed); null when absent. */
    private static String uid(Object[] attr) {
        if (attr == null) {
            return null;
        }
        if (attr[1] instanceof byte[] raw) {
            return new String(raw, StandardCharsets.ISO_8859_1).replaceAll("[\\u0000 ]+$", "");
        }
        return (String) attr[1];
    }

    private static byte[] le32(int v) {
        return new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)};
    }

    private final class Encoder {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final boolean explicit;
        final boolean big;

        Encoder(boolean explicit, boolean big) {
            this.explicit = explicit;
            this.big = big;
        }

        void u16(int v) {
            if (big) {
                out.write(v >> 8);
                out.write(v);
            } else {
                out.write(v);
                out.write(v >> 8);
            }
        }

        void u32(long v) {
            if (big) {
                u16((int) (v >> 16));
                u16((int) v);
            } else {
                u16((int) v);
                u16((int) (v >> 16));
            }
        }

        void tag(int tag) {
            u16(tag >>> 16);
            u16(tag & 0xFFFF);
        }

        void header(int tag, String vr, long len) {
            tag(tag);
            if (!explicit) {
                u32(len);
                return;
            }
            out.writeBytes(vr.getBytes(StandardCharsets.US_ASCII));
            if (Set.LONG.contains(vr)) {
                u16(0);
                u32(len);
            } else {
                u16((int) len);
            }
        }

        void attribute(int tag, String vr, byte[] value) {
            header(tag, vr, value.length);
            out.writeBytes(value);
        }

        @SuppressWarnings("unchecked")
        void dataSet(DataSet ds, boolean skipPixels) {
            for (Map.Entry<Integer, Object[]> en : ds.attrs.entrySet()) {
                int tag = en.getKey();
                String vr = (String) en.getValue()[0];
                Object v = en.getValue()[1];
                if (vr.equals("SQ")) {
                    sequence(tag, (List<DataSet>) v);
                } else if (v instanceof Encapsulated enc) {
                    encapsulated(tag, enc);
                } else {
                    attribute(tag, vr, value(vr, v));
                }
            }
        }

        void encapsulated(int tag, Encapsulated enc) {
            header(tag, "OB", 0xFFFFFFFFL);
            tag(Tag.ITEM);
            u32(enc.offsetTable().length);
            out.writeBytes(enc.offsetTable());
            for (byte[] f : enc.fragments()) {
                tag(Tag.ITEM);
                u32(f.length + (f.length % 2));
                out.writeBytes(f);
                if (f.length % 2 == 1) {
                    out.write(0);
                }
            }
            tag(Tag.SEQUENCE_DELIMITATION);
            u32(0);
        }

        void sequence(int tag, List<DataSet> items) {
            List<byte[]> encoded = new ArrayList<>();
            for (DataSet item : items) {
                Encoder e = new Encoder(explicit, big);
                e.dataSet(item, false);
                encoded.add(e.out.toByteArray());
            }
            if (undefinedLengthSequences) {
                header(tag, "SQ", 0xFFFFFFFFL);
                for (byte[] b : encoded) {
                    tag(Tag.ITEM);
                    u32(0xFFFFFFFFL);
                    out.writeBytes(b);
                    tag(Tag.ITEM_DELIMITATION);
                    u32(0);
                }
                tag(Tag.SEQUENCE_DELIMITATION);
                u32(0);
            } else {
                long total = 0;
                for (byte[] b : encoded) {
                    total += 8 + b.length;
                }
                header(tag, "SQ", total);
                for (byte[] b : encoded) {
                    tag(Tag.ITEM);
                    u32(b.length);
                    out.writeBytes(b);
                }
            }
        }

        byte[] value(String vr, Object v) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            if (v instanceof byte[] raw) {
                // raw bytes of any VR (copied from a file in the same byte order, or a value a reader must refuse,
                // such as a one-byte US): written as they are, padded to even length
                b.writeBytes(raw);
                if (raw.length % 2 == 1) {
                    b.write(TEXT_VRS.contains(vr) ? ' ' : 0);
                }
                return b.toByteArray();
            }
            Encoder e = new Encoder(explicit, big);
            switch (vr) {
                case "US", "SS" -> {
                    for (int x : (int[]) v) {
                        e.u16(x);
                    }
                    return e.out.toByteArray();
                }
                case "FD" -> {
                    for (double d : (double[]) v) {
                        long bits = Double.doubleToLongBits(d);
                        if (big) {
                            e.u32(bits >>> 32);
                            e.u32(bits);
                        } else {
                            e.u32(bits);
                            e.u32(bits >>> 32);
                        }
                    }
                    return e.out.toByteArray();
                }
                default -> {
                    byte[] s = ((String) v).getBytes(StandardCharsets.ISO_8859_1);
                    b.writeBytes(s);
                    if (s.length % 2 == 1) {
                        b.write(vr.equals("UI") ? 0 : ' ');
                    }
                    return b.toByteArray();
                }
            }
        }

        void pixels(DataSet ds, int[] cells) {
            Object[] ba = ds.attrs.get(Tag.BITS_ALLOCATED);
            int allocated = ba == null ? 16 : ((int[]) ba[1])[0];
            int bytes = allocated / 8;
            if (syntax.pixels() == TransferSyntax.Pixels.RLE) {
                byte[] frame = rleFrame(cells, bytes);
                header(Tag.PIXEL_DATA, "OB", 0xFFFFFFFFL);
                tag(Tag.ITEM);
                u32(0); // empty basic offset table
                int per = (frame.length + fragments - 1) / fragments;
                per += per % 2;
                for (int off = 0; off < frame.length; off += per) {
                    int len = Math.min(per, frame.length - off);
                    tag(Tag.ITEM);
                    u32(len + (len % 2));
                    out.write(frame, off, len);
                    if (len % 2 == 1) {
                        out.write(0);
                    }
                }
                tag(Tag.SEQUENCE_DELIMITATION);
                u32(0);
                return;
            }
            Encoder e = new Encoder(explicit, big);
            for (int c : cells) {
                if (bytes == 1) {
                    e.out.write(c);
                } else {
                    e.u16(c);
                }
            }
            byte[] b = e.out.toByteArray();
            if (b.length % 2 == 1) {
                b = java.util.Arrays.copyOf(b, b.length + 1);
            }
            attribute(Tag.PIXEL_DATA, bytes == 1 ? "OB" : "OW", b);
        }
    }

    private static byte[] rleFrame(int[] cells, int bytes) {
        List<byte[]> segments = new ArrayList<>();
        for (int s = 0; s < bytes; s++) {
            int shift = 8 * (bytes - 1 - s);
            byte[] plane = new byte[cells.length];
            for (int i = 0; i < cells.length; i++) {
                plane[i] = (byte) (cells[i] >> shift);
            }
            byte[] seg = RleDecoder.encodeSegment(plane);
            if (seg.length % 2 == 1) {
                seg = java.util.Arrays.copyOf(seg, seg.length + 1); // a -128 no-op pads to even length
                seg[seg.length - 1] = (byte) -128;
            }
            segments.add(seg);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] header = new byte[64];
        System.arraycopy(le32(bytes), 0, header, 0, 4);
        int off = 64;
        for (int s = 0; s < bytes; s++) {
            System.arraycopy(le32(off), 0, header, 4 + 4 * s, 4);
            off += segments.get(s).length;
        }
        out.writeBytes(header);
        segments.forEach(out::writeBytes);
        return out.toByteArray();
    }

    /** String VRs padded with a space to even length (PS3.5 6.2); everything else takes a zero byte. */
    private static final java.util.Set<String> TEXT_VRS = java.util.Set.of("AE", "AS", "CS", "DA", "DS", "DT",
            "IS", "LO", "LT", "PN", "SH", "ST", "TM", "UC", "UR", "UT");

    private static final class Set {
        static final java.util.Set<String> LONG = java.util.Set.of("OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV",
                "UC", "UN", "UR", "UT", "UV");
    }
}
