package org.covidct.core.tiff;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;

/**
 * Writes TIFF layouts that no library at hand writes on request (tiles, big-endian, one row per strip,
 * two channels, signed samples), so the reader is tested on every layout the TIFF 6.0 spec allows for
 * a 16-bit grayscale slice. Test code only; the LZW it writes uses literal codes only, with a clear
 * code before the code width would grow, which is a valid (if poorly compressed) LZW stream.
 */
final class TestTiffs {

    boolean littleEndian = true;
    int rowsPerStrip = 0;      // 0: the whole image in one strip
    int tileWidth = 0;         // > 0: tiled (multiples of 16, as TIFF requires)
    int tileLength = 0;
    int compression = 1;       // 1 none, 5 LZW, 8 Deflate
    int predictor = 1;
    int samplesPerPixel = 1;
    int bitsPerSample = 16;
    int sampleFormat = 1;

    static TestTiffs strips(int rowsPerStrip, int compression, int predictor) {
        TestTiffs t = new TestTiffs();
        t.rowsPerStrip = rowsPerStrip;
        t.compression = compression;
        t.predictor = predictor;
        return t;
    }

    static TestTiffs tiles(int tileWidth, int tileLength, int compression, int predictor) {
        TestTiffs t = new TestTiffs();
        t.tileWidth = tileWidth;
        t.tileLength = tileLength;
        t.compression = compression;
        t.predictor = predictor;
        return t;
    }

    TestTiffs bigEndian() {
        littleEndian = false;
        return this;
    }

    /** Writes width x height samples (per channel, interleaved when samplesPerPixel > 1). */
    void write(Path file, int width, int height, short[] values) throws IOException {
        ByteOrder order = littleEndian ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        List<byte[]> chunks = new ArrayList<>();
        int spp = samplesPerPixel;
        int bytes = bitsPerSample / 8;
        if (tileWidth > 0) {
            for (int ty = 0; ty < height; ty += tileLength) {
                for (int tx = 0; tx < width; tx += tileWidth) {
                    chunks.add(encode(block(values, width, height, tx, ty, tileWidth, tileLength, spp, bytes, order),
                            tileWidth, spp, bytes, order));
                }
            }
        } else {
            int rps = rowsPerStrip <= 0 ? height : rowsPerStrip;
            for (int y = 0; y < height; y += rps) {
                int rows = Math.min(rps, height - y);
                chunks.add(encode(block(values, width, height, 0, y, width, rows, spp, bytes, order),
                        width, spp, bytes, order));
            }
        }
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        long[] offsets = new long[chunks.size()];
        long[] counts = new long[chunks.size()];
        int pos = 8;
        for (int i = 0; i < chunks.size(); i++) {
            offsets[i] = pos;
            counts[i] = chunks.get(i).length;
            data.write(chunks.get(i));
            pos += chunks.get(i).length;
        }
        if (pos % 2 == 1) {
            data.write(0);
            pos++;
        }
        // IFD after the data (as OpenCV does), arrays after the IFD
        List<int[]> entries = new ArrayList<>(); // tag, type, count, value-or-offset
        int nEntries = tileWidth > 0 ? 13 : 12;
        int ifdSize = 2 + nEntries * 12 + 4;
        int extra = pos + ifdSize;
        ByteBuffer arrays = ByteBuffer.allocate(8 * chunks.size() + 16).order(order);
        int offsetsAt = extra;
        for (long o : offsets) {
            arrays.putInt((int) o);
        }
        int countsAt = extra + arrays.position();
        for (long c : counts) {
            arrays.putInt((int) c);
        }
        int bitsAt = extra + arrays.position();
        for (int i = 0; i < spp; i++) {
            arrays.putShort((short) bitsPerSample);
        }
        entries.add(new int[] {256, 4, 1, width});
        entries.add(new int[] {257, 4, 1, height});
        entries.add(spp == 1 || spp * 2 <= 4 ? new int[] {258, 3, spp, bitsPerSample} : new int[] {258, 3, spp, bitsAt});
        entries.add(new int[] {259, 3, 1, compression});
        entries.add(new int[] {262, 3, 1, spp >= 3 ? 2 : 1});
        entries.add(new int[] {tileWidth > 0 ? 324 : 273, 4, chunks.size(), chunks.size() == 1 ? (int) offsets[0] : offsetsAt});
        entries.add(new int[] {277, 3, 1, spp});
        if (tileWidth > 0) {
            entries.add(new int[] {322, 3, 1, tileWidth});
            entries.add(new int[] {323, 3, 1, tileLength});
        } else {
            entries.add(new int[] {278, 4, 1, rowsPerStrip <= 0 ? height : rowsPerStrip});
        }
        entries.add(new int[] {tileWidth > 0 ? 325 : 279, 4, chunks.size(), chunks.size() == 1 ? (int) counts[0] : countsAt});
        entries.add(new int[] {284, 3, 1, 1});
        entries.add(new int[] {317, 3, 1, predictor});
        entries.add(new int[] {339, 3, 1, sampleFormat});
        entries.sort((a, b) -> Integer.compare(a[0], b[0]));
        ByteBuffer ifd = ByteBuffer.allocate(2 + entries.size() * 12 + 4).order(order);
        ifd.putShort((short) entries.size());
        for (int[] e : entries) {
            ifd.putShort((short) e[0]).putShort((short) e[1]).putInt(e[2]);
            if (e[1] == 3 && e[2] <= 2 && !(e[0] == 258 && spp > 2)) {
                ifd.putShort((short) e[3]).putShort(e[2] == 2 ? (short) e[3] : 0);
            } else {
                ifd.putInt(e[3]);
            }
        }
        ifd.putInt(0);
        ByteBuffer head = ByteBuffer.allocate(8).order(order);
        head.put(littleEndian ? (byte) 'I' : (byte) 'M').put(littleEndian ? (byte) 'I' : (byte) 'M');
        head.putShort((short) 42).putInt(pos);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.write(head.array());
        all.write(data.toByteArray());
        all.write(ifd.array(), 0, ifd.position());
        all.write(arrays.array(), 0, arrays.position());
        Files.write(file, all.toByteArray());
    }

