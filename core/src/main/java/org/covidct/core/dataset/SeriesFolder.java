package org.covidct.core.dataset;

import org.covidct.core.CovidctException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * One series folder of the full layout, {@code <group>/<patientN>/<SR_k>}: one sweep of the chest.
 *
 * @param dir       the folder
 * @param group     the group folder it sits in (e.g. {@code normal1})
 * @param patientId the patient folder, i.e. the patient ID
 * @param series    the series folder name (e.g. {@code SR_2})
 * @param label     the class of the group folder
 */
public record SeriesFolder(Path dir, String group, String patientId, String series, ClassLabel label) {

    /**
     * The slices of this series, {@code IM*.tif} (or .tiff), in file name order, which is the order of the
     * sweep for the zero-padded names of COVID-CTset.
     */
    public List<Path> slices() {
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(SeriesFolder::isSliceFile).sorted().toList();
        } catch (IOException e) {
            throw new CovidctException(dir, "cannot list folder (" + e.getMessage() + ")", e);
        }
    }

    /** The flat name of one slice of this series, as in the Training&amp;Validation folder. */
    public FlatName flatName(Path slice) {
        String file = slice.getFileName().toString();
        int dot = file.lastIndexOf('.');
        return new FlatName(group, patientId, series, dot < 0 ? file : file.substring(0, dot));
    }

    static boolean isSliceFile(Path p) {
        String name = p.getFileName().toString();
        String lower = name.toLowerCase(Locale.ROOT);
        return name.startsWith("IM") && (lower.endsWith(".tif") || lower.endsWith(".tiff")) && Files.isRegularFile(p);
    }
}
