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
        Plausibility p = decodeRows(file, ch, d, region, (strip, rowStart, y) ->
                copyRow(d, strip, rowStart, region, out, (y - region.y) * region.width));
        p.count(out);
        p.check(file);
        return out;
    }

    /** The check of values at or above {@link #HIGH} for slices the library decoded. */
    static void checkHighValues(Path file, short[] values) {
        Plausibility p = new Plausibility();
        p.count(values);
        p.check(file);
    }

    /**
     * Counts the values of {@code region} below {@code below} (unsigned) straight from the decoded
     * strips, without materialising the region: slice selection needs the count only.
     */
    static int countBelow(Path file, FileChannel ch, TiffDirectory d, Rectangle region, int below)
            throws IOException, Unsupported {
        long[] count = new long[2];
        Plausibility p = decodeRows(file, ch, d, region, (strip, rowStart, y) -> {
            long c = countRow(d, strip, rowStart, region, below);
            count[0] += (int) c;
            count[1] += c >>> 32;
        });
        p.pixels = (long) region.width * region.height;
        p.high = count[1];
        p.check(file);
        return (int) count[0];
    }

    /** Receives one decoded row of the region: its bytes start at rowStart in strip; y is the image row. */
    @FunctionalInterface
    private interface RowSink {
        void row(byte[] strip, int rowStart, int y);
    }

    /** Values at or above this (HU 60416) are no CT value; a quarter of a slice of them is differences, not values. */
    static final int HIGH = 0xF000;

    /** Judgement on the decoded values that no header states: does the data fit its Predictor tag? */
    private static final class Plausibility {
        long pixels;
        long high;
        long changes;   // horizontal differences that are not zero (Predictor 2)
        long falls;     // ... of which negative

        void count(short[] values) {
            long n = 0;
            for (short v : values) {
                n += (v & 0xFFFF) >= HIGH ? 1 : 0;
            }
            pixels += values.length;
            high += n;
        }

        /**
         * Refuses what a false Predictor tag makes of CT data. Raw values read as differences sum into rows
         * that only ever rise (never one negative difference among thousands: no CT row does that); differences
         * read as values put small negative numbers, 65,000 and more, in a large share of the pixels.
         */
        void check(Path file) {
            if (changes >= 1024 && falls * 256 < changes) {
                throw new CovidctException(file, "TIFF Predictor 2 does not fit the data: " + falls + " of " + changes
                        + " horizontal differences are negative, rows only rise (data stored without the predictor?)");
            }
            if (pixels >= 1024 && high * 4 > pixels) {
                throw new CovidctException(file, high + " of " + pixels + " values are " + HIGH + " or more (HU 60416+): "
                        + "not CT values (horizontal differences stored without their Predictor tag?)");
            }
        }
    }

    private static Plausibility decodeRows(Path file, FileChannel ch, TiffDirectory d, Rectangle region, RowSink sink)
            throws IOException, Unsupported {
        Scratch s = SCRATCH.get();
        int rps = d.rowsPerStrip();
        int strips = d.offsets().length;
        int firstStrip = region.y / rps;
        int lastStrip = (region.y + region.height - 1) / rps;
        // a Deflate stream shows whether it is whole only at its end, after its checksum: such slices are
        // inflated whole; other strips outside the region are checked cheaply (checkUndecodedStrip), and
        // the last strip is always decoded (its row count is where a wrong ImageLength shows): a slice is
        // accepted whole or not at all, also when only part of it is decoded
        boolean deflate = d.compression() == TiffDirectory.COMPRESSION_DEFLATE
                || d.compression() == TiffDirectory.COMPRESSION_DEFLATE_OLD;
        int from = deflate ? 0 : firstStrip;
        int to = deflate ? strips - 1 : lastStrip;
        if (!deflate) {
            checkOtherStrips(file, ch, d, firstStrip, lastStrip);
        }
        // one read when the strips lie together in the file (the usual case), else one per strip
        long spanStart = Long.MAX_VALUE;
        long spanEnd = 0;
        long total = 0;
        for (int k = from; k <= to; k++) {
            spanStart = Math.min(spanStart, d.offsets()[k]);
            spanEnd = Math.max(spanEnd, d.offsets()[k] + d.byteCounts()[k]);
            total += d.byteCounts()[k];
        }
        boolean oneRead = spanEnd - spanStart <= 2 * total + 65536 && spanEnd - spanStart < Integer.MAX_VALUE / 2;
        byte[] comp;
        if (oneRead) {
            comp = s.compressed((int) (spanEnd - spanStart));
            readFully(file, ch, comp, 0, (int) (spanEnd - spanStart), spanStart);
        } else {
            comp = null;
        }

        Plausibility p = new Plausibility();
        boolean predicted = d.predictor() == 2 && d.compression() != TiffDirectory.COMPRESSION_NONE;
        int rowBytes = d.width() * 2;
        for (int k = from; k < strips; k++) {
            boolean read = k <= to;
            if (!read && k != strips - 1) {
                continue; // checked above
            }
            boolean inRegion = k >= firstStrip && k <= lastStrip;
            int len = (int) d.byteCounts()[k];
            int inOff;
            byte[] in;
            if (oneRead && read) {
                in = comp;
                inOff = (int) (d.offsets()[k] - spanStart);
            } else {
                in = read ? s.compressed(len) : new byte[len];
                inOff = 0;
                readFully(file, ch, in, 0, len, d.offsets()[k]);
            }
            int stripRows = Math.min(rps, d.height() - k * rps);
            int expected = stripRows * rowBytes;
            byte[] strip = s.strip(BASE + expected + SLACK);
            switch (d.compression()) {
                case TiffDirectory.COMPRESSION_NONE -> System.arraycopy(in, inOff, strip, BASE, expected);
                case TiffDirectory.COMPRESSION_LZW -> lzw(file, k, in, inOff, len, strip, expected, s);
                default -> inflate(file, k, in, inOff, len, strip, expected, s.inflater);
            }
            if (!inRegion) {
                continue;
            }
            int y0 = Math.max(region.y, k * rps);
            int y1 = Math.min(region.y + region.height, k * rps + stripRows);
            for (int y = y0; y < y1; y++) {
                int rowStart = BASE + (y - k * rps) * rowBytes;
                if (predicted && (y & 3) == 0) {
                    differences(d, strip, rowStart, Math.max(1, region.x), region.x + region.width, p);
                }
                sink.row(strip, rowStart, y);
            }
        }
        return p;
    }

    /**
     * Counts the non-zero and the negative horizontal differences of columns start..end of a predicted row
     * (every fourth row is enough for the judgement, and costs a quarter).
     */
    private static void differences(TiffDirectory d, byte[] strip, int rowStart, int start, int end, Plausibility p) {
        int hi = d.littleEndian() ? 1 : 0;
        long changes = 0;
        long falls = 0;
        for (int x = start, q = rowStart + 2 * start; x < end; x++, q += 2) {
            int diff = (strip[q + hi] & 0xFF) << 8 | (strip[q + 1 - hi] & 0xFF);
            changes += diff != 0 ? 1 : 0;
            falls += diff >= 0x8000 ? 1 : 0;
        }
        p.changes += changes;
        p.falls += falls;
    }

    /**
     * The cheap check of every strip a partial read neither decodes nor reads ({@link #checkUndecodedStrip}):
     * only the first two and last three bytes of each are looked at, through a mapping of the file, so the
     * rest of it is not copied.
     */
    private static void checkOtherStrips(Path file, FileChannel ch, TiffDirectory d, int firstStrip, int lastStrip)
            throws IOException, Unsupported {
        int strips = d.offsets().length;
        if (d.compression() != TiffDirectory.COMPRESSION_LZW || firstStrip == 0 && lastStrip >= strips - 2) {
            return; // uncompressed strips were checked with the directory; Deflate ones are decoded
        }
        java.nio.MappedByteBuffer m = ch.map(FileChannel.MapMode.READ_ONLY, 0, d.fileSize());
        byte[] ends = new byte[5];
        Scratch s = null;
        for (int k = 0; k < strips - 1; k++) {
            if (k >= firstStrip && k <= lastStrip) {
                continue;
            }
            int off = (int) d.offsets()[k];
            int len = (int) d.byteCounts()[k];
            int head = Math.min(2, len);
            int tail = Math.min(3, len);
            m.get(off, ends, 0, head);
            m.get(off + len - tail, ends, 2, tail);
            checkUndecodedStrip(file, d, k, ends, head, tail);
            if (d.gapAfter(k) > 1 && d.compression() == TiffDirectory.COMPRESSION_LZW) {
                // not where writers put it: decoded, so a shortened byte count cannot pass the end check by chance
                s = s == null ? SCRATCH.get() : s;
                byte[] in = new byte[len];
                m.get(off, in, 0, len);
                int expected = Math.min(d.rowsPerStrip(), d.height() - k * d.rowsPerStrip()) * d.width() * 2;
                lzw(file, k, in, 0, len, s.strip(BASE + expected + SLACK), expected, s);
            }
        }
    }

    /**
     * The cheap check of an LZW strip the region does not need (its offset and length were checked with the
     * directory): it must begin with a Clear code and end with the end-of-information code followed only by
     * the zero bits that fill its last byte. Decoding it would cost as much as the region itself
     * (docs/IMAGE-IO.md).
     */
    private static void checkUndecodedStrip(Path file, TiffDirectory d, int k, byte[] ends, int head, int tail) {
        if (d.compression() == TiffDirectory.COMPRESSION_LZW) {
            if (head == 2 && ends[0] == 0 && (ends[1] & 1) != 0) {
                return; // old-style LZW: its own bit order; such files are decoded whole by the library
            }
            if (head < 2 || tail < 3 || ((ends[0] & 0xFF) << 1 | (ends[1] & 0xFF) >> 7) != CLEAR
                    || !endsWithEoi(ends, 2, 3)) {
                throw new CovidctException(file, "corrupt LZW data in strip " + k
                        + " (no Clear code at its start or no end-of-information code at its end)");
            }
        }
    }

    /** True when the last bits of an LZW strip are the EOI code (9 to 12 bits wide) and then zero padding. */
    static boolean endsWithEoi(byte[] in, int off, int len) {
        long tail = 0;
        for (int i = Math.max(0, len - 3); i < len; i++) {
            tail = tail << 8 | (in[off + i] & 0xFF);
        }
        int tailBits = Math.min(len, 3) * 8;
        for (int pad = 0; pad < 8; pad++) {
            if (pad > 0 && (tail >>> (pad - 1) & 1) != 0) {
                break; // padding bits are zero
            }
            for (int width = 9; width <= 12; width++) {
                if (pad + width <= tailBits && (tail >>> pad & ((1L << width) - 1)) == EOI) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Values below {@code below} in columns region.x.. of one decoded row, as {@link #copyRow} would store
     * them (low 32 bits), and values at or above {@link #HIGH} (high 32 bits).
     */
    private static long countRow(TiffDirectory d, byte[] strip, int rowStart, Rectangle region, int below) {
        int x0 = region.x;
        int x1 = region.x + region.width;
        int hi = d.littleEndian() ? 1 : 0;
        int n = 0;
        int high = 0;
        if (d.predictor() == 2 && d.compression() != TiffDirectory.COMPRESSION_NONE) {
            int acc = 0;
            int p = rowStart;
            for (int x = 0; x < x0; x++, p += 2) {
                acc += (strip[p + hi] & 0xFF) << 8 | (strip[p + 1 - hi] & 0xFF);
            }
            for (int x = x0; x < x1; x++, p += 2) {
                acc += (strip[p + hi] & 0xFF) << 8 | (strip[p + 1 - hi] & 0xFF);
                int v = acc & 0xFFFF;
                n += v < below ? 1 : 0;
                high += v >= HIGH ? 1 : 0;
            }
        } else {
            for (int x = x0, p = rowStart + 2 * x0; x < x1; x++, p += 2) {
                int v = (strip[p + hi] & 0xFF) << 8 | (strip[p + 1 - hi] & 0xFF);
                n += v < below ? 1 : 0;
                high += v >= HIGH ? 1 : 0;
            }
        }
        return (long) high << 32 | n;
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
        try {
            if (inf.inflate(out, BASE + expected, 1) > 0) {
                throw new CovidctException(file, "Deflate strip " + strip + " decodes to more than its " + expected
                        + " bytes (ImageWidth/ImageLength/RowsPerStrip do not match the data)");
            }
        } catch (DataFormatException e) {
            throw new CovidctException(file, "corrupt Deflate data in strip " + strip + " (" + e.getMessage() + ")");
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
        boolean started = false;
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
            if (!started) {
                // every TIFF LZW writer opens a strip with Clear (TIFF 6.0 section 13); data that does not is
                // not the start of a strip (a shifted offset, another strip's bytes)
                if (code != CLEAR) {
                    throw new CovidctException(file, "corrupt LZW data in strip " + strip
                            + " (does not start with a Clear code)");
                }
                started = true;
            }
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
        if (op > limit) {
            throw new CovidctException(file, "LZW strip " + strip + " decodes to more than its " + expected
                    + " bytes (ImageWidth/ImageLength/RowsPerStrip do not match the data)");
        }
        // the strip must end here: the end-of-information code (after Clear codes, if any), nothing else
        while (true) {
            if (bits < width) {
                while (bits <= 56 && ip < end) {
                    bitBuf = bitBuf << 8 | (in[ip++] & 0xFF);
                    bits += 8;
                }
                if (bits < width) {
                    throw new CovidctException(file, "corrupt LZW data in strip " + strip
                            + " (no end-of-information code after its " + expected + " bytes)");
                }
            }
            int code = (int) (bitBuf >>> (bits - width)) & mask;
            bits -= width;
            if (code == EOI) {
                return;
            }
            if (code != CLEAR) {
                throw new CovidctException(file, "LZW strip " + strip + " holds more than its " + expected
                        + " bytes (ImageWidth/ImageLength/RowsPerStrip do not match the data)");
            }
            width = 9;
            mask = 511;
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
