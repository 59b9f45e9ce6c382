package org.covidct.core.sanity;

import org.covidct.core.image.CtSlice;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class SeriesSanityTest {

    /** A slice of air (value 10) around a body (1,050) with two lungs (150), like HU + 1024. */
    private static CtSlice chest(int size, int offset) {
        short[] v = new short[size * size];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double dx = (x - size / 2.0) / size;
                double dy = (y - size / 2.0) / size;
                int value = 10;
                if (dx * dx + dy * dy < 0.16) {
                    value = 1050;
                    if (Math.abs(Math.abs(dx) - 0.18) < 0.1 && Math.abs(dy) < 0.2) {
                        value = 150;
                    }
                }
                v[y * size + x] = (short) (value + offset);
            }
        }
        return new CtSlice(size, size, v, "synthetic");
    }

    private static int[] openingSweep(int n) {
        int[] d = new int[n];
        for (int i = 0; i < n; i++) {
            d[i] = (int) (15000 * Math.sin(Math.PI * i / (n - 1)));
        }
        return d;
    }

    private static boolean[] keptOf(int[] dark) {
        int max = Arrays.stream(dark).max().orElse(0);
        int min = Arrays.stream(dark).min().orElse(0);
        double t = (max - min) / 1.5;
        boolean[] k = new boolean[dark.length];
        for (int i = 0; i < dark.length; i++) {
            k[i] = dark[i] > t;
        }
        return k;
    }

    @Test
    void aWholeSweepOfPlausibleValuesRaisesNothing() {
        int[] dark = openingSweep(60);
        assertEquals(List.of(), SeriesSanity.check(dark, keptOf(dark), 25000, List.of(chest(512, 0))));
    }

    private static List<String> warningsFor(CtSlice slice) {
        int[] dark = openingSweep(60);
        return SeriesSanity.check(dark, keptOf(dark), 25000, List.of(slice));
    }

    private static void assertOneWarning(List<String> warnings, String expectedFragment) {
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains(expectedFragment), warnings.get(0));
    }

    @Test
    void signedValuesReadAsUnsignedAreFlagged() {
        // HU stored signed: air (-1014) reads as 64,522 unsigned
        assertOneWarning(warningsFor(chest(512, -1024)), "Signed values");
    }

    @Test
    void airFarFromZeroIsFlagged() {
        assertOneWarning(warningsFor(chest(512, 1024)), "Air does not read near 0");
    }

    @Test
    void eightBitImagesAreFlagged() {
        CtSlice c = chest(512, 0);
        short[] v = c.values().clone();
        for (int i = 0; i < v.length; i++) {
            v[i] = (short) (v[i] / 5);
        }
        assertOneWarning(warningsFor(new CtSlice(512, 512, v, "8bit")), "8-bit");
    }

    @Test
    void otherSlicesSizesAreFlagged() {
        assertOneWarning(warningsFor(chest(256, 0)), "256 x 256");
        List<String> mixed = SeriesSanity.check(openingSweep(60), keptOf(openingSweep(60)), 25000,
                List.of(chest(512, 0), chest(256, 0)));
        assertOneWarning(mixed, "different sizes");
    }

    @Test
    void aShortSeriesIsFlagged() {
        int[] dark = openingSweep(8);
        assertOneWarning(SeriesSanity.check(dark, keptOf(dark), 25000, List.of()), "Only 8 slices");
    }

    @Test
    void noLungInTheWindowIsFlagged() {
        int[] dark = new int[60];
        dark[30] = 400;
        assertOneWarning(SeriesSanity.check(dark, keptOf(dark), 25000, List.of()), "No slice shows lung");
    }

    @Test
    void aSweepThatStartsOrEndsOpenIsFlagged() {
        int[] dark = openingSweep(60);
        int[] halfSweep = Arrays.copyOfRange(dark, 0, 30);
        int[] padded = new int[40];
        System.arraycopy(halfSweep, 0, padded, 10, 30);
        List<String> w = SeriesSanity.check(padded, keptOf(padded), 25000, List.of());
        assertOneWarning(w, "last slice is kept");
        int[] reversed = new int[40];
        for (int i = 0; i < 40; i++) {
            reversed[i] = padded[39 - i];
        }
        assertOneWarning(SeriesSanity.check(reversed, keptOf(reversed), 25000, List.of()), "first slice is kept");
    }

    @Test
    void theLungCheckScalesWithTheWindow() {
        // a 128 px sweep: the window has 1,575 pixels (a sixteenth of 25,200), its open lung about 940 dark pixels;
        // a fixed 1,000-pixel rule called that "no lung"
        int[] dark = openingSweep(60);
        for (int i = 0; i < dark.length; i++) {
            dark[i] = dark[i] * 1575 / 25000;
        }
        assertEquals(944, Arrays.stream(dark).max().orElseThrow());
        assertEquals(List.of(), SeriesSanity.check(dark, keptOf(dark), 1575, List.of()));
        assertEquals(63, SeriesSanity.minLungDarkPixels(1575));
        assertEquals(1000, SeriesSanity.minLungDarkPixels(25000));
        int[] none = new int[60];
        none[30] = 62;
        assertEquals(List.of(SeriesSanity.Kind.NO_LUNG_IN_WINDOW),
                SeriesSanity.findings(none, keptOf(none), 1575, List.of()).stream().map(SeriesSanity.Finding::kind).toList());
    }

    @Test
    void valueProblemsBlockTheDecisionAndShapeProblemsOnlyWarn() {
        int[] dark = openingSweep(60);
        List<SeriesSanity.Finding> signed = SeriesSanity.findings(dark, keptOf(dark), 25000, List.of(chest(512, -1024)));
        assertEquals(SeriesSanity.Kind.SIGNED_AS_UNSIGNED, signed.get(0).kind());
        assertTrue(signed.get(0).kind().blocksDecision());
        List<SeriesSanity.Finding> small = SeriesSanity.findings(dark, keptOf(dark), 25000, List.of(chest(256, 0)));
        assertEquals(SeriesSanity.Kind.UNUSUAL_SIZE, small.get(0).kind());
        assertFalse(small.get(0).kind().blocksDecision());
        assertTrue(SeriesSanity.Kind.EIGHT_BIT.blocksDecision());
        assertTrue(SeriesSanity.Kind.AIR_OFFSET.blocksDecision());
        assertFalse(SeriesSanity.Kind.OPEN_AT_END.blocksDecision());
    }
}
