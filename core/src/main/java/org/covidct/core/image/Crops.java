package org.covidct.core.image;

import org.covidct.core.CovidctException;

import java.awt.Rectangle;

/** Rectangular crops of decoded slices. */
public final class Crops {
    private Crops() {
    }

    public static CtSlice crop(CtSlice s, Rectangle r) {
        if (r.x < 0 || r.y < 0 || r.x + r.width > s.width() || r.y + r.height > s.height()) {
            throw new CovidctException("slice " + s.source() + " is " + s.width() + "x" + s.height()
                    + ", too small for region " + r.width + "x" + r.height + " at " + r.x + "," + r.y);
        }
        short[] out = new short[r.width * r.height];
        for (int y = 0; y < r.height; y++) {
            System.arraycopy(s.values(), (r.y + y) * s.width() + r.x, out, y * r.width, r.width);
        }
        return new CtSlice(r.width, r.height, out, s.source());
    }
}
