package org.covidct.core.metrics;

import org.covidct.core.CovidctException;
import org.covidct.core.io.CsvTables;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CSV files of image-level results: per-fold rows with the published columns ({@link ImageMetrics#COLUMNS}),
 * and the five-fold averages in the layout of the paper's first table ({@link FoldAverage#COLUMNS}).
 * Ratios are written in the shortest decimal form that reads back to the same double; an undefined ratio
 * (zero denominator) is an empty cell. Every file is written atomically.
 */
public final class MetricsCsv {

    private MetricsCsv() {
    }

    /** Writes a header and one row per fold result. */
    public static void writeFolds(Path file, List<ImageMetrics> rows) {
        CsvTables.write(file, printer -> {
            printer.printRecord(ImageMetrics.COLUMNS);
            for (ImageMetrics m : rows) {
                List<String> cells = new ArrayList<>();
                for (String column : ImageMetrics.COLUMNS) {
                    Object v = m.value(column);
                    cells.add(v instanceof Double d ? ratio(d) : String.valueOf(v));
                }
                printer.printRecord(cells);
            }
        });
    }

    /**
     * Reads fold rows back (e.g. the fold{K}.csv of several runs, to average them). The counts are the truth:
     * ratios are recomputed, and a row whose tp/fp disagree with its class counts is an error.
     */
    public static List<ImageMetrics> readFolds(Path file) {
        List<ImageMetrics> rows = new ArrayList<>();
        CsvTables.read(file, ImageMetrics.COLUMNS, (row, header) -> {
            try {
                ImageMetrics m = ImageMetrics.of(row.get("model_name"), Integer.parseInt(row.get("fold_num")),
                        ConfusionMatrix.of(Long.parseLong(row.get("ctp")), Long.parseLong(row.get("cfn")),
                                Long.parseLong(row.get("cfp")), Long.parseLong(row.get("ntp"))));
                if (m.tp() != Long.parseLong(row.get("tp")) || m.fp() != Long.parseLong(row.get("fp"))
                        || m.nfn() != Long.parseLong(row.get("nfn")) || m.nfp() != Long.parseLong(row.get("nfp"))) {
                    throw new CovidctException(file, "line " + row.line() + ": tp/fp/nfn/nfp disagree with ctp,cfn,cfp,ntp");
                }
                rows.add(m);
            } catch (NumberFormatException e) {
                throw new CovidctException(file, "line " + row.line() + ": a count is not a whole number ("
                        + e.getMessage() + ")");
            } catch (IllegalArgumentException e) {
                throw new CovidctException(file, "line " + row.line() + ": " + e.getMessage());
            }
        });
        if (rows.isEmpty()) {
            throw new CovidctException(file, "no rows after the header");
        }
        return rows;
    }

    /** Writes the paper's first table: model, image acc %, COVID sens %, normal sens % (two decimals). */
    public static void writeAverages(Path file, List<FoldAverage> rows) {
        CsvTables.write(file, printer -> {
            printer.printRecord(FoldAverage.COLUMNS);
            for (FoldAverage r : rows) {
                printer.printRecord(r.model(), percent(r.imageAccPct()), percent(r.covidSensPct()),
                        percent(r.normalSensPct()));
            }
        });
    }

    /** Shortest round-tripping decimal, plain notation; empty for NaN. */
    static String ratio(double v) {
        if (Double.isNaN(v)) {
            return "";
        }
        String plain = new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
        return plain.contains(".") ? plain : plain + ".0";
    }

    /** Two decimals, half up, as the paper prints percentages; empty for NaN. */
    static String percent(double v) {
        if (Double.isNaN(v)) {
            return "";
        }
        return new BigDecimal(Double.toString(v)).setScale(2, RoundingMode.HALF_UP).toPlainString();
    }
}
