package org.covidct.core.image;

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
        final int[] entryPos = new int[MAX_CODES];
        final int[] entryLen = new int[MAX_CODES];
        final Inflater inflater = new Inflater();

        byte[] compressed(int n) {
            if (compressed.length < n) {
                compressed = new byte[Math.max(n, compressed.length * 2)];
            }
            return compressed;
        }

        byte[] strip(int n) {
            if (strip.length < n) {
                strip = new byte[Math.max(n, strip.length * 2)];
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

        int w = d.width();
        int rowBytes = w * 2;
        short[] out = new short[region.width * region.height];
        for (int k = firstStrip; k <= lastStrip; k++) {
            int stripRows = Math.min(rps, d.height() - k * rps);
            int expected = stripRows * rowBytes;
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
            byte[] strip = s.strip(expected);
            switch (d.compression()) {
                case TiffDirectory.COMPRESSION_NONE -> {
                    if (len < expected) {
                        throw new CovidctException(file, "truncated TIFF: strip " + k + " holds " + len + " of "
                                + expected + " bytes");
                    }
                    System.arraycopy(in, inOff, strip, 0, expected);
                }
                case TiffDirectory.COMPRESSION_LZW -> lzw(file, k, in, inOff, len, strip, expected, s);
                default -> inflate(file, k, in, inOff, len, strip, expected, s.inflater);
            }
            int y0 = Math.max(region.y, k * rps);
            int y1 = Math.min(region.y + region.height, k * rps + stripRows);
            for (int y = y0; y < y1; y++) {
                copyRow(d, strip, (y - k * rps) * rowBytes, region, out, (y - region.y) * region.width);
            }
        }
        return out;
    }

    /** Copies columns region.x.. of one decoded row, undoing the horizontal predictor on the way. */
    private static void copyRow(TiffDirectory d, byte[] strip, int rowStart, Rectangle region, short[] out, int outStart) {
        int x0 = region.x;
        int x1 = region.x + region.width;
        boolean le = d.littleEndian();
        // libtiff and TwelveMonkeys apply the predictor only to compressed data; so do we
        if (d.predictor() == 2 && d.compression() != TiffDirectory.COMPRESSION_NONE) {
            int acc = 0;
            for (int x = 0; x < x1; x++) {
                int p = rowStart + 2 * x;
                int v = le ? (strip[p] & 0xFF) | (strip[p + 1] & 0xFF) << 8 : (strip[p] & 0xFF) << 8 | (strip[p + 1] & 0xFF);
                acc += v;
                if (x >= x0) {
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
                int got = inf.inflate(out, n, expected - n);
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

    /** TIFF LZW (MSB-first codes, code width grows one code early) into out[0..expected). */
    static void lzw(Path file, int strip, byte[] in, int off, int len, byte[] out, int expected, Scratch s)
            throws Unsupported {
        if (len >= 2 && in[off] == 0 && (in[off + 1] & 1) != 0) {
            throw new Unsupported("old-style LZW");
        }
        int[] pos = s.entryPos;
        int[] lens = s.entryLen;
        int ip = off;
        int end = off + len;
        int bitBuf = 0;
        int bits = 0;
        int width = 9;
        int next = 258;
        int op = 0;
        int prevPos = -1;
        int prevLen = 0;
        while (op < expected) {
            while (bits < width) {
                if (ip >= end) {
                    throw new CovidctException(file, "truncated TIFF: LZW strip " + strip + " decodes to " + op
                            + " of " + expected + " bytes");
                }
                bitBuf = bitBuf << 8 | (in[ip++] & 0xFF);
                bits += 8;
            }
            int code = (bitBuf >>> (bits - width)) & ((1 << width) - 1);
            bits -= width;
            if (code == CLEAR) {
                width = 9;
                next = 258;
                prevPos = -1;
                continue;
            }
            if (code == EOI) {
                break;
            }
            int start = op;
            int n;
            if (prevPos < 0) {
                if (code > 255) {
                    throw new CovidctException(file, "corrupt LZW data in strip " + strip + " (code " + code
                            + " after a clear)");
                }
                out[op++] = (byte) code;
                n = 1;
            } else {
                if (code < 256) {
                    out[op++] = (byte) code;
                    n = 1;
                } else if (code < next) {
                    n = lens[code];
                    int from = pos[code];
                    int m = Math.min(n, expected - op);
                    if (m < 16) {
                        for (int i = 0; i < m; i++) {
                            out[op + i] = out[from + i];
                        }
                    } else {
                        System.arraycopy(out, from, out, op, m);
                    }
                    op += m;
                } else if (code == next) {
                    // the string being defined: previous string plus its own first byte
                    n = prevLen + 1;
                    int m = Math.min(prevLen, expected - op);
                    System.arraycopy(out, prevPos, out, op, m);
                    op += m;
                    if (op < expected) {
                        out[op++] = out[prevPos];
                    }
                } else {
                    throw new CovidctException(file, "corrupt LZW data in strip " + strip + " (code " + code
                            + " not yet defined)");
                }
                if (next < MAX_CODES) {
                    pos[next] = prevPos;
                    lens[next] = prevLen + 1;
                    next++;
                    if (next + 1 == 1 << width && width < 12) {
                        width++;
                    }
                }
            }
            prevPos = start;
            prevLen = n;
        }
        if (op < expected) {
            throw new CovidctException(file, "truncated TIFF: LZW strip " + strip + " decodes to " + op + " of "
                    + expected + " bytes");
        }
    }
}
