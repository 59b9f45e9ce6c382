package org.covidct.core.dicom;

import org.covidct.core.CovidctException;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * A buffered, forward-only view of one file that knows its position and the file size, so that no
 * length read from the file can make the reader allocate or skip beyond the end (a corrupt length
 * becomes a "truncated" error, not an OutOfMemoryError). After {@link #inflateRest} the rest of the file
 * is read through a raw inflater (Deflated Explicit VR Little Endian): the size is then unknown, so the
 * bound becomes a cap on the inflated length and large values are read in chunks, allocating only
 * what the stream really holds.
 */
final class DicomInput implements Closeable {

    private static final int BUFFER = 16 * 1024;
    /** Inflated values longer than this are read chunk by chunk. */
    private static final int CHUNK = 1 << 20;

    private final Path file;
    private long size;
    private InputStream in;
    private long pos;
    private boolean bigEndian;
    private Inflater inflater;

    DicomInput(Path file) throws IOException {
        this.file = file;
        this.size = Files.size(file);
        this.in = new BufferedInputStream(Files.newInputStream(file), BUFFER);
    }

    Path file() {
        return file;
    }

    long position() {
        return pos;
    }

    long size() {
        return size;
    }

    /** True once the rest of the file is read through an inflater. */
    boolean inflated() {
        return inflater != null;
    }

    /**
     * Reads the rest of the file as a raw deflate stream (RFC 1951, no zlib header: PS3.5 A.5), at most
     * {@code maxInflated} bytes of it.
     */
    void inflateRest(long maxInflated) {
        inflater = new Inflater(true);
        in = new java.io.BufferedInputStream(new InflaterInputStream(in, inflater, BUFFER), BUFFER);
        size = pos + maxInflated;
    }

    /** True when at least n more bytes can be read (peeked, not consumed, when inflating). */
    boolean hasAtLeast(int n) throws IOException {
        if (inflater == null) {
            return remaining() >= n;
        }
        in.mark(n);
        int got = 0;
        while (got < n && in.read() >= 0) {
            got++;
        }
        in.reset();
        return got == n;
    }

    long remaining() {
        return size - pos;
    }

    void bigEndian(boolean b) {
        this.bigEndian = b;
    }

    boolean bigEndian() {
        return bigEndian;
    }

    /** Marks the start so {@link #rewind} can return to it (only used within the first bytes). */
    void mark(int limit) {
        in.mark(limit);
    }

    void rewind(long to) throws IOException {
        in.reset();
        pos = 0;
        skip(to);
    }

    int u8() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw truncated();
        }
        pos++;
        return b;
    }

    int u16() throws IOException {
        int a = u8();
        int b = u8();
        return bigEndian ? (a << 8) | b : (b << 8) | a;
    }

    long u32() throws IOException {
        long a = u16();
        long b = u16();
        return bigEndian ? (a << 16) | b : (b << 16) | a;
    }

    /** Reads exactly n bytes, refusing any n larger than what is left of the file. */
    byte[] bytes(long n) throws IOException {
        require(n);
        if (inflater != null && n > CHUNK) {
            return chunked((int) n);
        }
        byte[] b = new byte[(int) n];
        int off = 0;
        while (off < n) {
            int r = in.read(b, off, (int) n - off);
            if (r < 0) {
                throw truncated();
            }
            off += r;
        }
        pos += n;
        return b;
    }

    /** Reads n inflated bytes growing the buffer as they arrive: a false length allocates no more than the data. */
    private byte[] chunked(int n) throws IOException {
        byte[] b = new byte[CHUNK];
        int off = 0;
        while (off < n) {
            if (off == b.length) {
                b = Arrays.copyOf(b, (int) Math.min(n, 2L * b.length));
            }
            int r = in.read(b, off, Math.min(b.length, n) - off);
            if (r < 0) {
                throw truncated();
            }
            off += r;
        }
        pos += n;
        return b.length == n ? b : Arrays.copyOf(b, n);
    }

    void skip(long n) throws IOException {
        require(n);
        long left = n;
        while (left > 0) {
            long s = in.skip(left);
            if (s <= 0) {
                if (in.read() < 0) {
                    throw truncated();
                }
                s = 1;
            }
            left -= s;
        }
        pos += n;
    }

    /** The next two bytes as a little- or big-endian number, without consuming them. */
    int peekU16() throws IOException {
        in.mark(2);
        int a = in.read();
        int b = in.read();
        in.reset();
        if (a < 0 || b < 0) {
            return -1;
        }
        return bigEndian ? (a << 8) | b : (b << 8) | a;
    }

    void require(long n) throws EOFException {
        if (n < 0 || n > remaining() || n > Integer.MAX_VALUE - 16) {
            throw new EOFException();
        }
    }

    private EOFException truncated() {
        return new EOFException();
    }

    CovidctException error(String problem) {
        return new CovidctException(file, problem);
    }

    @Override
    public void close() throws IOException {
        try {
            in.close();
        } finally {
            if (inflater != null) {
                inflater.end(); // its native memory is not freed by closing a stream it was handed to
            }
        }
    }
}
