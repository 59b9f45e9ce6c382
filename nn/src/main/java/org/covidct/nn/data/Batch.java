package org.covidct.nn.data;

/**
 * A batch of decoded (and possibly augmented) slices ready to become a tensor.
 *
 * @param index  position of the batch in its epoch
 * @param images count x size x size values, slice after slice, row-major
 * @param labels class index per slice
 * @param size   side of each square slice
 */
public record Batch(int index, float[] images, int[] labels, int size) {

    public int count() {
        return labels.length;
    }
}
