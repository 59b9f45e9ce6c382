package org.covidct.core.dataset;

import org.covidct.core.CovidctException;
import org.covidct.core.io.CsvTables;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Patient_details.csv of COVID-CTset: {@code Patient ID,SEX,AGE,Date,COVID-19 Infection,SR_2 Folder
 * thickness(mm),SR_3 Folder thickness(mm),SR_4 Folder thickness(mm)}, one row per person. Any number of
 * {@code SR_k Folder thickness(mm)} columns is accepted; a thickness written {@code N/A} (or blank) is unknown.
 */
public final class PatientDetails {

    public static final String PATIENT_ID = "Patient ID";
    public static final String SEX = "SEX";
    public static final String AGE = "AGE";
    public static final String DATE = "Date";
    public static final String INFECTION = "COVID-19 Infection";
    private static final String THICKNESS_SUFFIX = " Folder thickness(mm)";
    private static final Pattern THICKNESS_COLUMN = Pattern.compile("(SR_[0-9]+) Folder thickness\\(mm\\)");
    private static final String UNKNOWN = "N/A";

    private final List<String> seriesNames;
    private final Map<String, PatientDetail> byId;

    private PatientDetails(List<String> seriesNames, Map<String, PatientDetail> byId) {
        this.seriesNames = List.copyOf(seriesNames);
        this.byId = byId;
    }

    /** Builds a table (for writing phantom details); duplicate patient IDs are rejected. */
    public static PatientDetails of(List<String> seriesNames, List<PatientDetail> patients) {
        Map<String, PatientDetail> map = new LinkedHashMap<>();
        for (PatientDetail p : patients) {
            if (map.put(p.patientId(), p) != null) {
                throw new IllegalArgumentException("duplicate patient ID " + p.patientId());
            }
        }
        return new PatientDetails(seriesNames, map);
    }

    /** Reads Patient_details.csv; missing columns, unknown infection values, duplicate IDs are errors. */
    public static PatientDetails read(Path csv) {
        List<String> series = new ArrayList<>();
        Map<String, PatientDetail> map = new LinkedHashMap<>();
        CsvTables.read(csv, List.of(PATIENT_ID, SEX, AGE, DATE, INFECTION), (row, header) -> {
            if (series.isEmpty()) {
                header.keySet().stream().map(THICKNESS_COLUMN::matcher).filter(Matcher::matches)
                        .map(m -> m.group(1)).forEach(series::add);
            }
            String id = row.get(PATIENT_ID);
            if (id.isEmpty()) {
                throw new CovidctException(csv, "line " + row.line() + ": empty Patient ID");
            }
            Map<String, Double> thickness = new LinkedHashMap<>();
            for (String s : series) {
                String column = s + THICKNESS_SUFFIX;
                String value = row.record().isSet(column) ? row.get(column) : "";
                if (!value.isEmpty() && !value.equalsIgnoreCase(UNKNOWN)) {
                    try {
                        thickness.put(s, Double.parseDouble(value));
                    } catch (NumberFormatException e) {
                        throw new CovidctException(csv, "line " + row.line() + ": " + column + " '" + value
                                + "' is not a number or N/A");
                    }
                }
            }
            PatientDetail p = new PatientDetail(id, row.get(SEX), row.get(AGE), row.get(DATE),
                    parseInfection(row.get(INFECTION), csv, row.line()), thickness);
            if (map.put(id, p) != null) {
                throw new CovidctException(csv, "line " + row.line() + ": patient " + id + " listed twice");
            }
        });
        if (map.isEmpty()) {
            throw new CovidctException(csv, "no rows after the header");
        }
        return new PatientDetails(series, map);
    }

    private static ClassLabel parseInfection(String value, Path csv, long line) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "positive" -> ClassLabel.COVID;
            case "negative" -> ClassLabel.NORMAL;
            default -> throw new CovidctException(csv, "line " + line + ": " + INFECTION + " '" + value
                    + "' (expected Positive or Negative)");
        };
    }

    /** Writes the table atomically in the published column order and style (CRLF, N/A for unknown thickness). */
    public void write(Path csv) {
        CsvTables.write(csv, printer -> {
            List<String> header = new ArrayList<>(List.of(PATIENT_ID, SEX, AGE, DATE, INFECTION));
            seriesNames.forEach(s -> header.add(s + THICKNESS_SUFFIX));
            printer.printRecord(header);
            for (PatientDetail p : byId.values()) {
                List<String> cells = new ArrayList<>(List.of(p.patientId(), p.sex(), p.age(), p.date(),
                        p.infection() == ClassLabel.COVID ? "Positive" : "Negative"));
                for (String s : seriesNames) {
                    Double t = p.thicknessMm().get(s);
                    cells.add(t == null ? UNKNOWN : BigDecimal.valueOf(t).stripTrailingZeros().toPlainString());
                }
                printer.printRecord(cells);
            }
        });
    }

    /** The series that have a thickness column, in column order (SR_2, SR_3, SR_4 in the real file). */
    public List<String> seriesNames() {
        return seriesNames;
    }

    /** All rows in file order. */
    public List<PatientDetail> patients() {
        return List.copyOf(byId.values());
    }

    public Optional<PatientDetail> get(String patientId) {
        return Optional.ofNullable(byId.get(patientId));
    }

    public int size() {
        return byId.size();
    }

    /** Patients per class, for summaries. */
    public Map<ClassLabel, Long> countByInfection() {
        Map<ClassLabel, Long> counts = new TreeMap<>();
        byId.values().forEach(p -> counts.merge(p.infection(), 1L, Long::sum));
        return counts;
    }
}
