package org.covidct.core.lung;

import java.util.Arrays;

/**
 * A binary image (row-major) with the few operations lung segmentation needs. Morphology uses exact Euclidean
 * distances (a disc of the given radius, not a square), computed with the separable squared-distance transform
 * of Felzenszwalb and Huttenlocher ("Distance Transforms of Sampled Functions", Theory of Computing 8, 2012), so
 * radii in millimetres mean the same at every pixel spacing.
 */
public final class Grid {

    private final int width;
    private final int height;
    private final boolean[] on;

    public Grid(int width, int height, boolean[] on) {
        if (on.length != width * height) {
            throw new IllegalArgumentException(width + "x" + height + " grid with " + on.length + " cells");
        }
        this.width = width;
        this.height = height;
        this.on = on;
    }

    public static Grid empty(int width, int height) {
        return new Grid(width, height, new boolean[width * height]);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public boolean get(int x, int y) {
        return on[y * width + x];
    }

    public boolean get(int index) {
        return on[index];
    }

    /** The cells, row-major; the array is this grid's own (no copy). */
    public boolean[] cells() {
        return on;
    }

    public int count() {
        int n = 0;
        for (boolean b : on) {
            n += b ? 1 : 0;
        }
        return n;
    }

    public Grid and(Grid other) {
        boolean[] out = new boolean[on.length];
        for (int i = 0; i < on.length; i++) {
            out[i] = on[i] && other.on[i];
        }
        return new Grid(width, height, out);
    }

    public Grid not() {
        boolean[] out = new boolean[on.length];
        for (int i = 0; i < on.length; i++) {
            out[i] = !on[i];
        }
        return new Grid(width, height, out);
    }

    /**
     * Squared Euclidean distance, in pixels squared, from every cell to the nearest cell that is on (0 on the
     * cells that are on; a large value everywhere when no cell is on).
     */
    public float[] squaredDistanceToOn() {
        float inf = (float) (width * width + height * height) * 4;
        float[] d = new float[on.length];
        for (int i = 0; i < on.length; i++) {
            d[i] = on[i] ? 0 : inf;
        }
        int longest = Math.max(width, height);
        float[] f = new float[longest];
        float[] out = new float[longest];
        int[] v = new int[longest];
        float[] z = new float[longest + 1];
        for (int x = 0; x < width; x++) {
            for (int y = 0; y < height; y++) {
                f[y] = d[y * width + x];
            }
            transform1d(f, height, out, v, z);
            for (int y = 0; y < height; y++) {
                d[y * width + x] = out[y];
            }
        }
        for (int y = 0; y < height; y++) {
            System.arraycopy(d, y * width, f, 0, width);
            transform1d(f, width, out, v, z);
            System.arraycopy(out, 0, d, y * width, width);
        }
        return d;
    }

    // lower envelope of the parabolas rooted at (q, f[q]); f holds finite values only, so s is never NaN
    private static void transform1d(float[] f, int n, float[] out, int[] v, float[] z) {
        int k = 0;
        v[0] = 0;
        z[0] = Float.NEGATIVE_INFINITY;
        z[1] = Float.POSITIVE_INFINITY;
        for (int q = 1; q < n; q++) {
            float s = intersection(f, q, v[k]);
            while (s <= z[k]) {
                k--;
                s = intersection(f, q, v[k]);
            }
            k++;
            v[k] = q;
            z[k] = s;
            z[k + 1] = Float.POSITIVE_INFINITY;
        }
        k = 0;
        for (int q = 0; q < n; q++) {
            while (z[k + 1] < q) {
                k++;
            }
            float dq = q - v[k];
            out[q] = dq * dq + f[v[k]];
        }
    }

    private static float intersection(float[] f, int q, int p) {
        return ((f[q] + (float) q * q) - (f[p] + (float) p * p)) / (2f * q - 2f * p);
    }

    /** Cells within {@code radius} pixels (Euclidean) of a cell that is on. */
    public Grid dilate(double radius) {
        float[] d = squaredDistanceToOn();
        double r2 = radius * radius;
        boolean[] out = new boolean[on.length];
        for (int i = 0; i < on.length; i++) {
            out[i] = d[i] <= r2;
        }
        return new Grid(width, height, out);
    }

    /** Cells whose disc of {@code radius} pixels lies wholly on (cells outside the image count as off). */
    public Grid erode(double radius) {
        return padded(1).not().dilate(radius).not().cropped(1);
    }

    public Grid close(double radius) {
        // padded so that a closing never joins shapes through the image border
        int pad = (int) Math.ceil(radius) + 1;
        return padded(pad).dilate(radius).erode(radius).cropped(pad);
    }

    public Grid open(double radius) {
        return erode(radius).dilate(radius);
    }

    private Grid padded(int pad) {
        int w = width + 2 * pad;
        boolean[] out = new boolean[w * (height + 2 * pad)];
        for (int y = 0; y < height; y++) {
            System.arraycopy(on, y * width, out, (y + pad) * w + pad, width);
        }
        return new Grid(w, height + 2 * pad, out);
    }

    private Grid cropped(int pad) {
        int w = width - 2 * pad;
        int h = height - 2 * pad;
        boolean[] out = new boolean[w * h];
        for (int y = 0; y < h; y++) {
            System.arraycopy(on, (y + pad) * width + pad, out, y * w, w);
        }
        return new Grid(w, h, out);
    }

    /** The cells that are off and not connected (4-neighbourhood) to the border through off cells, switched on. */
    public Grid fillHoles() {
        boolean[] outside = floodFromBorder(not().on);
        boolean[] out = new boolean[on.length];
        for (int i = 0; i < on.length; i++) {
            out[i] = !outside[i];
        }
        return new Grid(width, height, out);
    }

    private boolean[] floodFromBorder(boolean[] passable) {
        boolean[] reached = new boolean[on.length];
        int[] stack = new int[on.length];
        int top = 0;
        for (int x = 0; x < width; x++) {
            top = push(passable, reached, stack, top, x);
            top = push(passable, reached, stack, top, (height - 1) * width + x);
        }
        for (int y = 0; y < height; y++) {
            top = push(passable, reached, stack, top, y * width);
            top = push(passable, reached, stack, top, y * width + width - 1);
        }
        while (top > 0) {
            int p = stack[--top];
            int x = p % width;
            if (x > 0) {
                top = push(passable, reached, stack, top, p - 1);
            }
            if (x < width - 1) {
                top = push(passable, reached, stack, top, p + 1);
            }
            if (p >= width) {
                top = push(passable, reached, stack, top, p - width);
            }
            if (p < on.length - width) {
                top = push(passable, reached, stack, top, p + width);
            }
        }
        return reached;
    }

    private static int push(boolean[] passable, boolean[] reached, int[] stack, int top, int p) {
        if (passable[p] && !reached[p]) {
            reached[p] = true;
            stack[top++] = p;
        }
        return top;
    }

    /**
     * Labels the 4-connected components of the cells that are on: 0 off, 1..n the components in the order their
     * first cell appears in row-major order.
     */
    public int[] components() {
        int[] label = new int[on.length];
        int[] stack = new int[on.length];
        int next = 0;
        for (int start = 0; start < on.length; start++) {
            if (!on[start] || label[start] != 0) {
                continue;
            }
            next++;
            int top = 0;
            label[start] = next;
            stack[top++] = start;
            while (top > 0) {
                int p = stack[--top];
                int x = p % width;
                if (x > 0 && on[p - 1] && label[p - 1] == 0) {
                    label[p - 1] = next;
                    stack[top++] = p - 1;
                }
                if (x < width - 1 && on[p + 1] && label[p + 1] == 0) {
                    label[p + 1] = next;
                    stack[top++] = p + 1;
                }
                if (p >= width && on[p - width] && label[p - width] == 0) {
                    label[p - width] = next;
                    stack[top++] = p - width;
                }
                if (p < on.length - width && on[p + width] && label[p + width] == 0) {
                    label[p + width] = next;
                    stack[top++] = p + width;
                }
            }
        }
        return label;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Grid g && g.width == width && g.height == height && Arrays.equals(g.on, on);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * width + height) + Arrays.hashCode(on);
    }
}
