package org.covidct.app.detect;

import org.covidct.core.dataset.ClassLabel;

/**
 * One slice of an analysed series: what the selection and the network said about it.
 *
 * @param series        the series label (folder path relative to the input, {@code /}-separated)
 * @param file          the slice's file name
 * @param kept          whether the selection kept it (lung open)
 * @param darkCount     pixels below 300 in the selection window
 * @param pCovid        the network's COVID probability; NaN for dropped slices (not classified)
 * @param predicted     the class with the higher probability; null for dropped slices
 * @param instance      the DICOM InstanceNumber (the key of radiologists' slice labels); null for TIFF
 * @param sliceLocation the DICOM SliceLocation in mm (else the position along the slice normal); null when unknown
 */
public record SliceResult(String series, String file, boolean kept, int darkCount, double pCovid, ClassLabel predicted,
                          Integer instance, Double sliceLocation) {

    public SliceResult {
        if (kept == (predicted == null) || kept == Double.isNaN(pCovid)) {
            throw new IllegalArgumentException(file + ": kept slices are classified, dropped ones are not");
        }
    }

    public boolean calledCovid() {
        return predicted == ClassLabel.COVID;
    }
}
