package org.covidct.app.detect;

import org.covidct.core.dicom.DicomHeader;
import org.covidct.core.dicom.Tag;
import org.covidct.core.load.DicomSeries;
import org.covidct.core.series.Series;

/**
 * What the series' DICOM headers say about the study (nothing identifying beyond the UIDs machines need to file a
 * result): all null for TIFF series, which carry none of it.
 *
 * @param studyInstanceUid  StudyInstanceUID
 * @param seriesInstanceUid SeriesInstanceUID
 * @param studyDate         StudyDate as YYYY-MM-DD
 * @param sliceThicknessMm  SliceThickness
 * @param pixelSpacingMm    the row spacing of PixelSpacing
 * @param kernel            ConvolutionKernel (the reconstruction filter)
 * @param scanner           Manufacturer and ManufacturerModelName
 * @param modality          Modality
 * @param axial             whether the slices are axial (null when unknown: TIFF)
 */
public record StudyDetails(String studyInstanceUid, String seriesInstanceUid, String studyDate, Double sliceThicknessMm,
                           Double pixelSpacingMm, String kernel, String scanner, String modality, Boolean axial) {

    /** Nothing known (TIFF). */
    public static final StudyDetails NONE = new StudyDetails(null, null, null, null, null, null, null, null, null);

    /** From the first slice's header, or {@link #NONE} when the series is not DICOM. */
    public static StudyDetails of(Series series) {
        if (series.slices().isEmpty()) {
            return NONE;
        }
        DicomHeader h = DicomSeries.headerOf(series.slices().get(0));
        if (h == null) {
            return NONE;
        }
        double[] spacing = h.pixelSpacing();
        String manufacturer = blankToNull(h.attributes().string(Tag.MANUFACTURER));
        String model = blankToNull(h.attributes().string(Tag.MANUFACTURER_MODEL_NAME));
        String scanner = manufacturer == null ? model : model == null ? manufacturer : manufacturer + " " + model;
        return new StudyDetails(blankToNull(h.studyInstanceUid()), blankToNull(h.seriesInstanceUid()),
                isoDate(h.studyDate()), h.sliceThickness(), spacing == null ? null : spacing[0],
                blankToNull(String.join("\\", h.attributes().strings(Tag.CONVOLUTION_KERNEL))), scanner,
                blankToNull(h.modality()), h.isAxial());
    }

    /** True when something is known (a DICOM series). */
    public boolean known() {
        return !equals(NONE);
    }

    static String isoDate(String da) {
        if (da == null || !da.trim().matches("\\d{8}")) {
            return blankToNull(da);
        }
        String d = da.trim();
        return d.substring(0, 4) + "-" + d.substring(4, 6) + "-" + d.substring(6, 8);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
