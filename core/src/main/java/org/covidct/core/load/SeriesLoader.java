package org.covidct.core.load;

import org.covidct.core.CovidctException;
import org.covidct.core.series.Series;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/** Opens a series folder as TIFF or DICOM, chosen by the content of its files, not their names. */
public final class SeriesLoader {
    private SeriesLoader() {
    }

    public static Series open(Path dir) {
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
        return SliceFiles.isTiff(first.get()) ? TiffSeries.open(dir) : DicomSeries.open(dir);
    }
}
