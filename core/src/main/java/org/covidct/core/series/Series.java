package org.covidct.core.series;

import java.nio.file.Path;
import java.util.List;

/**
 * One sweep of the chest: the slices of one series folder (SR_k) in sweep order.
 *
 * @param dir    the folder it was read from
 * @param label  a short identifier (for TIFF the folder; for DICOM the series number)
 * @param slices in sweep order (TIFF: file name order; DICOM: InstanceNumber, then position)
 */
public record Series(Path dir, String label, List<SliceSource> slices) {
    public Series {
        slices = List.copyOf(slices);
    }

    public int size() {
        return slices.size();
    }
}
