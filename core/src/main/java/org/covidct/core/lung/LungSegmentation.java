package org.covidct.core.lung;

import org.covidct.core.image.CtSlice;

/**
 * Finds the lungs of a slice by thresholds and shape, without training: the body is the largest region denser
 * than -500 HU (holes filled); inside it, regions of air (below -320 HU) larger than {@link #MIN_AIR_CM2} are lung
 * unless they are nearly pure air, as gas in the stomach or bowel is; the lung regions are then closed with a
 * disc of {@link #CLOSING_MM} and their holes filled, so that vessels, bronchial walls and lesions inside the lung
 * (ground glass, consolidation not wider than about twice the closing radius at the pleura) belong to it.
 *
 * <p>Sizes are in millimetres and square centimetres, so the result does not depend on the matrix or the field of
 * view. It is a mask for placing findings and scoring maps, not a clinical segmentation: a consolidation that
 * fills a whole lobe against the chest wall stays outside it.
 */
public final class LungSegmentation {

    /** HU + 1024 below which a cell is air or lung (-320 HU: well above aerated lung, below soft tissue). */
    static final int AIR_BELOW = 1024 - 320;
    /** HU + 1024 from which a cell is body (-500 HU). */
    static final int BODY_FROM = 1024 - 500;
    /** Air regions smaller than this are airways or noise, not lung. */
    public static final double MIN_AIR_CM2 = 3.0;
    /** Mean HU below which an air region is gas (stomach, bowel), not aerated lung (lung averages about -850 HU). */
    static final int GAS_MEAN_BELOW = 1024 - 965;
    public static final double CLOSING_MM = 6.0;

    private LungSegmentation() {
    }

    /** Slices wider than this are segmented at half resolution (a 2 x 2 mean), then the masks scaled back up. */
    static final int HALVE_ABOVE = 300;

    public static LungMask of(CtSlice slice, double pixelSpacingMm) {
        if (!(pixelSpacingMm > 0)) {
            throw new IllegalArgumentException("pixel spacing " + pixelSpacingMm);
        }
        if (slice.width() > HALVE_ABOVE && slice.height() > HALVE_ABOVE) {
            // the masks' uses (placing findings, masking input, scoring maps) need millimetres, not single pixels;
            // at half resolution segmentation costs a quarter
            LungMask half = atFullResolution(halved(slice), pixelSpacingMm * 2);
            return new LungMask(doubled(half.lungs(), slice.width(), slice.height()),
                    doubled(half.body(), slice.width(), slice.height()), half.midlineX() * 2, pixelSpacingMm);
        }
        return atFullResolution(slice, pixelSpacingMm);
    }

    private static CtSlice halved(CtSlice s) {
        int w = s.width() / 2;
        int h = s.height() / 2;
        short[] v = s.values();
        short[] out = new short[w * h];
        for (int y = 0; y < h; y++) {
            int r0 = 2 * y * s.width();
            int r1 = r0 + s.width();
            for (int x = 0; x < w; x++) {
                int sum = (v[r0 + 2 * x] & 0xFFFF) + (v[r0 + 2 * x + 1] & 0xFFFF)
                        + (v[r1 + 2 * x] & 0xFFFF) + (v[r1 + 2 * x + 1] & 0xFFFF);
                out[y * w + x] = (short) ((sum + 2) / 4);
            }
        }
        return new CtSlice(w, h, out, s.source());
    }

    private static Grid doubled(Grid g, int width, int height) {
        boolean[] out = new boolean[width * height];
        int w = g.width();
        int h = g.height();
        for (int y = 0; y < height; y++) {
            int sy = Math.min(h - 1, y / 2);
            for (int x = 0; x < width; x++) {
                out[y * width + x] = g.get(Math.min(w - 1, x / 2), sy);
            }
        }
        return new Grid(width, height, out);
    }

    private static LungMask atFullResolution(CtSlice slice, double pixelSpacingMm) {
        int w = slice.width();
        int h = slice.height();
        short[] v = slice.values();
        boolean[] dense = new boolean[w * h];
        for (int i = 0; i < dense.length; i++) {
            dense[i] = (v[i] & 0xFFFF) >= BODY_FROM;
        }
        Grid body = largest(new Grid(w, h, dense).open(1.5 / pixelSpacingMm)).fillHoles();
        boolean[] air = new boolean[w * h];
        for (int i = 0; i < air.length; i++) {
            air[i] = body.get(i) && (v[i] & 0xFFFF) < AIR_BELOW;
        }
        Grid airInBody = new Grid(w, h, air).open(0.75 / pixelSpacingMm);
        int[] label = airInBody.components();
        int n = 0;
        for (int l : label) {
            n = Math.max(n, l);
        }
        long[] size = new long[n + 1];
        long[] sum = new long[n + 1];
        for (int i = 0; i < label.length; i++) {
            size[label[i]]++;
            sum[label[i]] += v[i] & 0xFFFF;
        }
        double minCells = MIN_AIR_CM2 * 100 / (pixelSpacingMm * pixelSpacingMm);
        boolean[] lungRegion = new boolean[n + 1];
        for (int l = 1; l <= n; l++) {
            lungRegion[l] = size[l] >= minCells && sum[l] >= (long) GAS_MEAN_BELOW * size[l];
        }
        boolean[] lung = new boolean[w * h];
        for (int i = 0; i < lung.length; i++) {
            lung[i] = lungRegion[label[i]];
        }
        Grid lungs = new Grid(w, h, lung).close(CLOSING_MM / pixelSpacingMm).fillHoles().and(body);
        return new LungMask(lungs, body, centroidX(body), pixelSpacingMm);
    }

    private static Grid largest(Grid g) {
        int[] label = g.components();
        int n = 0;
        for (int l : label) {
            n = Math.max(n, l);
        }
        if (n == 0) {
            return g;
        }
        int[] size = new int[n + 1];
        for (int l : label) {
            size[l]++;
        }
        int best = 1;
        for (int l = 2; l <= n; l++) {
            if (size[l] > size[best]) {
                best = l;
            }
        }
        boolean[] out = new boolean[label.length];
        for (int i = 0; i < label.length; i++) {
            out[i] = label[i] == best;
        }
        return new Grid(g.width(), g.height(), out);
    }

    private static double centroidX(Grid g) {
        long sum = 0;
        long n = 0;
        for (int y = 0; y < g.height(); y++) {
            for (int x = 0; x < g.width(); x++) {
                if (g.get(x, y)) {
                    sum += x;
                    n++;
                }
            }
        }
        return n == 0 ? g.width() / 2.0 : (double) sum / n + 0.5;
    }
}
