package org.covidct.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.covidct.core.CovidctException;
import org.covidct.core.image.CtSlice;
import org.junit.jupiter.api.Test;

/** Slices become (N, 1, S, S) tensors of raw values; larger slices are block-averaged as training does. */
class SliceTensorsTest {

    @Test
    void rawValuesAtTheModelSizeAndBlockAveragesOfLargerSlices() {
        short[] small = {1, 2, 3, (short) 60000};
        // 4x4 slice, 2x2 blocks: [0 2; 4 6] [8 10; 12 14] ... averaged by hand below
        short[] big = new short[16];
        for (int i = 0; i < 16; i++) {
            big[i] = (short) (2 * i);
        }
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = SliceTensors.toTensor(m, List.of(new CtSlice(2, 2, small, "a.tif"),
                    new CtSlice(4, 4, big, "b.tif")), 2);
            assertEquals(new Shape(2, 1, 2, 2), x.getShape());
            float[] v = x.toFloatArray();
            // unsigned 16-bit, unscaled
            assertArrayEquals(new float[] {1, 2, 3, 60000}, java.util.Arrays.copyOfRange(v, 0, 4));
            // top-left block: 0, 2, 8, 10 -> 5; top-right: 4, 6, 12, 14 -> 9; bottom: 16,18,24,26 -> 21; 20,22,28,30 -> 25
            assertArrayEquals(new float[] {5, 9, 21, 25}, java.util.Arrays.copyOfRange(v, 4, 8));
        }
    }

    @Test
    void aSizeThatIsNoMultipleIsRefusedNamingTheSlice() {
        try (NDManager m = NDManager.newBaseManager()) {
            CovidctException e = assertThrows(CovidctException.class, () -> SliceTensors.toTensor(m,
                    List.of(new CtSlice(3, 3, new short[9], "odd.tif")), 2));
            assertTrue(e.getMessage().startsWith("odd.tif: slice is 3x3 but the model takes 2x2"), e.getMessage());
        }
    }
}
