package org.covidct.core.lung;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GridTest {

    static Grid random(int w, int h, double p, long seed) {
        Random r = new Random(seed);
        boolean[] on = new boolean[w * h];
        for (int i = 0; i < on.length; i++) {
            on[i] = r.nextDouble() < p;
        }
        return new Grid(w, h, on);
    }

    @Test
    void distanceTransformEqualsBruteForce() {
        for (long seed = 1; seed <= 6; seed++) {
            Grid g = random(23, 17, seed * 0.02, seed);
            float[] d = g.squaredDistanceToOn();
            for (int y = 0; y < 17; y++) {
                for (int x = 0; x < 23; x++) {
                    double best = Double.MAX_VALUE;
                    for (int v = 0; v < 17; v++) {
                        for (int u = 0; u < 23; u++) {
                            if (g.get(u, v)) {
                                best = Math.min(best, (u - x) * (u - x) + (v - y) * (v - y));
                            }
                        }
                    }
                    if (g.count() > 0) {
                        assertEquals(best, d[y * 23 + x], 1e-3, "seed " + seed + " at " + x + "," + y);
                    }
                }
            }
        }
    }

    @Test
    void dilationIsAEuclideanDisc() {
        boolean[] one = new boolean[21 * 21];
        one[10 * 21 + 10] = true;
        Grid disc = new Grid(21, 21, one).dilate(5);
        // lattice points with x^2 + y^2 <= 25: 81 (counted: 1 + 4*5 + 4*(4+4+4+3+2)... by formula below)
        int expected = 0;
        for (int dy = -5; dy <= 5; dy++) {
            for (int dx = -5; dx <= 5; dx++) {
                expected += dx * dx + dy * dy <= 25 ? 1 : 0;
            }
        }
        assertEquals(81, expected);
        assertEquals(expected, disc.count());
        assertTrue(disc.get(15, 10));
        assertTrue(disc.get(13, 14)); // 9 + 16 = 25
        assertFalse(disc.get(14, 14)); // 16 + 16 = 32
        assertEquals(new Grid(21, 21, one), disc.erode(5), "the disc eroded by its radius is its centre");
    }

    @Test
    void closingBridgesAGapNarrowerThanTwiceTheRadiusAndFillHolesFillsRings() {
        boolean[] two = new boolean[30 * 10];
        for (int y = 2; y < 8; y++) {
            for (int x = 2; x < 13; x++) {
                two[y * 30 + x] = true;
            }
            for (int x = 16; x < 28; x++) {
                two[y * 30 + x] = true;
            }
        }
        Grid g = new Grid(30, 10, two);
        assertFalse(g.close(1).get(14, 5), "a 3-cell gap stays open with radius 1");
        assertTrue(g.close(2).get(14, 5), "and closes with radius 2");
        assertFalse(g.close(2).get(0, 0), "closing does not reach the border");
        boolean[] ring = new boolean[9 * 9];
        for (int i = 1; i < 8; i++) {
            ring[9 + i] = ring[63 + i] = ring[i * 9 + 1] = ring[i * 9 + 7] = true;
        }
        Grid filled = new Grid(9, 9, ring).fillHoles();
        assertEquals(49, filled.count());
        assertFalse(filled.get(0, 0));
    }

    @Test
    void componentsAreNumberedInRowMajorOrderWithFourNeighbours() {
        boolean[] on = {
                true, false, true,
                false, true, true,
                true, false, false};
        assertArrayEquals(new int[] {1, 0, 2, 0, 2, 2, 3, 0, 0}, new Grid(3, 3, on).components());
    }
}
