package org.covidct.app.screen;

import org.covidct.core.io.CsvTables;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code OUT/results.csv}: one row per series ({@link ScreenRow#COLUMNS}), written atomically. */
public final class ResultsTable {

    public static final String FILE = "results.csv";

    private ResultsTable() {
    }

    public static void write(Path file, List<ScreenRow> rows) {
        CsvTables.write(file, printer -> {
            printer.printRecord(ScreenRow.COLUMNS);
            for (ScreenRow r : rows) {
                printer.printRecord(r.cells());
            }
        });
    }

    /** The rows of a results.csv as text cells by column name (for tests and for people's scripts alike). */
    public static List<java.util.Map<String, String>> read(Path file) {
        List<java.util.Map<String, String>> out = new ArrayList<>();
        CsvTables.read(file, ScreenRow.COLUMNS, (row, header) -> {
            java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
            for (String c : ScreenRow.COLUMNS) {
                m.put(c, row.get(c));
            }
            out.add(m);
        });
        return out;
    }
}
