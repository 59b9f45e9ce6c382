package org.covidct.core.split;

import org.covidct.core.dataset.ClassLabel;
import org.covidct.core.dataset.FlatName;
import org.covidct.core.dataset.FoldSet;
import org.covidct.core.dataset.LabelledSlice;

import java.util.List;

/**
 * Patient and image counts per fold, printed in the format of the published fold table (REFERENCE section 1).
 * The published "train" columns count every slice the model was fitted on; here that is train + validation,
 * so the first table is comparable with the published one, and a second table shows the validation share.
 */
public final class FoldTable {

    /** Counts of one class in one part of a fold. */
    public record Count(int patients, int images) {
    }

    /** One fold: fitting (train + validation), test, and validation alone, per class. */
    public record Row(int fold, Count fitCovid, Count fitNormal, Count testCovid, Count testNormal,
                      Count validationCovid, Count validationNormal) {
    }

    private final List<Row> rows;

    private FoldTable(List<Row> rows) {
        this.rows = List.copyOf(rows);
    }

    public static FoldTable of(List<FoldSet> folds) {
        return new FoldTable(folds.stream().map(f -> new Row(f.fold(),
                count(f.fitting(), ClassLabel.COVID), count(f.fitting(), ClassLabel.NORMAL),
                count(f.test(), ClassLabel.COVID), count(f.test(), ClassLabel.NORMAL),
                count(f.validation(), ClassLabel.COVID), count(f.validation(), ClassLabel.NORMAL))).toList());
    }

    public List<Row> rows() {
        return rows;
    }

    private static Count count(List<LabelledSlice> slices, ClassLabel label) {
        List<LabelledSlice> of = slices.stream().filter(s -> s.label() == label).toList();
        // a name that is not a flat name counts as its own patient (the checker reports it)
        long patients = of.stream().map(s -> FlatName.tryParse(s.filename()).map(FlatName::patientId)
                .orElse(s.filename())).distinct().count();
        return new Count((int) patients, of.size());
    }

    /** The two tables as Markdown. */
    public String toMarkdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("| fold | train covid pat. | train covid img | train normal pat. | train normal img "
                + "| test covid pat. | test covid img | test normal pat. | test normal img |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            sb.append(line(r.fold(), r.fitCovid(), r.fitNormal(), r.testCovid(), r.testNormal()));
        }
        sb.append("\n(train = train + validation, the slices the model is fitted and selected on)\n\n");
        sb.append("| fold | train covid pat. | train covid img | train normal pat. | train normal img "
                + "| validation covid pat. | validation covid img | validation normal pat. | validation normal img |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            sb.append(line(r.fold(), minus(r.fitCovid(), r.validationCovid()), minus(r.fitNormal(), r.validationNormal()),
                    r.validationCovid(), r.validationNormal()));
        }
        return sb.toString();
    }

    private static Count minus(Count fit, Count validation) {
        return new Count(fit.patients() - validation.patients(), fit.images() - validation.images());
    }

    private static String line(int fold, Count a, Count b, Count c, Count d) {
        return "| " + fold + " | " + a.patients() + " | " + a.images() + " | " + b.patients() + " | " + b.images()
                + " | " + c.patients() + " | " + c.images() + " | " + d.patients() + " | " + d.images() + " |\n";
    }
}
