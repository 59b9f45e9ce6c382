package org.covidct.core.lung;

/**
 * The lungs of one slice.
 *
 * @param lungs          lung cells, with the vessels, airways and lesions inside them
 * @param body           the patient's body (the largest dense region with its holes filled)
 * @param midlineX       the column that divides the body in two halves (its centroid), in pixels
 * @param pixelSpacingMm the side of a pixel in millimetres
 */
public record LungMask(Grid lungs, Grid body, double midlineX, double pixelSpacingMm) {

    /** Lung area in square centimetres. */
    public double areaCm2() {
        return lungs.count() * pixelSpacingMm * pixelSpacingMm / 100.0;
    }

    /**
     * Which lung a cell lies in, or null when it lies in neither. Axial CT is viewed from the feet with the
     * patient supine: the patient's left lung is on the right of the image (DICOM's patient coordinates: x grows
     * toward the patient's left along a row for the usual ImageOrientationPatient 1\0\0\0\1\0).
     */
    public LungSide sideAt(int x, int y) {
        if (!lungs.get(x, y)) {
            return null;
        }
        return x + 0.5 > midlineX ? LungSide.LEFT : LungSide.RIGHT;
    }

    /** Distance in millimetres from each lung cell to the nearest cell outside the lungs (0 outside). */
    public float[] depthMm() {
        float[] d2 = lungs.not().squaredDistanceToOn();
        float[] out = new float[d2.length];
        for (int i = 0; i < d2.length; i++) {
            out[i] = lungs.get(i) ? (float) (Math.sqrt(d2[i]) * pixelSpacingMm) : 0f;
        }
        return out;
    }
}
