package org.covidct.app.detect;

import org.covidct.core.CovidctException;
import org.covidct.core.series.Series;
import org.covidct.core.load.SeriesLoader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds the series to analyse in what the user pointed at: a patient folder of the full layout (one
 * subfolder per series, SR_2 by default), a series folder of TIFF slices, or a folder of DICOM files.
 */
public final class SeriesSource {

    /** The series of the paper's patient-level validation. */
    public static final String DEFAULT_SERIES = "SR_2";

    private SeriesSource() {
    }

    /**
     * @param src        the folder given on the command line
     * @param seriesName the series subfolder to use when {@code src} is a patient folder
     * @return the series and the label used in outputs
     */
    public static Labelled open(Path src, String seriesName) {
        if (!Files.isDirectory(src)) {
            throw new CovidctException(src, Files.exists(src) ? "not a folder (give a patient, series or DICOM folder)"
                    : "no such folder");
        }
        List<Path> seriesDirs = seriesSubfolders(src);
        String srcName = src.toAbsolutePath().normalize().getFileName() == null ? src.toString()
                : src.toAbsolutePath().normalize().getFileName().toString();
        if (!seriesDirs.isEmpty()) {
            Path chosen = src.resolve(seriesName);
            if (!Files.isDirectory(chosen)) {
                throw new CovidctException(src, "patient folder has no series " + seriesName + " (found "
                        + String.join(", ", seriesDirs.stream().map(p -> p.getFileName().toString()).toList())
                        + "; choose one with --series)");
            }
            return new Labelled(SeriesLoader.open(chosen), srcName + "/" + seriesName);
        }
        return new Labelled(SeriesLoader.open(src), srcName);
    }

    /** A series with the label written in outputs. */
    public record Labelled(Series series, String label) {
    }

    private static List<Path> seriesSubfolders(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).filter(p -> p.getFileName().toString().startsWith("SR_")).sorted().toList();
        } catch (IOException e) {
            throw new CovidctException(dir, "cannot list folder (" + e.getMessage() + ")", e);
        }
    }
}
