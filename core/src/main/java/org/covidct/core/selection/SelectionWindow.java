package org.covidct.core.selection;

import java.awt.Rectangle;

/**
 * Where the reference rule looks: rows 240..339 and columns 120..369 of a 512 x 512 slice
 * (numpy {@code img[240:340, 120:370]}), a 100 x 250 band across both lungs below the carina.
 *
 * <p>Other sizes: the window keeps the same place relative to the image, its edges scaled by
 * width/512 and height/512 and rounded to the nearest pixel (half up), so a 256 x 256 slice uses rows
 * 120..169 and columns 60..184. This assumes the other size covers the same field of view (a
 * downsampled slice); a different field of view is what the lung-aware rule is for.
 */
public final class SelectionWindow {

    /** Pixels below this stored value (HU -724) count as dark. */
    public static final int DARK_BELOW = 300;

    private SelectionWindow() {
    }

    public static Rectangle forSize(int width, int height) {
        int x0 = scale(120, width);
        int x1 = scale(370, width);
        int y0 = scale(240, height);
        int y1 = scale(340, height);
        return new Rectangle(x0, y0, Math.max(1, x1 - x0), Math.max(1, y1 - y0));
    }

    private static int scale(int edge512, int size) {
        return (int) ((edge512 * (long) size + 256) / 512);
    }
}
