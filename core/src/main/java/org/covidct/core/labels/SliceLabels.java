package org.covidct.core.labels;

import org.covidct.core.CovidctException;
import org.covidct.core.io.CsvTables;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The per-slice labels of one series, read from {@code <series>.slice-labels.csv}: columns {@code instance,
 * infection, lll, lul, rll, rml, rul}, one row per slice, 0 or 1 in every column but the first. A lobe marked
 * on a slice not marked infected is a contradiction and refused, as are duplicate instances and any value other
 * than 0 or 1: labels are ground truth, a silently misread one would change every score.
 */
public final class SliceLabels {

    public static final String FILE_SUFFIX = ".slice-labels.csv";

    private final Path file;
    private final Map<Integer, SliceLabel> byInstance;

    private SliceLabels(Path file, Map<Integer, SliceLabel> byInstance) {
        this.file = file;
        this.byInstance = Collections.unmodifiableMap(byInstance);
    }

    public static SliceLabels read(Path file) {
        List<String> columns = new ArrayList<>(List.of("instance", "infection"));
        for (Lobe lobe : Lobe.values()) {
            columns.add(lobe.column());
        }
        Map<Integer, SliceLabel> rows = new TreeMap<>();
        CsvTables.read(file, columns, (row, header) -> {
            int instance;
            try {
                instance = Integer.parseInt(row.get("instance"));
            } catch (NumberFormatException e) {
                throw new CovidctException(file, "line " + row.line() + ": instance is not a whole number");
            }
            if (instance < 1) {
                throw new CovidctException(file, "line " + row.line() + ": instance " + instance + " (must be 1 or more)");
            }
            boolean infected = flag(file, row, "infection");
            EnumSet<Lobe> lobes = EnumSet.noneOf(Lobe.class);
            for (Lobe lobe : Lobe.values()) {
                if (flag(file, row, lobe.column())) {
                    lobes.add(lobe);
                }
            }
            if (!infected && !lobes.isEmpty()) {
                throw new CovidctException(file, "line " + row.line() + ": lobes " + lobes
                        + " marked on a slice whose infection is 0");
            }
            if (rows.put(instance, new SliceLabel(instance, infected, lobes)) != null) {
                throw new CovidctException(file, "line " + row.line() + ": instance " + instance + " listed twice");
            }
        });
        if (rows.isEmpty()) {
            throw new CovidctException(file, "no label rows");
        }
        return new SliceLabels(file, rows);
    }

    /** Labels built in memory (tests, or a normal series: every slice clean). */
    public static SliceLabels of(Path file, List<SliceLabel> labels) {
        Map<Integer, SliceLabel> rows = new TreeMap<>();
        for (SliceLabel l : labels) {
            if (rows.put(l.instance(), l) != null) {
                throw new IllegalArgumentException("instance " + l.instance() + " twice");
            }
        }
        return new SliceLabels(file, rows);
    }

    private static boolean flag(Path file, CsvTables.Row row, String column) {
        String v = row.get(column);
        if (v.equals("0")) {
            return false;
        }
        if (v.equals("1")) {
            return true;
        }
        throw new CovidctException(file, "line " + row.line() + ": " + column + " must be 0 or 1");
    }

    public Path file() {
        return file;
    }

    public Optional<SliceLabel> of(int instance) {
        return Optional.ofNullable(byInstance.get(instance));
    }

    /** All labels in instance order. */
    public List<SliceLabel> all() {
        return List.copyOf(byInstance.values());
    }

    public int infectedCount() {
        return (int) byInstance.values().stream().filter(SliceLabel::infected).count();
    }
}
