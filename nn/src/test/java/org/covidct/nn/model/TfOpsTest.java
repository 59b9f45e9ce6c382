package org.covidct.nn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class TfOpsTest {

    @Test
    void samePaddingPutsTheOddPixelAfter() {
        assertArrayEquals(new int[] {0, 1}, Geometry.samePadding(16, 3, 2));
        assertArrayEquals(new int[] {1, 1}, Geometry.samePadding(15, 3, 2));
        assertArrayEquals(new int[] {1, 1}, Geometry.samePadding(8, 3, 1));
        assertArrayEquals(new int[] {0, 0}, Geometry.samePadding(253, 1, 2));
    }

    @Test
    void maxPoolSameOnEvenSizeWindowsStartAtZero() {
        try (NDManager m = NDManager.newBaseManager()) {
            // 4x4 of negative values -1..-16: the max of each window is its top-left-most element;
            // zero padding would wrongly give 0, symmetric padding would shift the windows
            NDArray x = m.arange(1f, 17f).neg().reshape(1, 1, 4, 4);
            NDArray y = TfOps.maxPoolSame(x, 3, 2);
            assertArrayEquals(new float[] {-1, -3, -9, -11}, y.toFloatArray());
        }
    }

    @Test
    void nearestResizeUsesFloorOfScaledIndex() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new float[] {1, 2, 3}).reshape(1, 1, 1, 3);
            NDArray y = TfOps.resizeNearest(x, 1, 5);
            // TF1 nearest, align_corners=False: src = floor(i * 3 / 5) = 0,0,1,1,2
            assertArrayEquals(new float[] {1, 1, 2, 2, 3}, y.toFloatArray());
            NDArray same = TfOps.resizeNearest(x, 1, 3);
            assertEquals(new Shape(1, 1, 1, 3), same.getShape());
        }
    }
}
