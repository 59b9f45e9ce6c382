package org.covidct.nn.keras;

import java.util.Arrays;

/**
 * One weight array exactly as Keras stores it (TensorFlow layout: conv kernels HWIO, dense kernels
 * (in, out)), in row-major order.
 *
 * @param name  the weight's short name without the layer prefix and the ":0" suffix ("kernel", "gamma")
 * @param shape Keras shape
 * @param data  row-major values
 */
public record KerasTensor(String name, long[] shape, float[] data) {

    public KerasTensor {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException(name + ": shape " + Arrays.toString(shape) + " but " + data.length + " values");
        }
    }

    public String shapeText() {
        return Arrays.toString(shape);
    }

    public boolean hasShape(long... expected) {
        return Arrays.equals(shape, expected);
    }
}
