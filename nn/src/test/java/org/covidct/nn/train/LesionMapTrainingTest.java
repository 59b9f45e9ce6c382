package org.covidct.nn.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class LesionMapTrainingTest {

    @Test
    void cellSharesAverageTheMaskUnderEachCell() {
        // one 4 x 4 mask, 2 x 2 cells: top-left cell holds 3 of 4 lesion pixels, bottom-right 1 of 4
        float[] mask = {
                1, 1, 0, 0,
                1, 0, 0, 0,
                0, 0, 0, 0,
                0, 0, 0, 1};
        assertArrayEquals(new float[] {0.75f, 0, 0, 0.25f}, LesionMapTraining.cellShares(mask, 1, 4, 2, 2));
        // two masks, one cell each: the whole-mask mean
        float[] two = new float[32];
        two[16] = 1;
        assertArrayEquals(new float[] {0, 1 / 16f}, LesionMapTraining.cellShares(two, 2, 4, 1, 1));
        // a 5-pixel side over 2 cells: rows 0-1 and 2-4
        float[] five = new float[25];
        for (int c = 0; c < 5; c++) {
            five[4 * 5 + c] = 1;
        }
        assertArrayEquals(new float[] {0, 0, 1 / 3f, 1 / 3f}, LesionMapTraining.cellShares(five, 1, 5, 2, 2), 1e-6f);
    }

    @Test
    void objectiveAddsTheWeightedLogisticLossOfSlicesWithKnownMasks() {
        try (NDManager m = NDManager.newBaseManager()) {
            // two slices; logits (0, 0): class CE = ln 2 each
            NDArray logits = m.create(new float[] {0, 0, 0, 0}, new Shape(2, 2));
            NDArray classes = m.create(new float[] {0, 1});
            // map logits: slice 0 cells (0, 2), slice 1 cells (1, -1); targets (1, 0) and (0, 0)
            NDArray map = m.create(new float[] {0, 2, 1, -1}, new Shape(2, 1, 1, 2));
            NDArray target = m.create(new float[] {1, 0, 0, 0}, new Shape(2, 1, 1, 2));
            // slice 1's mask unknown: only slice 0 counts
            NDArray known = m.create(new float[] {1, 0});
            LesionMapTraining.Objective objective = new LesionMapTraining.Objective(0.5f);
            float loss = objective.evaluate(new NDList(classes, target, known), new NDList(logits, map)).getFloat();
            // slice 0: cell 1: x=0 t=1 -> w ln 2 (lesion cells weighted w = 10); cell 2: x=2 t=0 -> ln(1 + e^2)
            double bce0 = (10 * Math.log(2) + Math.log(1 + Math.exp(2))) / 2;
            assertEquals(Math.log(2) + 0.5 * bce0, loss, 1e-5);
            // no mask in the batch: the class term alone
            float classOnly = objective.evaluate(new NDList(classes), new NDList(logits, map)).getFloat();
            assertEquals(Math.log(2), classOnly, 1e-6);
            // every mask unknown: nothing is added (no division by zero)
            float none = objective.evaluate(new NDList(classes, target, m.create(new float[] {0, 0})),
                    new NDList(logits, map)).getFloat();
            assertEquals(Math.log(2), none, 1e-6);
        }
    }
}
