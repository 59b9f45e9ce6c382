package org.covidct.core.dicom;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RLE Lossless frames built byte by byte (PS3.5 annex G: a header of segment count and offsets, then
 * PackBits segments, most significant byte plane first), and corrupt ones: each is refused with its reason
 * within a time bound, however long the run lengths it claims.
 */
class RleDecoderTest {

    /** A frame: the 64-byte header (count, then each segment's offset) followed by the segments. */
    static byte[] frame(int declaredSegments, byte[]... segments) {
        int size = 64 + Arrays.stream(segments).mapToInt(s -> s.length).sum();
        byte[] f = new byte[size];
        putU32(f, 0, declaredSegments);
        int at = 64;
        for (int s = 0; s < segments.length; s++) {
            putU32(f, 4 + 4 * s, at);
            System.arraycopy(segments[s], 0, f, at, segments[s].length);
            at += segments[s].length;
        }
        return f;
    }

    static void putU32(byte[] b, int off, long v) {
        for (int i = 0; i < 4; i++) {
            b[off + i] = (byte) (v >>> (8 * i));
        }
    }

    static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    private static String refusal(byte[] frame, int pixels, int bytesPerSample) {
        return assertTimeoutPreemptively(Duration.ofSeconds(2), () -> assertThrows(IllegalArgumentException.class,
                () -> RleDecoder.decode(frame, pixels, bytesPerSample)).getMessage());
    }

    @Test
    void literalReplicateAndNoOpHeadersOfOnePlane() {
        // literal of 2 (10, 20), replicate 3 x 7 (header -2), the no-op -128, literal of 1 (99)
        byte[] f = frame(1, bytes(1, 10, 20, -2, 7, -128, 0, 99));
        assertArrayEquals(new int[] {10, 20, 7, 7, 7, 99}, RleDecoder.decode(f, 6, 1));
        // a replicate run of the longest kind: header -127 gives 128 copies
        assertArrayEquals(fill(128, 200), RleDecoder.decode(frame(1, bytes(-127, 200)), 128, 1));
    }

    private static int[] fill(int n, int value) {
        int[] a = new int[n];
        Arrays.fill(a, value);
        return a;
    }

    @Test
    void sixteenBitSamplesTakeTheFirstSegmentAsTheHighByte() {
        byte[] high = bytes(-3, 0x01);                  // 4 x 0x01
        byte[] low = bytes(3, 0x00, 0x01, 0x02, 0xFF);  // literal 00 01 02 FF
        assertArrayEquals(new int[] {0x0100, 0x0101, 0x0102, 0x01FF}, RleDecoder.decode(frame(2, high, low), 4, 2));
        // the unsigned top bit survives: 0xFF80
        assertArrayEquals(new int[] {0xFF80}, RleDecoder.decode(frame(2, bytes(0, 0xFF), bytes(0, 0x80)), 1, 2));
    }

    @Test
    void runsEndingExactlyAtTheSegmentAndPlaneEndAreWhole() {
        // the literal fills the plane to its last byte and the segment to its last byte
        assertArrayEquals(new int[] {1, 2, 3}, RleDecoder.decode(frame(1, bytes(2, 1, 2, 3)), 3, 1));
        // so does a replicate run
        assertArrayEquals(new int[] {9, 9}, RleDecoder.decode(frame(1, bytes(-1, 9)), 2, 1));
        // a plane filled before the segment ends: the rest (padding) is not read
        assertArrayEquals(new int[] {9, 9}, RleDecoder.decode(frame(1, bytes(-1, 9, 0, 0)), 2, 1));
    }

    @Test
    void malformedHeadersAndOffsetsAreRefusedWithTheReason() {
        assertEquals("RLE frame shorter than its 64-byte header", refusal(new byte[63], 1, 1));
        // a header and nothing else: its one segment is empty
        assertEquals("RLE segment 1 decodes to 0 bytes, expected 1", refusal(frame(1, new byte[0]), 1, 1));
        assertEquals("RLE frame has 2 segments, expected 1", refusal(frame(2, bytes(0, 1), bytes(0, 1)), 1, 1));
        byte[] early = frame(1, bytes(0, 1));
        putU32(early, 4, 63);
        assertEquals("RLE segment 1 has bad offsets 63..66", refusal(early, 1, 1));
        // a huge (unsigned) offset, and a second segment starting before the first
        byte[] huge = frame(1, bytes(0, 1));
        putU32(huge, 4, 0xFFFFFFF0L);
        assertEquals("RLE segment 1 has bad offsets 4294967280..66", refusal(huge, 1, 1));
        byte[] crossed = frame(2, bytes(0, 1), bytes(0, 2));
        putU32(crossed, 8, 64 - 1);
        assertEquals("RLE segment 1 has bad offsets 64..63", refusal(crossed, 1, 2));
        // a later segment's offsets: the third starts before the second
        byte[] backwards = frame(3, bytes(0, 1), bytes(0, 2), bytes(0, 3));
        putU32(backwards, 12, 65);
        assertEquals("RLE segment 2 has bad offsets 66..65", refusal(backwards, 1, 3));
        // the first segment's end beyond the frame (the second's offset past the end)
        byte[] past = frame(3, bytes(0, 1), bytes(0, 2), bytes(0, 3));
        putU32(past, 8, 1000);
        assertEquals("RLE segment 1 has bad offsets 64..1000", refusal(past, 1, 3));
    }

