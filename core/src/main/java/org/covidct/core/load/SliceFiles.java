package org.covidct.core.load;

import org.covidct.core.CovidctException;
import org.covidct.core.dicom.DicomFile;
import org.covidct.core.image.CtSlice;
import org.covidct.core.tiff.TiffSlices;

import java.nio.file.Files;
import java.nio.file.Path;

/** One slice file, TIFF or DICOM, recognised by content rather than name. */
public final class SliceFiles {
    private SliceFiles() {
    }

    public static boolean isSlice(Path file) {
        return Files.isRegularFile(file) && hasSliceContent(file);
    }

    /** True when a file's content is TIFF or DICOM (its name does not matter); the one test every loader uses. */
    public static boolean hasSliceContent(Path file) {
        return TiffSlices.looksLikeTiff(file) || DicomSeries.looksLikeDicom(file);
    }

    /**
     * True when a file is to be read as TIFF: TIFF magic at byte 0 and no DICOM marker at byte 128 (a
     * DICOM preamble may begin with TIFF magic, as pydicom's CT_small.dcm does; "DICM" wins).
     */
    public static boolean isTiff(Path file) {
        return TiffSlices.looksLikeTiff(file) && !DicomFile.hasDicmMarker(file);
    }

    /** Decodes a TIFF or DICOM slice in the COVID-CTset convention (HU + 1024). */
    public static CtSlice read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new CovidctException(file, Files.exists(file) ? "not a file" : "no such file");
        }
        if (isTiff(file)) {
            return TiffSlices.read(file);
        }
        if (DicomSeries.looksLikeDicom(file)) {
            return DicomFile.read(file).toCtSlice(file.getFileName().toString());
        }
        throw new CovidctException(file, "neither a TIFF nor a DICOM file");
    }
}
