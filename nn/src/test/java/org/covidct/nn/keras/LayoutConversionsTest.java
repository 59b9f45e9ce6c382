package org.covidct.nn.keras;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/** Keras and DJL layouts, element by element on small kernels written out by hand, and each inverse. */
class LayoutConversionsTest {

    @Test
    void convKernelHwioToOihwAndBack() {
        // kh=1, kw=2, in=2, out=3: Keras value at (0, x, i, o) = 100x + 10i + o
        float[] hwio = {0, 1, 2, 10, 11, 12, 100, 101, 102, 110, 111, 112};
        float[] oihw = LayoutConversions.hwioToOihw(hwio, 1, 2, 2, 3);
        // ours at (o, i, 0, x), row-major
        float[] expected = {0, 100, 10, 110, 1, 101, 11, 111, 2, 102, 12, 112};
        assertArrayEquals(expected, oihw);
        assertArrayEquals(hwio, LayoutConversions.oihwToHwio(oihw, 3, 2, 1, 2));
    }

    @Test
    void depthwiseKernelToGroupedAndBack() {
        // kh=1, kw=2, in=2, multiplier=2: Keras value at (0, x, c, j) = 100x + 10c + j
        float[] keras = {0, 1, 10, 11, 100, 101, 110, 111};
        float[] grouped = LayoutConversions.depthwiseToGrouped(keras, 1, 2, 2, 2);
        // ours at (c * 2 + j, 0, 0, x): output channel c * multiplier + j reads input c
        float[] expected = {0, 100, 1, 101, 10, 110, 11, 111};
        assertArrayEquals(expected, grouped);
        assertArrayEquals(keras, LayoutConversions.groupedToDepthwise(grouped, 1, 2, 2, 2));
    }

    @Test
    void denseAfterFlattenPermutesRows() {
        // a (c=2, h=1, w=2) map, out=1: Keras rows in (h, w, c) order, ours in (c, h, w) order
        float[] kernel = {1, 2, 3, 4}; // rows (x=0,c=0) (x=0,c=1) (x=1,c=0) (x=1,c=1)
        float[] linear = LayoutConversions.denseToLinear(kernel, 4, 1, new int[] {2, 1, 2});
        assertArrayEquals(new float[] {1, 3, 2, 4}, linear);
        assertArrayEquals(kernel, LayoutConversions.linearToDense(linear, 1, 4, new int[] {2, 1, 2}));
    }
}
