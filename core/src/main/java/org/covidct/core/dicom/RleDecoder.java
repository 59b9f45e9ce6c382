package org.covidct.core.dicom;

/**
 * DICOM RLE Lossless (PS3.5 annex G): a 64-byte header of segment offsets, one PackBits-coded segment
 * per byte plane, most significant plane first.
 */
final class RleDecoder {
    private RleDecoder() {
    }

    /**
     * Decodes one frame into raw unsigned samples of {@code bytesPerSample} bytes each.
     *
     * @throws IllegalArgumentException with the problem when the frame is malformed
     */
    static int[] decode(byte[] frame, int pixels, int bytesPerSample) {
        if (frame.length < 64) {
            throw new IllegalArgumentException("RLE frame shorter than its 64-byte header");
        }
        int segments = u32(frame, 0);
        if (segments != bytesPerSample) {
            throw new IllegalArgumentException("RLE frame has " + segments + " segments, expected " + bytesPerSample);
        }
        int[] out = new int[pixels];
        byte[] plane = new byte[pixels];
        for (int s = 0; s < segments; s++) {
            long start = u32(frame, 4 + 4 * s) & 0xFFFFFFFFL;
            long end = s + 1 < segments ? u32(frame, 8 + 4 * s) & 0xFFFFFFFFL : frame.length;
            if (start < 64 || start > end || end > frame.length) {
                throw new IllegalArgumentException("RLE segment " + (s + 1) + " has bad offsets " + start + ".." + end);
            }
            unpack(frame, (int) start, (int) end, plane, s + 1);
            int shift = 8 * (segments - 1 - s);
            for (int i = 0; i < pixels; i++) {
                out[i] |= (plane[i] & 0xFF) << shift;
            }
        }
        return out;
    }

    private static void unpack(byte[] src, int pos, int end, byte[] dst, int segment) {
        int o = 0;
        // each step consumes at least its header byte, so a segment of k bytes ends within k steps; the step
        // count bounds the loop on its own, not only the positions a corrupt run length moves
        for (int steps = end - pos; steps > 0 && pos < end && o < dst.length; steps--) {
            int n = src[pos++];
            if (n >= 0) {
                int count = n + 1;
                if (pos + count > end || o + count > dst.length) {
                    throw new IllegalArgumentException("RLE segment " + segment + " literal run overruns");
                }
                System.arraycopy(src, pos, dst, o, count);
                pos += count;
                o += count;
            } else if (n != -128) {
                int count = 1 - n;
                if (pos >= end || o + count > dst.length) {
                    throw new IllegalArgumentException("RLE segment " + segment + " replicate run overruns");
                }
                byte b = src[pos++];
                for (int i = 0; i < count; i++) {
                    dst[o++] = b;
                }
            }
        }
        if (o != dst.length) {
            throw new IllegalArgumentException("RLE segment " + segment + " decodes to " + o + " bytes, expected "
                    + dst.length);
        }
    }

    private static int u32(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8 | (b[off + 2] & 0xFF) << 16 | (b[off + 3] & 0xFF) << 24;
    }

    /** Encodes byte planes (used by tests to build RLE files; plain PackBits with runs of 3 or more). */
    static byte[] encodeSegment(byte[] plane) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int i = 0;
        // each pass codes at least one byte: plane.length passes at most
        for (int passes = plane.length; passes > 0 && i < plane.length; passes--) {
            int run = 1;
            while (i + run < plane.length && run < 128 && plane[i + run] == plane[i]) {
                run++;
            }
            if (run >= 3) {
                out.write(1 - run);
                out.write(plane[i]);
                i += run;
                continue;
            }
            int start = i;
            int lit = 0;
            while (i < plane.length && lit < 128) {
                int r = 1;
                while (i + r < plane.length && r < 3 && plane[i + r] == plane[i]) {
                    r++;
                }
                if (r >= 3) {
                    break;
                }
                i++;
                lit++;
            }
            out.write(lit - 1);
            out.write(plane, start, lit);
        }
        return out.toByteArray();
    }
}
