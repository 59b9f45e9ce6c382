package org.covidct.core.dataset;

import org.covidct.core.CovidctException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A folder of fold CSVs as published with COVID-CTset and as {@code covidct split} writes them:
 * train{k}.csv, validation{k}.csv and test{k}.csv for each fold k. Other files (all.csv, images) are ignored.
 */
public final class SplitDirectory {

    /** The three roles of a fold CSV, in the order they are listed. */
    public enum Part {
        TRAIN("train"), VALIDATION("validation"), TEST("test");

        private final String prefix;

        Part(String prefix) {
            this.prefix = prefix;
        }

        public String prefix() {
            return prefix;
        }

        public String fileName(int fold) {
            return prefix + fold + ".csv";
        }
    }

    private static final Pattern FOLD_FILE = Pattern.compile("(train|validation|test)([0-9]+)\\.csv");

    private final Path dir;
    private final SortedMap<Integer, Map<Part, Path>> files;

    private SplitDirectory(Path dir, SortedMap<Integer, Map<Part, Path>> files) {
        this.dir = dir;
        this.files = files;
    }

    /** Lists the fold CSVs of a folder; a missing folder or one without any fold CSV is an error. */
    public static SplitDirectory open(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new CovidctException(dir, Files.exists(dir) ? "not a folder" : "no such folder");
        }
        SortedMap<Integer, Map<Part, Path>> found = new TreeMap<>();
        try (Stream<Path> list = Files.list(dir)) {
            for (Path p : (Iterable<Path>) list::iterator) {
                Matcher m = FOLD_FILE.matcher(p.getFileName().toString());
                if (m.matches() && Files.isRegularFile(p)) {
                    int fold = Integer.parseInt(m.group(2));
                    Part part = Part.valueOf(m.group(1).toUpperCase(java.util.Locale.ROOT));
                    found.computeIfAbsent(fold, k -> new java.util.EnumMap<>(Part.class)).put(part, p);
                }
            }
        } catch (IOException e) {
            throw new CovidctException(dir, "cannot list folder (" + e.getMessage() + ")", e);
        }
        if (found.isEmpty()) {
            throw new CovidctException(dir, "no fold CSVs (expected train{k}.csv, validation{k}.csv, test{k}.csv)");
        }
        return new SplitDirectory(dir, found);
    }

    public Path dir() {
        return dir;
    }

    /** The fold numbers that have at least one CSV, ascending. */
    public List<Integer> folds() {
        return List.copyOf(new TreeSet<>(files.keySet()));
    }

    /** The CSV of one part of a fold (whether or not it exists). */
    public Path file(int fold, Part part) {
        return dir.resolve(part.fileName(fold));
    }

    /**
     * Reads the three CSVs of fold {@code k}; a fold without CSVs, or a fold missing one of the three, is an
     * error naming what is missing.
     */
    public FoldSet fold(int k) {
        Map<Part, Path> parts = files.get(k);
        if (parts == null) {
            throw new CovidctException(dir, "fold " + k + " does not exist (folds here: " + describeFolds() + ")");
        }
        for (Part part : Part.values()) {
            if (!parts.containsKey(part)) {
                throw new CovidctException(file(k, part), "missing: fold " + k + " needs "
                        + Part.TRAIN.fileName(k) + ", " + Part.VALIDATION.fileName(k) + " and " + Part.TEST.fileName(k));
            }
        }
        return new FoldSet(k, FoldCsv.read(parts.get(Part.TRAIN)), FoldCsv.read(parts.get(Part.VALIDATION)),
                FoldCsv.read(parts.get(Part.TEST)));
    }

    /** Reads every fold. */
    public List<FoldSet> readAll() {
        return folds().stream().map(this::fold).toList();
    }

    /** Writes the CSVs of the given folds into {@code dir}, each file atomically. */
    public static void write(Path dir, List<FoldSet> folds) {
        for (FoldSet f : folds) {
            FoldCsv.write(dir.resolve(Part.TRAIN.fileName(f.fold())), f.train());
            FoldCsv.write(dir.resolve(Part.VALIDATION.fileName(f.fold())), f.validation());
            FoldCsv.write(dir.resolve(Part.TEST.fileName(f.fold())), f.test());
        }
    }

    private String describeFolds() {
        return files.keySet().stream().map(String::valueOf).collect(Collectors.joining(", "));
    }
}
