package org.covidct.nn.data;

/**
 * A batch of decoded (and possibly augmented) slices ready to become a tensor.
 *
 * @param index  position of the batch in its epoch
 * @param images count x size x size values, slice after slice, row-major
 * @param labels class index per slice
 * @param size   side of each square slice
 * @param masks  count x size x size lesion shares (0..1) laid out as the images, zeros where unknown; null when no
 *               slice of the batch has a mask
 * @param hasMask whether each slice's mask is known; null with {@code masks}
 */
public record Batch(int index, float[] images, int[] labels, int size, float[] masks, boolean[] hasMask) {

    public Batch(int index, float[] images, int[] labels, int size) {
        this(index, images, labels, size, null, null);
    }

    public int count() {
        return labels.length;
    }
}
