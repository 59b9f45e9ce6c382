package org.covidct.core.lesion;

import org.covidct.core.image.CtSlice;
import org.covidct.core.lung.Grid;
import org.covidct.core.lung.LungMask;

/**
 * A slice in Hounsfield units as floats, with its lungs, that findings are drawn on, and the mask of the
 * COVID-pattern lesions drawn so far.
 */
public final class LungCanvas {

    final int width;
    final int height;
    final float[] hu;
    final LungMask lungs;
    final float[] depthMm;
    final boolean[] lungOrRim;
    final boolean[] lesion;
    final int lungTop;
    final int lungBottom;

    public LungCanvas(CtSlice slice, LungMask lungs) {
        if (lungs.lungs().width() != slice.width() || lungs.lungs().height() != slice.height()) {
            throw new IllegalArgumentException("lung mask " + lungs.lungs().width() + "x" + lungs.lungs().height()
                    + " for a " + slice.width() + "x" + slice.height() + " slice");
        }
        this.width = slice.width();
        this.height = slice.height();
        this.lungs = lungs;
        short[] v = slice.values();
        this.hu = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            hu[i] = (v[i] & 0xFFFF) - 1024f;
        }
        this.depthMm = lungs.depthMm();
        // lesions against the pleura may take the partial-volume rim of the mask too
        Grid rim = lungs.lungs().dilate(2);
        this.lungOrRim = rim.cells();
        this.lesion = new boolean[v.length];
        int top = height;
        int bottom = -1;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if (lungs.lungs().get(x, y)) {
                    top = Math.min(top, y);
                    bottom = Math.max(bottom, y);
                }
            }
        }
        this.lungTop = top;
        this.lungBottom = bottom;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public LungMask lungs() {
        return lungs;
    }

    public boolean hasLung() {
        return lungBottom >= lungTop;
    }

    /** The mask of the COVID-pattern lesions drawn so far. */
    public Grid lesionMask() {
        return new Grid(width, height, lesion.clone());
    }

    /** The slice as drawn, in the COVID-CTset convention (HU + 1024, rounded, clipped to 0..65535). */
    public CtSlice toSlice(String source) {
        short[] out = new short[hu.length];
        for (int i = 0; i < hu.length; i++) {
            long q = Math.round(hu[i] + 1024.0);
            out[i] = (short) Math.max(0, Math.min(65535, q));
        }
        return new CtSlice(width, height, out, source);
    }

    /** Relative height of row y in the lungs: 0 at their top row (anterior), 1 at their bottom row (posterior). */
    double posteriority(int y) {
        return lungBottom <= lungTop ? 0.5 : Math.max(0, Math.min(1, (y - lungTop) / (double) (lungBottom - lungTop)));
    }
}
