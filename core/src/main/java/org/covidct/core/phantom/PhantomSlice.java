package org.covidct.core.phantom;

import org.covidct.core.image.CtSlice;

/**
 * One rendered phantom slice with its ground truth.
 *
 * @param slice         the image (HU + 1024, unsigned 16-bit)
 * @param tissue        per pixel, the {@link Tissue#code()} of what was painted there (before noise)
 * @param lesionMask    per pixel, 0 or the 1-based index of the lesion covering it (at least half strength)
 * @param lesionPixels  number of non-zero pixels of {@code lesionMask}
 * @param zMm           position of the slice centre along the sweep, millimetres from its top
 * @param thicknessMm   slice thickness
 */
public record PhantomSlice(CtSlice slice, byte[] tissue, byte[] lesionMask, int lesionPixels, double zMm,
                           double thicknessMm) {

    public boolean hasLesion() {
        return lesionPixels > 0;
    }

    public Tissue tissueAt(int x, int y) {
        return Tissue.of(tissue[y * slice.width() + x]);
    }

    public boolean lesionAt(int x, int y) {
        return lesionMask[y * slice.width() + x] != 0;
    }
}
