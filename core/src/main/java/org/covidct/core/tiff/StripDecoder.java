package org.covidct.core.tiff;

import org.covidct.core.CovidctException;

import java.awt.Rectangle;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decodes the strips of a 16-bit grayscale TIFF that cover a region, and only those: slice selection
 * reads rows 240..339 of 512-row slices stored (by OpenCV) in 8-row LZW strips, so 13 of 64 strips.
 * Handles uncompressed, LZW and Deflate strips with or without the horizontal predictor; anything else
 * (tiles, old-style LZW, other codecs) is left to TwelveMonkeys by {@link TiffSlices}.
 *
 * <p>The LZW decoder keeps each table entry as a (position, length) reference into the output already
 * written, which is always possible because an entry is the previous string plus the first byte of the
 * string that follows it in the output; decoding a code is then one copy, with no string table to build.
 */
final class StripDecoder {

    /** Signals a layout detail this decoder leaves to the library (old-style LZW). */
    static final class Unsupported extends Exception {
        Unsupported(String what) {
            super(what, null, false, false);
        }
    }

    private static final int CLEAR = 256;
    private static final int EOI = 257;
    private static final int MAX_CODES = 4096;

    /** Per-thread buffers: slices are decoded in parallel, one at a time per thread. */
    private static final class Scratch {
        byte[] compressed = new byte[64 * 1024];
        byte[] strip = new byte[64 * 1024];
        final long[] lzwTable = new long[MAX_CODES];
        final Inflater inflater = new Inflater();

        Scratch() {
            for (int c = 0; c < 256; c++) {
                strip[c] = (byte) c;
                lzwTable[c] = (long) c << 16 | 1;
            }
            // CLEAR (256) and EOI (257) keep length 0: they are not strings
        }

        byte[] compressed(int n) {
            if (compressed.length < n) {
                compressed = new byte[Math.max(n, compressed.length * 2)];
            }
            return compressed;
        }

        /** The strip buffer, at least n bytes, its first BASE bytes holding 0..255 for LZW literals. */
        byte[] strip(int n) {
            if (strip.length < n) {
                byte[] bigger = new byte[Math.max(n, strip.length * 2)];
                System.arraycopy(strip, 0, bigger, 0, BASE);
                strip = bigger;
            }
            return strip;
        }
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private StripDecoder() {
    }

    /** Decodes {@code region} (already validated against the image size) of a strip-stored slice. */
    static short[] decode(Path file, FileChannel ch, TiffDirectory d, Rectangle region)
            throws IOException, Unsupported {
        short[] out = new short[region.width * region.height];
        decodeRows(file, ch, d, region, (strip, rowStart, y) ->
                copyRow(d, strip, rowStart, region, out, (y - region.y) * region.width));
        return out;
    }

    /**
     * Counts the values of {@code region} below {@code below} (unsigned) straight from the decoded
     * strips, without materialising the region: slice selection needs the count only.
     */
    static int countBelow(Path file, FileChannel ch, TiffDirectory d, Rectangle region, int below)
            throws IOException, Unsupported {
        int[] count = new int[1];
        decodeRows(file, ch, d, region, (strip, rowStart, y) -> count[0] += countRow(d, strip, rowStart, region, below));
        return count[0];
    }

    /** Receives one decoded row of the region: its bytes start at rowStart in strip; y is the image row. */
    @FunctionalInterface
    private interface RowSink {
        void row(byte[] strip, int rowStart, int y);
    }

