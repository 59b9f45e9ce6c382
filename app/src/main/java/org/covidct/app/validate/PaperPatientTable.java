package org.covidct.app.validate;

import org.covidct.core.decision.PatientCounts;

import java.util.List;
import java.util.Locale;

/**
 * Patient-level results in the format of the paper's second table (REFERENCE section 6): per fold and the
 * average over folds of patients right, wrong, COVID right, COVID called normal, normal right, normal
 * called COVID.
 */
public final class PaperPatientTable {

    public static final String CSV_HEADER = "model_name,fold_num,patients,tp,fp,ctp,nfp,ntp,cfp,undecided";

    private PaperPatientTable() {
    }

    public static String csv(String model, List<FoldPatientValidation.Result> folds) {
        StringBuilder b = new StringBuilder(CSV_HEADER).append('\n');
        for (FoldPatientValidation.Result r : folds) {
            PatientCounts c = r.counts();
            b.append(String.format(Locale.ROOT, "%s,%d,%d,%d,%d,%d,%d,%d,%d,%d%n", model, r.fold(), c.patients(), c.tp(),
                    c.fp(), c.ctp(), c.nfp(), c.ntp(), c.cfp(), c.undecided()));
        }
        double[] avg = average(folds);
        b.append(String.format(Locale.ROOT, "%s,average,%.1f,%.1f,%.1f,%.1f,%.1f,%.1f,%.1f,%.1f%n", model, avg[0], avg[1],
                avg[2], avg[3], avg[4], avg[5], avg[6], avg[7]));
        return b.toString();
    }

    public static String markdown(String model, List<FoldPatientValidation.Result> folds) {
        double[] a = average(folds);
        return "| model | patients right | wrong | COVID right | COVID called normal | normal right | normal called COVID |\n"
                + "|---|---|---|---|---|---|---|\n"
                + String.format(Locale.ROOT, "| %s (%d fold%s) | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f |%n", model,
                folds.size(), folds.size() == 1 ? "" : "s", a[1], a[2], a[3], a[4], a[5], a[6])
                + folds.stream().flatMap(r -> r.modelWarnings().stream()).distinct()
                        .map(w -> "\n**Warning:** " + w + "\n").collect(java.util.stream.Collectors.joining());
    }

    /** patients, tp, fp, ctp, nfp, ntp, cfp, undecided averaged over folds. */
    static double[] average(List<FoldPatientValidation.Result> folds) {
        double[] s = new double[8];
        for (FoldPatientValidation.Result r : folds) {
            PatientCounts c = r.counts();
            int[] v = {c.patients(), c.tp(), c.fp(), c.ctp(), c.nfp(), c.ntp(), c.cfp(), c.undecided()};
            for (int i = 0; i < v.length; i++) {
                s[i] += v[i];
            }
        }
        for (int i = 0; i < s.length; i++) {
            s[i] /= Math.max(1, folds.size());
        }
        return s;
    }
}
