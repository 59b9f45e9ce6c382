package org.covidct.app.validate;

import org.covidct.core.CovidctException;
import org.covidct.core.decision.FractionSweep;
import org.covidct.core.decision.PatientCounts;
import org.covidct.core.decision.PatientDecision;
import org.covidct.core.decision.PatientRule;
import org.covidct.core.io.AtomicFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The CSV outputs of patient-level validation. {@code fold{K}.csv} holds the paper's counts with the
 * misidentified patients; {@code fold{K}_patients.csv} one row per patient; with a sweep,
 * {@code fold{K}_sweep.csv} (counts per fraction) and {@code fold{K}_roc.csv} (the exact ROC vertices).
 */
public final class PatientValidationFiles {

    public static final String COUNTS_HEADER =
            "model_name,fold_num,fraction,patients,tp,fp,ctp,cfp,ntp,nfp,undecided,misidentified";

    private PatientValidationFiles() {
    }

    public static String countsRow(String modelName, int fold, PatientRule rule, PatientCounts c) {
        String wrong = c.misidentified().stream().map(m -> m.patientId() + " (" + m.error() + ")")
                .collect(Collectors.joining("; "));
        return String.join(",", csv(modelName), Integer.toString(fold), rule.fraction().toPlainString(),
                Integer.toString(c.patients()), Integer.toString(c.tp()), Integer.toString(c.fp()),
                Integer.toString(c.ctp()), Integer.toString(c.cfp()), Integer.toString(c.ntp()), Integer.toString(c.nfp()),
                Integer.toString(c.undecided()), csv(wrong));
    }

    public static void writeCounts(Path file, String modelName, int fold, PatientRule rule, PatientCounts counts) {
        write(file, COUNTS_HEADER + "\n" + countsRow(modelName, fold, rule, counts) + "\n");
    }

    /** One row per patient with the decision detect made on its series (undecided with its reason's code). */
    public static void writePatients(Path file, List<PatientResult> results) {
        StringBuilder b = new StringBuilder("patient_id,class,series,slices,kept,covid_kept,covid_share,decision,correct,"
                + "undecided_reason\n");
        for (PatientResult r : results) {
            PatientDecision d = r.detection().decision();
            String correct = d.isDecided() ? (d.isCovid() == (r.patient().label() == org.covidct.core.dataset.ClassLabel.COVID) ? "1" : "0") : "";
            b.append(csv(r.patient().patientId())).append(',').append(r.patient().label().csvName()).append(',')
                    .append(csv(r.patient().seriesLabel())).append(',').append(r.detection().slices().size()).append(',')
                    .append(r.detection().keptCount()).append(',').append(r.detection().covidCount()).append(',')
                    .append(d.covidShare().map(s -> String.format(Locale.ROOT, "%.6f", s)).orElse("")).append(',')
                    .append(d.verdict().word()).append(',').append(correct).append(',')
                    .append(d.isDecided() ? "" : d.cause().code()).append('\n');
        }
        write(file, b.toString());
    }

    public static void writeSweep(Path file, List<FractionSweep.Point> points) {
        StringBuilder b = new StringBuilder("fraction,tp,fp,ctp,cfp,ntp,nfp,undecided,covid_sensitivity,normal_sensitivity\n");
        for (FractionSweep.Point p : points) {
            PatientCounts c = p.counts();
            b.append(p.fraction().toPlainString()).append(',').append(c.tp()).append(',').append(c.fp()).append(',')
                    .append(c.ctp()).append(',').append(c.cfp()).append(',').append(c.ntp()).append(',').append(c.nfp())
                    .append(',').append(c.undecided()).append(',').append(num(c.covidSensitivity())).append(',')
                    .append(num(c.normalSensitivity())).append('\n');
        }
        write(file, b.toString());
    }

    public static void writeRoc(Path file, List<FractionSweep.RocPoint> roc) {
        StringBuilder b = new StringBuilder("threshold,false_positive_rate,true_positive_rate\n");
        for (FractionSweep.RocPoint p : roc) {
            b.append(Double.isInfinite(p.threshold()) ? "inf" : num(p.threshold())).append(',')
                    .append(num(p.falsePositiveRate())).append(',').append(num(p.truePositiveRate())).append('\n');
        }
        write(file, b.toString());
    }

    static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6f", v);
    }

    static String csv(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }

    static void write(Path file, String content) {
        try {
            AtomicFiles.writeString(file, content);
        } catch (IOException e) {
            throw new CovidctException(file, "cannot write (" + e.getMessage() + ")", e);
        }
    }
}