    private static void decodeRows(Path file, FileChannel ch, TiffDirectory d, Rectangle region, RowSink sink)
            throws IOException, Unsupported {
        Scratch s = SCRATCH.get();
        int rps = d.rowsPerStrip();
        int firstStrip = region.y / rps;
        int lastStrip = (region.y + region.height - 1) / rps;
        if (lastStrip >= d.offsets().length) {
            throw new CovidctException(file, "corrupt TIFF: " + d.offsets().length + " strips for " + d.height()
                    + " rows of " + rps);
        }
        // one read when the needed strips lie together in the file (the usual case), else one per strip
        long spanStart = Long.MAX_VALUE;
        long spanEnd = 0;
        long total = 0;
        for (int k = firstStrip; k <= lastStrip; k++) {
            long off = d.offsets()[k];
            long len = d.byteCounts()[k];
            if (off < 0 || len < 0 || off + len > d.fileSize()) {
                throw new CovidctException(file, "truncated TIFF: strip " + k + " needs bytes " + off + ".."
                        + (off + len) + " of a " + d.fileSize() + "-byte file");
            }
            spanStart = Math.min(spanStart, off);
            spanEnd = Math.max(spanEnd, off + len);
            total += len;
        }
        boolean oneRead = spanEnd - spanStart <= 2 * total + 65536 && spanEnd - spanStart < Integer.MAX_VALUE / 2;
        byte[] comp;
        if (oneRead) {
            comp = s.compressed((int) (spanEnd - spanStart));
            readFully(file, ch, comp, 0, (int) (spanEnd - spanStart), spanStart);
        } else {
            comp = null;
        }

        int rowBytes = d.width() * 2;
        for (int k = firstStrip; k <= lastStrip; k++) {
            int stripRows = Math.min(rps, d.height() - k * rps);
            int expected = stripRows * rowBytes;
            // compressed strips are decoded only down to the last byte the region needs: the last needed
            // row only up to the region's right edge (rows 240..339 x columns ..369 of 512: 4% less)
            int needed = (Math.min(region.y + region.height, k * rps + stripRows) - k * rps - 1) * rowBytes
                    + (region.x + region.width) * 2;
            int len = (int) d.byteCounts()[k];
            int inOff;
            byte[] in;
            if (oneRead) {
                in = comp;
                inOff = (int) (d.offsets()[k] - spanStart);
            } else {
                in = s.compressed(len);
                inOff = 0;
                readFully(file, ch, in, 0, len, d.offsets()[k]);
            }
            byte[] strip = s.strip(BASE + expected + SLACK);
            switch (d.compression()) {
                case TiffDirectory.COMPRESSION_NONE -> {
                    if (len < expected) {
                        throw new CovidctException(file, "truncated TIFF: strip " + k + " holds " + len + " of "
                                + expected + " bytes");
                    }
                    System.arraycopy(in, inOff, strip, BASE, expected);
                }
                case TiffDirectory.COMPRESSION_LZW -> lzw(file, k, in, inOff, len, strip, needed, s);
                default -> inflate(file, k, in, inOff, len, strip, needed, s.inflater);
            }
            int y0 = Math.max(region.y, k * rps);
            int y1 = Math.min(region.y + region.height, k * rps + stripRows);
            for (int y = y0; y < y1; y++) {
                sink.row(strip, BASE + (y - k * rps) * rowBytes, y);
            }
        }
    }

    /** Values below {@code below} in columns region.x.. of one decoded row, as {@link #copyRow} would store them. */
    private static int countRow(TiffDirectory d, byte[] strip, int rowStart, Rectangle region, int below) {
        int x0 = region.x;
        int x1 = region.x + region.width;
        int n = 0;
        if (d.predictor() == 2 && d.compression() != TiffDirectory.COMPRESSION_NONE) {
            int acc = 0;
            int p = rowStart;
            if (d.littleEndian()) {
                for (int x = 0; x < x0; x++, p += 2) {
                    acc += (strip[p] & 0xFF) | (strip[p + 1] & 0xFF) << 8;
                }
                for (int x = x0; x < x1; x++, p += 2) {
                    acc += (strip[p] & 0xFF) | (strip[p + 1] & 0xFF) << 8;
                    n += (acc & 0xFFFF) < below ? 1 : 0;
                }
            } else {
                for (int x = 0; x < x0; x++, p += 2) {
                    acc += (strip[p] & 0xFF) << 8 | (strip[p + 1] & 0xFF);
                }
                for (int x = x0; x < x1; x++, p += 2) {
                    acc += (strip[p] & 0xFF) << 8 | (strip[p + 1] & 0xFF);
                    n += (acc & 0xFFFF) < below ? 1 : 0;
                }
            }
        } else if (d.littleEndian()) {
            for (int x = x0, p = rowStart + 2 * x0; x < x1; x++, p += 2) {
                n += ((strip[p] & 0xFF) | (strip[p + 1] & 0xFF) << 8) < below ? 1 : 0;
            }
        } else {
            for (int x = x0, p = rowStart + 2 * x0; x < x1; x++, p += 2) {
                n += ((strip[p] & 0xFF) << 8 | (strip[p + 1] & 0xFF)) < below ? 1 : 0;
            }
        }
        return n;
    }