    @Test
    void corruptRunLengthsAreRefusedPromptly() {
        // a literal claiming 6 bytes where 2 are left; one longer than the plane
        assertEquals("RLE segment 1 literal run overruns", refusal(frame(1, bytes(5, 1, 2)), 6, 1));
        assertEquals("RLE segment 1 literal run overruns", refusal(frame(1, bytes(3, 1, 2, 3, 4)), 3, 1));
        // a replicate header as the segment's last byte; a replicate longer than the plane
        assertEquals("RLE segment 1 replicate run overruns", refusal(frame(1, bytes(0, 1, -5)), 6, 1));
        assertEquals("RLE segment 1 replicate run overruns", refusal(frame(1, bytes(0, 1, -1)), 3, 1));
        assertEquals("RLE segment 1 replicate run overruns", refusal(frame(1, bytes(-5, 1)), 3, 1));
        // a segment ending early; one of nothing but no-ops (100,000 bytes, each a step)
        assertEquals("RLE segment 1 decodes to 3 bytes, expected 6", refusal(frame(1, bytes(2, 1, 2, 3)), 6, 1));
        byte[] noOps = new byte[100_000];
        Arrays.fill(noOps, (byte) -128);
        assertEquals("RLE segment 1 decodes to 0 bytes, expected 4", refusal(frame(1, noOps), 4, 1));
        // the second plane is the short one
        assertEquals("RLE segment 2 decodes to 1 bytes, expected 2", refusal(frame(2, bytes(-1, 1), bytes(0, 1)), 2, 2));
    }

    @Test
    void theEncoderWritesPlainPackBits() {
        assertArrayEquals(new byte[0], RleDecoder.encodeSegment(new byte[0]));
        assertArrayEquals(bytes(-2, 5), RleDecoder.encodeSegment(bytes(5, 5, 5)));
        assertArrayEquals(bytes(1, 1, 2), RleDecoder.encodeSegment(bytes(1, 2)));
        // pairs stay in literals; a run of 3 ends the literal before it
        assertArrayEquals(bytes(2, 1, 1, 2), RleDecoder.encodeSegment(bytes(1, 1, 2)));
        assertArrayEquals(bytes(0, 1, -2, 2), RleDecoder.encodeSegment(bytes(1, 2, 2, 2)));
        // 130 equal bytes: a run of 128, then the 2 left as a literal
        byte[] sevens = new byte[130];
        Arrays.fill(sevens, (byte) 7);
        assertArrayEquals(bytes(-127, 7, 1, 7, 7), RleDecoder.encodeSegment(sevens));
        // 129 distinct neighbours: a literal of 128, then one of 1
        byte[] ramp = new byte[129];
        for (int i = 0; i < ramp.length; i++) {
            ramp[i] = (byte) i;
        }
        byte[] coded = RleDecoder.encodeSegment(ramp);
        assertEquals(131, coded.length);
        assertEquals(127, coded[0]);
        assertArrayEquals(Arrays.copyOfRange(ramp, 0, 128), Arrays.copyOfRange(coded, 1, 129));
        assertArrayEquals(bytes(0, 128), Arrays.copyOfRange(coded, 129, 131));
    }

    @Test
    void encodedPlanesDecodeBackWithinTheirBound() {
        Random r = new Random(5);
        for (int trial = 0; trial < 200; trial++) {
            byte[] plane = new byte[1 + r.nextInt(700)];
            for (int i = 0; i < plane.length; ) {
                // runs of 1..300 of one value, so runs, pairs and long literals all occur
                int run = 1 + (r.nextInt(4) == 0 ? r.nextInt(300) : r.nextInt(3));
                byte v = (byte) r.nextInt(256);
                for (int k = 0; k < run && i < plane.length; k++) {
                    plane[i++] = v;
                }
            }
            byte[] segment = RleDecoder.encodeSegment(plane);
            // PackBits never costs more than one header byte per 128 bytes
            assertTrue(segment.length <= plane.length + (plane.length + 127) / 128, "trial " + trial);
            int[] back = RleDecoder.decode(frame(1, segment), plane.length, 1);
            for (int i = 0; i < plane.length; i++) {
                assertEquals(plane[i] & 0xFF, back[i], "trial " + trial + " byte " + i);
            }
        }
    }
}
