package org.covidct.core.lung;

import org.covidct.core.image.CtSlice;

/**
 * A slice as a lung-only network input: the lungs (found by {@link LungSegmentation}, widened by
 * {@link #MARGIN_MM} so lesions against the pleura stay whole) in the lung range -1000..0 HU stretched threefold,
 * everything else set to a uniform 0 HU. The result is in the same unsigned 16-bit form as a slice (values 0..3000,
 * no longer HU + 1024): it removes what tells persons apart (body habitus, bones, mediastinum, table) and keeps the
 * contrast of ground glass against aerated lung, which raw values share with bone and fat.
 *
 * <p>The pixel spacing is not known for every input (COVID-CTset TIFFs carry none), so segmentation assumes the
 * usual chest field of view: 0.7 mm per pixel at 512 pixels, scaled with the matrix. It is the same for training
 * and inference, which is what matters for a network input.
 */
public final class LungWindow {

    /** HU range kept; values outside are clipped to its ends. */
    public static final int LOW_HU = -1000;
    public static final int HIGH_HU = 0;
    /** Input units per HU. */
    public static final int GAIN = 3;
    public static final double MARGIN_MM = 5;
    public static final double NOMINAL_SPACING_AT_512 = 0.7;

    private LungWindow() {
    }

    public static double nominalSpacing(int width) {
        return NOMINAL_SPACING_AT_512 * 512.0 / width;
    }

    public static CtSlice apply(CtSlice slice) {
        double spacing = nominalSpacing(slice.width());
        LungMask lungs = LungSegmentation.of(slice, spacing);
        boolean[] keep = lungs.lungs().dilate(MARGIN_MM / spacing).cells();
        short[] v = slice.values();
        short[] out = new short[v.length];
        short outside = (short) ((HIGH_HU - LOW_HU) * GAIN);
        for (int i = 0; i < v.length; i++) {
            if (!keep[i]) {
                out[i] = outside;
                continue;
            }
            int hu = (v[i] & 0xFFFF) - 1024;
            int clipped = Math.max(LOW_HU, Math.min(HIGH_HU, hu));
            out[i] = (short) ((clipped - LOW_HU) * GAIN);
        }
        return new CtSlice(slice.width(), slice.height(), out, slice.source());
    }
}
