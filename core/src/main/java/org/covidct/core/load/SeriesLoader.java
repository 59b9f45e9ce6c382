package org.covidct.core.load;

import org.covidct.core.CovidctException;
import org.covidct.core.series.Series;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Opens a series folder as TIFF or DICOM, chosen by the content of its files, not their names. */
public final class SeriesLoader {
    private SeriesLoader() {
    }

    /**
     * Every series of a series folder, as {@link #open} would find them: the folder's TIFF series, or each DICOM
     * series of the folder (grouped by SeriesInstanceUID, in SeriesNumber order), not only the one {@code open}
     * would choose. For screening, where every series of an archive is analysed.
     */
    public static List<Series> openAll(Path dir) {
        Series one = open(dir, false);
        return one != null ? List.of(one) : DicomSeries.openAll(dir);
    }

    /** The series of a folder: its TIFF series, or the DICOM series {@link DicomSeries#open} chooses. */
    public static Series open(Path dir) {
        return open(dir, true);
    }

    /** The TIFF series of the folder; for DICOM the one series {@link DicomSeries#open} chooses, or null if not asked. */
    private static Series open(Path dir, boolean dicom) {
        if (!Files.isDirectory(dir)) {
            throw new CovidctException(dir, "not a folder");
        }
        Optional<Path> first;
        try (Stream<Path> s = Files.list(dir)) {
            first = s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted().filter(SliceFiles::hasSliceContent).findFirst();
        } catch (IOException e) {
            throw new CovidctException(dir, "cannot list folder (" + e.getMessage() + ")", e);
        }
        if (first.isEmpty()) {
            throw new CovidctException(dir, "no CT slices (TIFF or DICOM) in this folder");
        }
        if (SliceFiles.isTiff(first.get())) {
            return TiffSeries.open(dir);
        }
        return dicom ? DicomSeries.open(dir) : null;
    }
}
