package org.covidct.app.detect;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.covidct.core.CovidctException;
import org.covidct.core.image.CtSlice;
import org.covidct.nn.infer.SliceTensors;

import java.nio.file.Path;
import java.util.List;

/**
 * Slices as input of a model of another size: a square slice whose side is k times the model's input is
 * reduced by averaging k x k blocks, as training does for CPU-sized models (512 to 128 is 4 x 4 blocks);
 * slices of the model's size go through unchanged. Other sizes are refused with the slice named.
 */
public final class ModelInput {
    private ModelInput() {
    }

    public static NDArray tensor(NDManager manager, List<CtSlice> slices, int size) {
        if (slices.stream().allMatch(s -> s.width() == size && s.height() == size)) {
            return SliceTensors.toTensor(manager, slices, size);
        }
        int plane = size * size;
        float[] data = new float[slices.size() * plane];
        for (int i = 0; i < slices.size(); i++) {
            reduce(slices.get(i), size, data, i * plane);
        }
        return manager.create(data, new Shape(slices.size(), 1, size, size));
    }

    static void reduce(CtSlice slice, int size, float[] out, int offset) {
        int w = slice.width();
        int h = slice.height();
        short[] values = slice.values();
        if (w == size && h == size) {
            for (int j = 0; j < size * size; j++) {
                out[offset + j] = values[j] & 0xFFFF;
            }
            return;
        }
        if (w != h || w % size != 0) {
            throw new CovidctException(slice.source() == null ? null : Path.of(slice.source()), "slice is " + w + "x" + h
                    + " but the model takes " + size + "x" + size + " (only square slices whose side is a multiple of "
                    + size + " are reduced, by block averaging)");
        }
        int k = w / size;
        double norm = 1.0 / (k * k);
        for (int r = 0; r < size; r++) {
            for (int c = 0; c < size; c++) {
                long sum = 0;
                for (int dy = 0; dy < k; dy++) {
                    int base = (r * k + dy) * w + c * k;
                    for (int dx = 0; dx < k; dx++) {
                        sum += values[base + dx] & 0xFFFF;
                    }
                }
                out[offset + r * size + c] = (float) (sum * norm);
            }
        }
    }
}
