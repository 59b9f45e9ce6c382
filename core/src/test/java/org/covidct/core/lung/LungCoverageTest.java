package org.covidct.core.lung;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class LungCoverageTest {

    @Test
    void samplesSpreadEvenlyWithBothEnds() {
        assertArrayEquals(new int[] {0, 18, 37, 55, 74, 92, 110, 129, 147}, LungCoverage.samplePositions(148, 9));
        assertArrayEquals(new int[] {0, 1, 2, 3, 4}, LungCoverage.samplePositions(5, 9));
        assertArrayEquals(new int[0], LungCoverage.samplePositions(0, 9));
    }

    @Test
    void aWholeSweepSpans() {
        // P001's areas at the nine sampled positions (measured, rounded): 3 ... 8 cm2 at the ends
        LungCoverage c = new LungCoverage(new int[] {0, 18, 37, 55, 74, 92, 110, 129, 147},
                new double[] {3, 58, 239, 320, 364, 377, 244, 79, 8}, 148);
        assertTrue(c.spansLungs(), c.problem());
        assertEquals(377, c.largestCm2());
    }

    @Test
    void theApexAloneDoesNotSpan() {
        // P001's first 20 slices: the lung grows to its last slice
        LungCoverage c = new LungCoverage(new int[] {0, 2, 5, 7, 10, 12, 14, 17, 19},
                new double[] {3, 3, 3, 0, 8, 15, 27, 50, 66}, 20);
        assertFalse(c.spansLungs());
        assertTrue(c.problem().contains("its last slice shows 66 cm2 of lung, 100% of the largest"), c.problem());
    }

    @Test
    void theQuarterIsTheBoundary() {
        int[] pos = {0, 5, 9};
        assertTrue(new LungCoverage(pos, new double[] {25, 100, 0}, 10).spansLungs(), "exactly a quarter spans");
        LungCoverage open = new LungCoverage(pos, new double[] {25.5, 100, 0}, 10);
        assertTrue(open.problem().contains("its first slice shows"), open.problem());
        LungCoverage both = new LungCoverage(pos, new double[] {30, 100, 40}, 10);
        assertTrue(both.problem().contains("both its first and its last slice show 40 cm2"), both.problem());
    }

    @Test
    void endsNotSampledDoNotCount() {
        // samples that do not include the last slice cannot say the series ends open
        assertTrue(new LungCoverage(new int[] {0, 5}, new double[] {0, 100}, 10).spansLungs());
    }

    @Test
    void noLungAtAll() {
        LungCoverage c = new LungCoverage(new int[] {0, 5, 9}, new double[] {0, 12, 0}, 10);
        assertTrue(c.problem().contains("no sampled slice shows open lung"), c.problem());
    }
}
