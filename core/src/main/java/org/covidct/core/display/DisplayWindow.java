package org.covidct.core.display;

import org.covidct.core.CovidctException;
import org.covidct.core.image.CtSlice;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.Locale;

/**
 * How a CT slice becomes an 8-bit grey image: a window of Hounsfield units (width/level, the linear
 * VOI function of DICOM PS3.3 C.11.2.1.2.1 with output 0..255), or the slice divided by its own
 * maximum (the COVID-CTset authors' Visualize convention). Slice values are HU + 1024.
 *
 * <p>The one place where display mapping lives: reports, montages and the CLI all use it.
 */
public final class DisplayWindow {

    /** Lung window W1500/L-600, the default for chest CT. */
    public static final DisplayWindow LUNG = hu(1500, -600);
    /** Soft-tissue (mediastinal) window W400/L40. */
    public static final DisplayWindow MEDIASTINUM = hu(400, 40);
    /** Bone window W1800/L400. */
    public static final DisplayWindow BONE = hu(1800, 400);

    private static final int HU_OFFSET = 1024;

    private final double width;
    private final double level;
    private final boolean relativeToMax;

    private DisplayWindow(double width, double level, boolean relativeToMax) {
        this.width = width;
        this.level = level;
        this.relativeToMax = relativeToMax;
    }

    /** A window of {@code width} HU centred on {@code level} HU; width at least 1 (DICOM's rule). */
    public static DisplayWindow hu(double width, double level) {
        if (!(width >= 1) || Double.isInfinite(width) || !Double.isFinite(level)) {
            throw new CovidctException("window width must be at least 1 HU and level finite, got W" + width + "/L" + level);
        }
        return new DisplayWindow(width, level, false);
    }

    /** 0 .. the slice's own maximum onto 0..255 (each slice scaled on its own). */
    public static DisplayWindow sliceMax() {
        return new DisplayWindow(0, 0, true);
    }

    /**
     * Parses "1500/-600", "W1500/L-600", a preset name (lung, mediastinum, bone) or "max".
     */
    public static DisplayWindow parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        switch (t) {
            case "lung":
                return LUNG;
            case "mediastinum":
            case "soft-tissue":
                return MEDIASTINUM;
            case "bone":
                return BONE;
            case "max":
                return sliceMax();
            default:
                break;
        }
        String[] p = t.split("/");
        if (p.length == 2) {
            try {
                double w = Double.parseDouble(p[0].startsWith("w") ? p[0].substring(1) : p[0]);
                double l = Double.parseDouble(p[1].startsWith("l") ? p[1].substring(1) : p[1]);
                return hu(w, l);
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new CovidctException("bad window '" + text + "': expected WIDTH/LEVEL in HU (e.g. 1500/-600), "
                + "lung, mediastinum, bone or max");
    }

    public boolean relativeToMax() {
        return relativeToMax;
    }

    public double width() {
        return width;
    }

    public double level() {
        return level;
    }

    /** Grey level 0..255 of a stored value (HU + 1024); {@code sliceMax} is used by the max mode only. */
    public int gray(int value, int sliceMax) {
        if (relativeToMax) {
            if (sliceMax <= 0) {
                return 0;
            }
            return Math.round((float) value / (float) sliceMax * 255f);
        }
        double x = value - HU_OFFSET;
        double c = level - 0.5;
        double half = (width - 1) / 2;
        if (x <= c - half) {
            return 0;
        }
        if (x > c + half) {
            return 255;
        }
        return (int) Math.round(((x - c) / (width - 1) + 0.5) * 255);
    }

    /** The slice as an 8-bit grey image through this window. */
    public BufferedImage apply(CtSlice slice) {
        int max = relativeToMax ? slice.max() : 0;
        byte[] lut = new byte[65536];
        for (int v = 0; v < lut.length; v++) {
            lut[v] = (byte) gray(v, max);
        }
        BufferedImage img = new BufferedImage(slice.width(), slice.height(), BufferedImage.TYPE_BYTE_GRAY);
        byte[] out = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        short[] in = slice.values();
        for (int i = 0; i < in.length; i++) {
            out[i] = lut[in[i] & 0xFFFF];
        }
        return img;
    }

    /** The slice as an 8-bit grey image through {@code window}. */
    public static BufferedImage toGray8(CtSlice slice, DisplayWindow window) {
        return window.apply(slice);
    }

    @Override
    public String toString() {
        if (relativeToMax) {
            return "max";
        }
        return String.format(Locale.ROOT, "W%s/L%s", num(width), num(level));
    }

    private static String num(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DisplayWindow w && w.width == width && w.level == level && w.relativeToMax == relativeToMax;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(width) * 31 + Double.hashCode(level) * 7 + (relativeToMax ? 1 : 0);
    }
}
