package org.covidct.core.series;

import org.covidct.core.image.Crops;
import org.covidct.core.image.CtSlice;

import java.awt.Rectangle;
import java.nio.file.Path;

/** One slice of a series, located but not yet decoded (TIFF file, DICOM file...). */
public interface SliceSource {

    /** File name as shown in outputs (for example IM00001.tif). */
    String name();

    Path file();

    /** Decodes the whole slice in the COVID-CTset convention (HU + 1024, unsigned 16-bit). */
    CtSlice read();

    /** Decodes only what covers {@code region}; the result is the region's size. */
    default CtSlice readRegion(Rectangle region) {
        return Crops.crop(read(), region);
    }

    /**
     * Decodes only the region that {@code rule} picks once the slice's size is known, with one pass
     * over the file where the format allows (TIFF). The rule may throw to refuse a size.
     */
    default CtSlice readRegion(RegionRule rule) {
        CtSlice whole = read();
        return Crops.crop(whole, rule.regionFor(whole.width(), whole.height()));
    }

    /**
     * Number of values below {@code below} (unsigned) in the region {@code rule} picks: the same as
     * counting over {@link #readRegion(RegionRule)}, which formats may answer without building the region.
     */
    default int countBelow(RegionRule rule, int below) {
        int n = 0;
        for (short v : readRegion(rule).values()) {
            n += (v & 0xFFFF) < below ? 1 : 0;
        }
        return n;
    }

    /** Chooses a region from a slice's size (for example a window scaled to the slice). */
    @FunctionalInterface
    interface RegionRule {
        Rectangle regionFor(int width, int height);
    }
}
