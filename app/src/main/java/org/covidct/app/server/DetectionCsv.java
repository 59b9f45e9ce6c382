package org.covidct.app.server;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.covidct.app.detect.DetectionFiles;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads the detection.csv of a result back: one row per slice, in sweep order. */
public final class DetectionCsv {

    /** One slice: its file, whether it was kept, and for kept slices the probability and the class. */
    public record Row(int index, String file, boolean kept, int darkCount, Double pCovid, String predicted) {
    }

    private DetectionCsv() {
    }

    public static List<Row> read(Path resultDir) throws IOException {
        List<Row> rows = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(resultDir.resolve(DetectionFiles.CSV), StandardCharsets.UTF_8);
             CSVParser p = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(r)) {
            int i = 0;
            for (CSVRecord c : p) {
                boolean kept = "1".equals(c.get("kept"));
                String pc = c.get("p_covid");
                rows.add(new Row(i++, c.get("file"), kept, Integer.parseInt(c.get("dark_count")),
                        pc.isEmpty() ? null : Double.valueOf(pc), c.get("predicted").isEmpty() ? null : c.get("predicted")));
            }
        }
        return rows;
    }
}
