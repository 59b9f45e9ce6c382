package org.covidct.app.validate;

import org.covidct.app.detect.ClassifierScorer;
import org.covidct.app.detect.Detector;
import org.covidct.core.dataset.FoldSet;
import org.covidct.core.dataset.FullLayout;
import org.covidct.core.dataset.SplitDirectory;
import org.covidct.core.decision.FractionSweep;
import org.covidct.core.decision.PatientCounts;
import org.covidct.core.decision.PatientOutcome;
import org.covidct.core.decision.PatientRule;
import org.covidct.core.selection.SliceSelector;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * Patient-level validation of one fold: the fold's test patients (and, for the sweep, its validation
 * patients) through selection, classification and the patient rule; writes the fold's files.
 */
public final class FoldPatientValidation {

    /** Grid of the fraction sweep: 0, 0.01, ..., 1. */
    public static final int SWEEP_STEPS = 100;

    /** What one fold gave. */
    public record Result(int fold, String modelName, PatientRule rule, List<PatientResult> test, PatientCounts counts,
                         Sweep sweep) {
    }

    /** The sweep on the test patients and the operating point chosen on the validation patients. */
    public record Sweep(List<FractionSweep.Point> points, List<FractionSweep.RocPoint> roc, double auc,
                        FractionSweep.Point chosenOnValidation, PatientCounts testAtChosen, double validationAuc) {
    }

    private FoldPatientValidation() {
    }

    /**
     * @param sweep also sweep the fraction and choose an operating point on the validation patients
     */
    public static Result run(Path model, FullLayout layout, Path splitDir, int fold, String seriesName, PatientRule rule,
                             SliceSelector selector, boolean sweep, int batch, Path out, Consumer<String> progress) {
        SplitDirectory split = SplitDirectory.open(splitDir);
        FoldSet set = split.fold(fold);
        List<PatientSeries> testPatients = PatientSeries.of(set.test(), split.file(fold, SplitDirectory.Part.TEST), layout,
                seriesName);
        try (ClassifierScorer scorer = new ClassifierScorer(model, batch)) {
            Detector detector = Detector.builder().setScorer(scorer).setModel(scorer.summary()).optBatchSize(batch)
                    .optRule(rule).optSelector(selector).build();
            String modelName = scorer.manifest().architecture();
            List<PatientResult> test = PatientValidator.run(testPatients, detector,
                    progress == null ? null : s -> progress.accept("fold " + fold + " test patient " + s));
            List<PatientOutcome> testOutcomes = test.stream().map(PatientResult::outcome).toList();
            PatientCounts counts = PatientCounts.tally(testOutcomes, rule);
            PatientValidationFiles.writeCounts(out.resolve("fold" + fold + ".csv"), modelName, fold, rule, counts);
            PatientValidationFiles.writePatients(out.resolve("fold" + fold + "_patients.csv"), test, rule);
            Sweep s = null;
            if (sweep) {
                List<PatientSeries> validationPatients = PatientSeries.of(set.validation(),
                        split.file(fold, SplitDirectory.Part.VALIDATION), layout, seriesName);
                List<PatientResult> validation = PatientValidator.run(validationPatients, detector,
                        progress == null ? null : p -> progress.accept("fold " + fold + " validation patient " + p));
                List<BigDecimal> grid = FractionSweep.grid(SWEEP_STEPS);
                FractionSweep onValidation = FractionSweep.of(validation.stream().map(PatientResult::outcome).toList());
                FractionSweep.Point chosen = onValidation.chooseOperatingPoint(grid);
                FractionSweep onTest = FractionSweep.of(testOutcomes);
                List<FractionSweep.Point> points = onTest.sweep(grid);
                List<FractionSweep.RocPoint> roc = onTest.roc();
                double auc = onTest.auc();
                PatientCounts atChosen = PatientCounts.tally(testOutcomes, PatientRule.of(chosen.fraction().toPlainString()));
                s = new Sweep(points, roc, auc, chosen, atChosen, onValidation.auc());
                PatientValidationFiles.writeSweep(out.resolve("fold" + fold + "_sweep.csv"), points);
                PatientValidationFiles.writeRoc(out.resolve("fold" + fold + "_roc.csv"), roc);
                PatientValidationFiles.write(out.resolve("fold" + fold + "_operating_point.csv"),
                        PatientValidationFiles.COUNTS_HEADER + ",chosen_on,validation_youden,validation_auc,test_auc\n"
                                + PatientValidationFiles.countsRow(modelName, fold,
                                PatientRule.of(chosen.fraction().toPlainString()), atChosen)
                                + ",validation," + PatientValidationFiles.num(chosen.youden()) + ","
                                + PatientValidationFiles.num(onValidation.auc()) + "," + PatientValidationFiles.num(auc) + "\n");
                FractionSweep.Point paper = points.stream()
                        .filter(p -> p.fraction().compareTo(rule.fraction()) == 0).findFirst().orElse(null);
                PatientRocChart.writePng(out.resolve("fold" + fold + "_roc.png"), roc, auc,
                        modelName + " fold " + fold + ", " + testPatients.size() + " test patients", paper, chosen);
            }
            return new Result(fold, modelName, rule, test, counts, s);
        }
    }
}