    /** Copies columns region.x.. of one decoded row, undoing the horizontal predictor on the way. */
    private static void copyRow(TiffDirectory d, byte[] strip, int rowStart, Rectangle region, short[] out, int outStart) {
        int x0 = region.x;
        int x1 = region.x + region.width;
        boolean le = d.littleEndian();
        // libtiff and TwelveMonkeys apply the predictor only to compressed data; so do we
        if (d.predictor() == 2 && d.compression() != TiffDirectory.COMPRESSION_NONE) {
            // differences accumulate from column 0, so columns left of the region are summed, not stored
            int acc = 0;
            int p = rowStart;
            if (le) {
                for (int x = 0; x < x0; x++, p += 2) {
                    acc += (strip[p] & 0xFF) | (strip[p + 1] & 0xFF) << 8;
                }
                for (int x = x0; x < x1; x++, p += 2) {
                    acc += (strip[p] & 0xFF) | (strip[p + 1] & 0xFF) << 8;
                    out[outStart + x - x0] = (short) acc;
                }
            } else {
                for (int x = 0; x < x0; x++, p += 2) {
                    acc += (strip[p] & 0xFF) << 8 | (strip[p + 1] & 0xFF);
                }
                for (int x = x0; x < x1; x++, p += 2) {
                    acc += (strip[p] & 0xFF) << 8 | (strip[p + 1] & 0xFF);
                    out[outStart + x - x0] = (short) acc;
                }
            }
        } else if (le) {
            for (int x = x0; x < x1; x++) {
                int p = rowStart + 2 * x;
                out[outStart + x - x0] = (short) ((strip[p] & 0xFF) | (strip[p + 1] & 0xFF) << 8);
            }
        } else {
            for (int x = x0; x < x1; x++) {
                int p = rowStart + 2 * x;
                out[outStart + x - x0] = (short) ((strip[p] & 0xFF) << 8 | (strip[p + 1] & 0xFF));
            }
        }
    }

    private static void readFully(Path file, FileChannel ch, byte[] dst, int off, int len, long pos) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(dst, off, len);
        while (b.hasRemaining()) {
            if (ch.read(b, pos + (b.position() - off)) < 0) {
                throw new CovidctException(file, "truncated TIFF: unexpected end of file");
            }
        }
    }

    private static void inflate(Path file, int strip, byte[] in, int off, int len, byte[] out, int expected,
                                Inflater inf) {
        inf.reset();
        inf.setInput(in, off, len);
        int n = 0;
        try {
            while (n < expected) {
                int got = inf.inflate(out, BASE + n, expected - n);
                n += got;
                if (got == 0 && (inf.finished() || inf.needsInput() || inf.needsDictionary())) {
                    break;
                }
            }
        } catch (DataFormatException e) {
            throw new CovidctException(file, "corrupt Deflate data in strip " + strip + " (" + e.getMessage() + ")");
        }
        if (n < expected) {
            throw new CovidctException(file, "truncated TIFF: Deflate strip " + strip + " decodes to " + n + " of "
                    + expected + " bytes");
        }
    }

