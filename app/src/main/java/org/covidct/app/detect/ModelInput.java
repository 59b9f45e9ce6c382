package org.covidct.app.detect;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.covidct.core.image.CtSlice;
import org.covidct.nn.data.SliceDecoder;
import org.covidct.nn.infer.SliceTensors;

import java.nio.file.Path;
import java.util.List;

/**
 * Slices as input of a model of another size, reduced exactly as training reduces them
 * ({@link SliceDecoder}: k x k block averages when the side is k times the model's input; other sizes are
 * refused with the slice named); slices of the model's size go through unchanged.
 */
public final class ModelInput {
    private ModelInput() {
    }

    public static NDArray tensor(NDManager manager, List<CtSlice> slices, int size) {
        if (slices.stream().allMatch(s -> s.width() == size && s.height() == size)) {
            return SliceTensors.toTensor(manager, slices, size);
        }
        SliceDecoder decoder = new SliceDecoder(size);
        int plane = size * size;
        float[] data = new float[slices.size() * plane];
        for (int i = 0; i < slices.size(); i++) {
            CtSlice slice = slices.get(i);
            float[] one = decoder.toInput(slice, slice.source() == null ? null : Path.of(slice.source()));
            System.arraycopy(one, 0, data, i * plane, plane);
        }
        return manager.create(data, new Shape(slices.size(), 1, size, size));
    }
}
