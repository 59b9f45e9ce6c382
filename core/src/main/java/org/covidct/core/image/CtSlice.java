package org.covidct.core.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One CT slice in the COVID-CTset value convention: unsigned 16-bit values, HU + 1024, row-major.
 * The array is held as {@code short[]} and read unsigned ({@link #get}).
 *
 * @param width   columns
 * @param height  rows
 * @param values  row-major, length width*height, unsigned 16-bit in a short
 * @param source  where it came from (file name or description), for messages
 */
public record CtSlice(int width, int height, short[] values, String source) {

    public CtSlice {
        if (width <= 0 || height <= 0 || values.length != width * height) {
            throw new IllegalArgumentException("slice " + width + "x" + height + " with " + values.length + " values");
        }
    }

    /** Unsigned value at column x, row y. */
    public int get(int x, int y) {
        return values[y * width + x] & 0xFFFF;
    }

    public int max() {
        int m = 0;
        for (short v : values) {
            m = Math.max(m, v & 0xFFFF);
        }
        return m;
    }

    public int min() {
        int m = 0xFFFF;
        for (short v : values) {
            m = Math.min(m, v & 0xFFFF);
        }
        return m;
    }

    /** SHA-256 of the values as uint16 little-endian row-major (the form the test oracles use). */
    public String sha256() {
        ByteBuffer buf = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        buf.asShortBuffer().put(values);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(buf.array()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
