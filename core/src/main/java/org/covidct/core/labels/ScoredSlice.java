package org.covidct.core.labels;

import org.covidct.core.lung.LungSide;

/**
 * One slice of a series as the detector left it.
 *
 * @param instance the DICOM InstanceNumber, the key of the labels
 * @param kept     kept by the selection
 * @param pCovid   the slice's COVID probability; NaN when it was not classified (dropped slices)
 * @param camMade  whether a Grad-CAM map was made for the slice
 * @param camPeak  the lung that holds the peak of the slice's map; null when no map was made or its peak lies
 *                 outside both lungs (a miss: a map that points at the mediastinum has not found the lesion)
 */
public record ScoredSlice(int instance, boolean kept, double pCovid, boolean camMade, LungSide camPeak) {

    /** A slice whose map, if any, peaks in {@code camPeak} (null: no map was made). */
    public ScoredSlice(int instance, boolean kept, double pCovid, LungSide camPeak) {
        this(instance, kept, pCovid, camPeak != null, camPeak);
    }

    public ScoredSlice {
        if (kept && Double.isNaN(pCovid)) {
            throw new IllegalArgumentException("kept slice " + instance + " without a probability");
        }
        if (!camMade && camPeak != null) {
            throw new IllegalArgumentException("slice " + instance + ": a map peak without a map");
        }
    }

    public boolean classified() {
        return !Double.isNaN(pCovid);
    }
}
