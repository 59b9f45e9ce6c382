package org.covidct.core.phantom;

/**
 * The working buffers of one slice being painted: values (float, HU + 1024 before noise), the tissue
 * of every pixel and the lesion mask. Shapes are given in reference pixels (the 512 grid) and painted
 * at {@code size} x {@code size}, so the anatomy scales with the image.
 */
final class Canvas {

    static final int ALL = -1;

    final int size;
    /** Output pixels per reference pixel. */
    final double scale;
    final float[] value;
    final byte[] tissue;
    final byte[] lesion;
    private final double[] span = new double[2];

    Canvas(int size) {
        this.size = size;
        this.scale = size / 512.0;
        this.value = new float[size * size];
        this.tissue = new byte[size * size];
        this.lesion = new byte[size * size];
    }

    /** Reference coordinate of the centre of output pixel {@code i}. */
    double ref(int i) {
        return (i + 0.5) / scale;
    }

    private int firstPixel(double refCoord) {
        return Math.max(0, (int) Math.ceil(refCoord * scale - 0.5));
    }

    private int lastPixel(double refCoord) {
        return Math.min(size - 1, (int) Math.floor(refCoord * scale - 0.5));
    }

    /** Paints the region where the pixel's current tissue is in {@code allowed} (a {@link Tissue} bit set). */
    void fill(RowShape shape, float v, Tissue t, int allowed) {
        fillGradient(shape, v, 0, 0, t, allowed);
    }

    /** As {@link #fill} with value {@code v0 + dvdy * (y - y0)} (y in reference pixels). */
    void fillGradient(RowShape shape, float v0, double dvdy, double y0, Tissue t, int allowed) {
        byte code = t.code();
        int i0 = firstPixel(shape.yMin());
        int i1 = lastPixel(shape.yMax());
        for (int i = i0; i <= i1; i++) {
            double y = ref(i);
            if (!shape.span(y, span)) {
                continue;
            }
            int j0 = firstPixel(span[0]);
            int j1 = lastPixel(span[1]);
            float v = (float) (v0 + dvdy * (y - y0));
            int row = i * size;
            if (allowed == ALL) {
                for (int j = j0; j <= j1; j++) {
                    value[row + j] = v;
                    tissue[row + j] = code;
                }
            } else {
                for (int j = j0; j <= j1; j++) {
                    if ((allowed >> tissue[row + j] & 1) != 0) {
                        value[row + j] = v;
                        tissue[row + j] = code;
                    }
                }
            }
        }
    }

    /**
     * Paints a capsule (a segment thickened by {@code r} reference pixels) with soft edges: each pixel
     * moves toward {@code v} by its coverage times {@code strength}; pixels covered more than half take
     * tissue {@code t}. Thin capsules (vessels below a pixel) thereby stay faint instead of vanishing.
     */
    void capsule(double x0, double y0, double x1, double y1, double r, float v, double strength, Tissue t,
                 int allowed) {
        double rp = r * scale;
        double ax = x0 * scale - 0.5;
        double ay = y0 * scale - 0.5;
        double bx = x1 * scale - 0.5;
        double by = y1 * scale - 0.5;
        int i0 = Math.max(0, (int) Math.floor(Math.min(ay, by) - rp - 1));
        int i1 = Math.min(size - 1, (int) Math.ceil(Math.max(ay, by) + rp + 1));
        int j0 = Math.max(0, (int) Math.floor(Math.min(ax, bx) - rp - 1));
        int j1 = Math.min(size - 1, (int) Math.ceil(Math.max(ax, bx) + rp + 1));
        double dx = bx - ax;
        double dy = by - ay;
        double len2 = dx * dx + dy * dy;
        // at 512 a capsule thinner than a pixel covers at most its own width of each pixel (partial volume);
        // smaller images point-sample the 512 anatomy instead, so thin vessels do not smear over whole
        // coarse pixels and every size keeps the tissue fractions (and selection behaviour) of 512
        boolean sample = scale < 1;
        double peak = sample ? 1 : Math.min(1, 2 * rp);
        double edge = sample ? rp - 0.5 : Math.max(rp, 0.5);
        double reach2 = sample ? rp * rp : (edge + 0.5) * (edge + 0.5);
        byte code = t.code();
        for (int i = i0; i <= i1; i++) {
            int row = i * size;
            for (int j = j0; j <= j1; j++) {
                int k = row + j;
                if ((allowed >> tissue[k] & 1) == 0) {
                    continue;
                }
                double px = j - ax;
                double py = i - ay;
                double u = len2 == 0 ? 0 : Math.max(0, Math.min(1, (px * dx + py * dy) / len2));
                double ex = px - u * dx;
                double ey = py - u * dy;
                double d2 = ex * ex + ey * ey;
                if (d2 >= reach2) {
                    continue;
                }
                double d = Math.sqrt(d2);
                double cov = sample ? 1 : Math.min(peak, edge + 0.5 - d);
                if (cov <= 0) {
                    continue;
                }
                double w = cov * strength;
                value[k] += (float) ((v - value[k]) * w);
                if (w >= 0.5) {
                    tissue[k] = code;
                }
            }
        }
    }
}
