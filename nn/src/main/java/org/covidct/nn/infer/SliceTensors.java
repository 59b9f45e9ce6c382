package org.covidct.nn.infer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.List;
import org.covidct.core.CovidctException;
import org.covidct.core.image.CtSlice;

/**
 * The one place where CT slices become network input: (N, 1, S, S) float32 holding the raw unsigned
 * 16-bit values (HU + 1024) unchanged, as the paper feeds them (no rescaling, no windowing).
 */
public final class SliceTensors {

    private SliceTensors() {
    }

    /** A batch tensor in {@code manager}; every slice must be size x size. */
    public static NDArray toTensor(NDManager manager, List<CtSlice> slices, int size) {
        if (slices.isEmpty()) {
            throw new IllegalArgumentException("no slices");
        }
        int plane = size * size;
        float[] data = new float[slices.size() * plane];
        for (int i = 0; i < slices.size(); i++) {
            CtSlice s = slices.get(i);
            if (s.width() != size || s.height() != size) {
                throw new CovidctException(s.source() == null ? null : Path.of(s.source()),
                        "slice is " + s.width() + "x" + s.height() + " but the model takes " + size + "x" + size);
            }
            short[] v = s.values();
            int base = i * plane;
            for (int j = 0; j < plane; j++) {
                data[base + j] = v[j] & 0xFFFF;
            }
        }
        return manager.create(data, new Shape(slices.size(), 1, size, size));
    }
}
