package org.covidct.core.labels;

import org.covidct.core.CovidctException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real series with what is known of its person: laid out as COVID-CT-MD's samples are (and
 * ../shared/data/real/covid-ct-md): {@code covid/<series>/}, {@code normal/<series>/}, {@code cap/<series>/}, and
 * {@code labels/<series>.slice-labels.csv} for the series that have slice labels.
 *
 * @param name   the series folder's name (the key of its labels file)
 * @param person what the person has, from the folder above it
 * @param dir    the series folder
 * @param labels the radiologists' slice labels, or null when there is no labels file
 */
public record LabelledSeries(String name, PersonClass person, Path dir, SliceLabels labels) {

    /**
     * Every series under {@code root} in that layout, in a fixed order (class folder, then name). A COVID or other
     * pneumonia series without labels is listed with null labels: it can still be decided, not slice-scored.
     */
    public static List<LabelledSeries> discover(Path root) {
        if (!Files.isDirectory(root)) {
            throw new CovidctException(root, Files.exists(root) ? "not a folder" : "no such folder");
        }
        Path labelDir = root.resolve("labels");
        List<LabelledSeries> out = new ArrayList<>();
        for (PersonClass person : PersonClass.values()) {
            Path classDir = root.resolve(person.folder());
            if (!Files.isDirectory(classDir)) {
                continue;
            }
            List<Path> series;
            try (Stream<Path> s = Files.list(classDir)) {
                series = s.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith("."))
                        .sorted().toList();
            } catch (IOException e) {
                throw new CovidctException(classDir, "cannot list folder (" + e.getMessage() + ")", e);
            }
            for (Path dir : series) {
                String name = dir.getFileName().toString();
                Path labelFile = labelDir.resolve(name + SliceLabels.FILE_SUFFIX);
                SliceLabels labels = Files.isRegularFile(labelFile) ? SliceLabels.read(labelFile) : null;
                out.add(new LabelledSeries(name, person, dir, labels));
            }
        }
        if (out.isEmpty()) {
            throw new CovidctException(root, "no series in covid/, normal/ or cap/ (the COVID-CT-MD layout)");
        }
        return out;
    }
}
