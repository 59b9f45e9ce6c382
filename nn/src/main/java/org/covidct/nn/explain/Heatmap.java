package org.covidct.nn.explain;

/**
 * A Grad-CAM map of one slice, upsampled to the slice's size and scaled to [0, 1] by its own maximum.
 *
 * @param width        columns (the slice's)
 * @param height       rows (the slice's)
 * @param values       row-major, in [0, 1]; all zero when nothing spoke for COVID
 * @param layerWidth   width of the target layer's map before upsampling
 * @param layerHeight  height of the target layer's map before upsampling
 * @param rawMax       maximum of the map before scaling (0: no positive evidence)
 * @param pCovid       the network's COVID probability for this slice
 */
public record Heatmap(int width, int height, float[] values, int layerWidth, int layerHeight, float rawMax,
                      float pCovid) {

    public Heatmap {
        if (values.length != width * height) {
            throw new IllegalArgumentException("values length " + values.length + " != " + width + "x" + height);
        }
    }

    public float at(int x, int y) {
        return values[y * width + x];
    }

    /** The position of the maximum as {x, y} (the first one in row-major order). */
    public int[] argMax() {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return new int[] {best % width, best / width};
    }
}