    /**
     * TIFF LZW (MSB-first codes, code width grows one code early) into out[BASE, BASE+expected).
     * out[0..256) must hold the bytes 0..255 ({@link Scratch#strip}): a literal code is then an entry
     * like any other, (position c, length 1), and every code decodes through one branch-free copy.
     * out must have {@link #SLACK} bytes beyond BASE+expected: strings are copied eight bytes at a
     * time and may write past their end (the excess is overwritten by the next string or ignored).
     */
    static void lzw(Path file, int strip, byte[] in, int off, int len, byte[] out, int expected, Scratch s)
            throws Unsupported {
        if (len >= 2 && in[off] == 0 && (in[off + 1] & 1) != 0) {
            throw new Unsupported("old-style LZW");
        }
        long[] table = s.lzwTable; // position << 16 | length; length 0 marks CLEAR and EOI
        int ip = off;
        int end = off + len;
        long bitBuf = 0;
        int bits = 0;
        int width = 9;
        int mask = 511;
        int next = 258;
        int op = BASE;
        int limit = BASE + expected;
        int prevPos = -1;
        int prevLen = 0;
        while (op < limit) {
            if (bits < width) {
                if (ip + 4 <= end) {
                    bitBuf = bitBuf << 32 | ((int) INTS_BE.get(in, ip) & 0xFFFFFFFFL);
                    ip += 4;
                    bits += 32;
                } else {
                    while (bits <= 56 && ip < end) {
                        bitBuf = bitBuf << 8 | (in[ip++] & 0xFF);
                        bits += 8;
                    }
                    if (bits < width) {
                        throw new CovidctException(file, "truncated TIFF: LZW strip " + strip + " decodes to "
                                + (op - BASE) + " of " + expected + " bytes");
                    }
                }
            }
            int code = (int) (bitBuf >>> (bits - width)) & mask;
            bits -= width;
            long entry = table[code];
            int n = (int) entry & 0xFFFF;
            int start = op;
            if (code < next && n != 0) {
                int from = (int) (entry >>> 16);
                // the strings of real slices are one to five bytes long (noise leaves LZW little to find):
                // one eight-byte move, whatever bytes follow the string (from + n <= op, so the bytes that
                // matter are already written); longer strings move eight bytes at a time, except from a
                // source among the last bytes written (a load spanning several recent stores cannot be
                // forwarded from the store buffer and stalls)
                if (n <= 8) {
                    LONGS.set(out, op, (long) LONGS.get(out, from));
                } else if (from + 16 <= start) {
                    for (int i = 0; i < n; i += 8) {
                        LONGS.set(out, op + i, (long) LONGS.get(out, from + i));
                    }
                } else {
                    for (int i = 0; i < n; i++) {
                        out[op + i] = out[from + i];
                    }
                }
                op += n;
            } else if (code == CLEAR) {
                width = 9;
                mask = 511;
                next = 258;
                prevPos = -1;
                continue;
            } else if (code == EOI) {
                break;
            } else if (code == next && prevPos >= 0) {
                // the string being defined: previous string plus its own first byte
                n = prevLen + 1;
                for (int i = 0; i < prevLen; i += 8) {
                    LONGS.set(out, op + i, (long) LONGS.get(out, prevPos + i));
                }
                out[op + prevLen] = out[prevPos];
                op += n;
            } else {
                throw new CovidctException(file, "corrupt LZW data in strip " + strip + " (code " + code
                        + (prevPos < 0 ? " after a clear)" : " not yet defined)"));
            }
            if (prevPos >= 0) {
                if (next < MAX_CODES) {
                    table[next] = (long) prevPos << 16 | (prevLen + 1);
                    next++;
                    if (next == mask && width < 12) {
                        width++;
                        mask = (1 << width) - 1;
                    }
                }
            } else if (code > 255) {
                throw new CovidctException(file, "corrupt LZW data in strip " + strip + " (code " + code
                        + " after a clear)");
            }
            prevPos = start;
            prevLen = n;
        }
        if (op < limit) {
            throw new CovidctException(file, "truncated TIFF: LZW strip " + strip + " decodes to " + (op - BASE)
                    + " of " + expected + " bytes");
        }
    }

    /** Where decoded LZW data starts in a strip buffer; below it lie the 256 literal bytes. */
    static final int BASE = 256;

    /** Bytes a decode buffer needs beyond its content for the eight-byte string moves of {@link #lzw}. */
    static final int SLACK = 4096 + 8;

    private static final java.lang.invoke.VarHandle LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final java.lang.invoke.VarHandle INTS_BE =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(int[].class, java.nio.ByteOrder.BIG_ENDIAN);
}
