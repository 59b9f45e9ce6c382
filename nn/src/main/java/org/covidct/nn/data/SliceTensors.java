package org.covidct.nn.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.List;
import org.covidct.core.image.CtSlice;

/**
 * The one place where CT slices become network input: (N, 1, S, S) float32 holding the raw unsigned 16-bit
 * values (HU + 1024) unchanged, as the paper feeds them (no rescaling, no windowing). Training, evaluation,
 * detection, Grad-CAM and benchmarks all build their tensors here, so a slice reaches every network the same
 * way; the values come from {@link SliceDecoder} (a slice k times the model's size reduced by k x k block
 * averages, other sizes refused naming the slice).
 */
public final class SliceTensors {

    private SliceTensors() {
    }

    /** A batch tensor of decoded slices in {@code manager}. */
    public static NDArray toTensor(NDManager manager, List<CtSlice> slices, int size) {
        if (slices.isEmpty()) {
            throw new IllegalArgumentException("no slices");
        }
        SliceDecoder decoder = new SliceDecoder(size);
        int plane = size * size;
        float[] data = new float[slices.size() * plane];
        for (int i = 0; i < slices.size(); i++) {
            CtSlice s = slices.get(i);
            decoder.toInput(s, s.source() == null ? null : Path.of(s.source()), data, i * plane);
        }
        return of(manager, data, slices.size(), size);
    }

    /** The tensor of a loaded batch. */
    public static NDArray of(NDManager manager, Batch batch) {
        return of(manager, batch.images(), batch.count(), batch.size());
    }

    /** The tensor of {@code count} network inputs of {@code size} x {@code size} values each, slice after slice. */
    public static NDArray of(NDManager manager, float[] values, int count, int size) {
        return manager.create(values, new Shape(count, 1, size, size));
    }
}