    /** One strip or tile as raw bytes (tiles padded with zeros beyond the image), predictor applied. */
    private byte[] block(short[] v, int width, int height, int x0, int y0, int bw, int bh, int spp, int bytes,
                         ByteOrder order) {
        ByteBuffer b = ByteBuffer.allocate(bw * bh * spp * bytes).order(order);
        for (int y = 0; y < bh; y++) {
            int[] prev = new int[spp];
            for (int x = 0; x < bw; x++) {
                for (int c = 0; c < spp; c++) {
                    int gx = x0 + x;
                    int gy = y0 + y;
                    int val = gx < width && gy < height ? v[(gy * width + gx) * spp + c] & 0xFFFF : 0;
                    int stored = predictor == 2 ? val - prev[c] : val;
                    prev[c] = val;
                    if (bytes == 2) {
                        b.putShort((short) stored);
                    } else {
                        b.put((byte) stored);
                    }
                }
            }
        }
        return b.array();
    }

    private byte[] encode(byte[] raw, int blockWidth, int spp, int bytes, ByteOrder order) {
        return switch (compression) {
            case 1 -> raw;
            case 8 -> {
                Deflater d = new Deflater(6);
                d.setInput(raw);
                d.finish();
                ByteArrayOutputStream o = new ByteArrayOutputStream();
                byte[] buf = new byte[8192];
                while (!d.finished()) {
                    o.write(buf, 0, d.deflate(buf));
                }
                d.end();
                yield o.toByteArray();
            }
            case 5 -> literalLzw(raw);
            default -> throw new IllegalArgumentException("compression " + compression);
        };
    }

    /** LZW with literal codes only: clear, up to 250 literals, clear, ..., end of information. */
    static byte[] literalLzw(byte[] raw) {
        BitWriter w = new BitWriter();
        for (int i = 0; i < raw.length; i++) {
            if (i % 250 == 0) {
                w.put(256, 9);
            }
            w.put(raw[i] & 0xFF, 9);
        }
        w.put(257, 9);
        return w.bytes();
    }

    private static final class BitWriter {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private long buf;
        private int bits;

        void put(int code, int width) {
            buf = buf << width | code;
            bits += width;
            while (bits >= 8) {
                out.write((int) (buf >>> (bits - 8)) & 0xFF);
                bits -= 8;
            }
        }

        byte[] bytes() {
            if (bits > 0) {
                out.write((int) (buf << (8 - bits)) & 0xFF);
                bits = 0;
            }
            return out.toByteArray();
        }
    }
}
