package org.covidct.core.labels;

import org.covidct.core.lung.LungSide;

/**
 * One slice of a series as the detector left it.
 *
 * @param instance the DICOM InstanceNumber, the key of the labels
 * @param kept     kept by the selection
 * @param pCovid   the slice's COVID probability; NaN when it was not classified (dropped slices)
 * @param camPeak  the lung that holds the peak of the slice's Grad-CAM map, or null when no map was made or its
 *                 peak lies outside both lungs
 */
public record ScoredSlice(int instance, boolean kept, double pCovid, LungSide camPeak) {

    public ScoredSlice {
        if (kept && Double.isNaN(pCovid)) {
            throw new IllegalArgumentException("kept slice " + instance + " without a probability");
        }
    }

    public boolean classified() {
        return !Double.isNaN(pCovid);
    }
}
