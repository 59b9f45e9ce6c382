package org.covidct.core.dataset;

import org.covidct.core.CovidctException;
import org.covidct.core.io.CsvTables;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Reads and writes the fold CSVs of COVID-CTset (train{k}.csv, validation{k}.csv, test{k}.csv, all.csv):
 * columns {@code filename,class}, class {@code covid} or {@code normal}. Extra columns are ignored on reading.
 */
public final class FoldCsv {

    public static final String FILENAME = "filename";
    public static final String CLASS = "class";

    private FoldCsv() {
    }

    /** All rows of a fold CSV in file order; an empty file, a missing column or an unknown class is an error. */
    public static List<LabelledSlice> read(Path csv) {
        List<LabelledSlice> rows = new ArrayList<>();
        CsvTables.read(csv, List.of(FILENAME, CLASS), (row, header) -> {
            String name = row.get(FILENAME);
            if (name.isEmpty()) {
                throw new CovidctException(csv, "line " + row.line() + ": empty filename");
            }
            rows.add(new LabelledSlice(name, ClassLabel.parse(row.get(CLASS), csv, row.line())));
        });
        if (rows.isEmpty()) {
            throw new CovidctException(csv, "no rows after the header");
        }
        return rows;
    }

    /** Writes {@code filename,class} rows atomically (CRLF line ends, as the published CSVs). */
    public static void write(Path csv, Collection<LabelledSlice> rows) {
        CsvTables.write(csv, printer -> {
            printer.printRecord(FILENAME, CLASS);
            for (LabelledSlice row : rows) {
                printer.printRecord(row.filename(), row.label().csvName());
            }
        });
    }
}
