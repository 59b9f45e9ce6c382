package org.covidct.core.dicom;

import org.covidct.core.image.CtSlice;

/**
 * A decoded DICOM image: its header and the stored pixel values (after BitsStored masking and sign
 * extension, before rescale), row-major.
 */
public record DicomImage(DicomHeader header, int[] stored) {

    /** The slice in the COVID-CTset convention, with counts of what did not fit. */
    public record Conversion(CtSlice slice, long clipped, long padding) {
    }

    public int width() {
        return header.columns();
    }

    public int height() {
        return header.rows();
    }

    /**
     * COVID-CTset values: stored * slope + intercept + 1024 (HU + 1024), rounded to the nearest
     * integer and clipped to 0..65535; pixels equal to PixelPaddingValue (outside the scanned field)
     * become 0, the value of air below the lowest HU. Refused when more than half of the other pixels
     * would be clipped.
     */
    public Conversion toCovidCt(String sourceName) {
        return convert(header, stored, width(), height(), sourceName, true);
    }

    /**
     * The conversion of {@link #toCovidCt} for any block of stored values (a whole image or a region). The
     * clipping rule applies to whole images only: a small region may lie wholly outside the scanned field.
     */
    static Conversion convert(DicomHeader header, int[] stored, int width, int height, String sourceName,
                              boolean wholeImage) {
        double slope = header.rescaleSlope();
        double intercept = header.rescaleIntercept() + 1024;
        Integer padding = header.pixelPaddingValue();
        int pad = padding == null ? Integer.MIN_VALUE : padding;
        boolean integral = slope == 1.0 && intercept == Math.rint(intercept);
        int offset = (int) intercept;
        short[] out = new short[stored.length];
        long clipped = 0;
        long padded = 0;
        for (int i = 0; i < stored.length; i++) {
            int s = stored[i];
            if (s == pad) {
                padded++;
                continue;
            }
            long v = integral ? (long) s + offset : Math.round(s * slope + intercept);
            if (v < 0) {
                v = 0;
                clipped++;
            } else if (v > 0xFFFF) {
                v = 0xFFFF;
                clipped++;
            }
            out[i] = (short) v;
        }
        long measured = stored.length - padded;
        if (wholeImage && measured > 0 && clipped * 2 > measured) {
            // real slices clip only outside the scanned field (below HU -1024): a rescale that clips most of
            // the image has lost it (an absurd slope or intercept), whatever "values clipped" would say
            throw new org.covidct.core.CovidctException(header.file(), "RescaleSlope " + header.rescaleSlope()
                    + " and RescaleIntercept " + header.rescaleIntercept() + " put " + clipped + " of " + measured
                    + " pixels outside 0..65535 (HU -1024..64511): the rescale does not give CT values");
        }
        return new Conversion(new CtSlice(width, height, out, sourceName), clipped, padded);
    }

    /** As {@link #toCovidCt} without the counts. */
    public CtSlice toCtSlice(String sourceName) {
        return toCovidCt(sourceName).slice();
    }
}
