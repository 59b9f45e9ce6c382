package org.covidct.core.tiff;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Edits the first directory of a classic TIFF held in memory (either byte order): the value of a
 * one-value entry, strip offsets and byte counts. Test code: it builds the damaged files the reader must
 * refuse, a field at a time.
 */
final class TiffPatch {
    final byte[] bytes;
    private final ByteBuffer b;

    TiffPatch(byte[] tiff) {
        this.bytes = tiff.clone();
        this.b = ByteBuffer.wrap(bytes).order(bytes[0] == 'I' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
    }

    int ifd() {
        return b.getInt(4);
    }

    int entryCount() {
        return b.getShort(ifd()) & 0xFFFF;
    }

    /** Byte position of the entry for {@code tag}, or -1. */
    int entry(int tag) {
        for (int k = 0; k < entryCount(); k++) {
            int p = ifd() + 2 + 12 * k;
            if ((b.getShort(p) & 0xFFFF) == tag) {
                return p;
            }
        }
        return -1;
    }

    /** Sets a one-value SHORT or LONG entry. */
    TiffPatch set(int tag, long value) {
        int p = entry(tag);
        if (p < 0) {
            throw new IllegalArgumentException("no tag " + tag);
        }
        int type = b.getShort(p + 2) & 0xFFFF;
        if (type == 3) {
            b.putShort(p + 8, (short) value);
        } else {
            b.putInt(p + 8, (int) value);
        }
        return this;
    }

    long get(int tag) {
        int p = entry(tag);
        int type = b.getShort(p + 2) & 0xFFFF;
        return type == 3 ? b.getShort(p + 8) & 0xFFFF : b.getInt(p + 8) & 0xFFFFFFFFL;
    }

    int count(int tag) {
        return b.getInt(entry(tag) + 4);
    }

    /** Element {@code k} of an array entry of LONGs (StripOffsets 273, StripByteCounts 279). */
    long element(int tag, int k) {
        int p = entry(tag);
        int n = b.getInt(p + 4);
        int at = n == 1 ? p + 8 : b.getInt(p + 8);
        return b.getInt(at + 4 * k) & 0xFFFFFFFFL;
    }

    TiffPatch element(int tag, int k, long value) {
        int p = entry(tag);
        int n = b.getInt(p + 4);
        int at = n == 1 ? p + 8 : b.getInt(p + 8);
        b.putInt(at + 4 * k, (int) value);
        return this;
    }

    long offset(int strip) {
        return element(273, strip);
    }

    long byteCount(int strip) {
        return element(279, strip);
    }
}
