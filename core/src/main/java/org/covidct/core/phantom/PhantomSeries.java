package org.covidct.core.phantom;

/**
 * One series of a phantom patient: a whole sweep reconstructed at one slice thickness, as the SR_2,
 * SR_3 and SR_4 folders of COVID-CTset.
 *
 * @param name        folder name, SR_2, SR_3 or SR_4
 * @param thicknessMm slice thickness and spacing
 * @param sharpKernel a sharp (lung) reconstruction kernel, noisier, or a smooth (soft tissue) one;
 *                    the real series use Siemens B70s and B35s
 * @param sliceCount  slices in the sweep
 */
public record PhantomSeries(String name, double thicknessMm, boolean sharpKernel, int sliceCount) {

    /** Centre of slice {@code index} (0 = most superior), millimetres from the top of the sweep. */
    public double sliceZ(int index) {
        return thicknessMm * (index + 0.5);
    }

    /** The file name of slice {@code index} in the COVID-CTset layout (IM00001.tif is the first). */
    public static String fileName(int index) {
        return String.format(java.util.Locale.ROOT, "IM%05d.tif", index + 1);
    }

    /** Thickness as Patient_details.csv writes it (6, 1.5). */
    public String thicknessText() {
        return thicknessMm == Math.rint(thicknessMm) ? Long.toString((long) thicknessMm) : Double.toString(thicknessMm);
    }
}
