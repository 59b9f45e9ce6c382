package org.covidct.core.dicom;

import org.covidct.core.CovidctException;
import org.covidct.core.series.Series;

import java.nio.file.Path;

/** DICOM series folders (placeholder until the Part-10 reader lands; see issue 3). */
public final class DicomSeries {
    private DicomSeries() {
    }

    public static Series open(Path dir) {
        throw new CovidctException(dir, "DICOM input is not supported yet");
    }

    public static boolean looksLikeDicom(Path file) {
        return false;
    }
}
