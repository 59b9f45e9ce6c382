package org.covidct.app.validate;

import org.covidct.app.detect.ClassifierScorer;
import org.covidct.app.detect.DetectionSettings;
import org.covidct.app.detect.Detector;
import org.covidct.app.detect.SeriesSource;
import org.covidct.app.report.RocPlot;
import org.covidct.core.dataset.FoldSet;
import org.covidct.core.dataset.FullLayout;
import org.covidct.core.dataset.SplitDirectory;
import org.covidct.core.decision.FractionSweep;
import org.covidct.core.decision.PatientCounts;
import org.covidct.core.decision.PatientOutcome;
import org.covidct.core.decision.PatientRule;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
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

        /** The swept point at a rule's fraction, or null when the grid does not hold it. */
        public FractionSweep.Point at(PatientRule rule) {
            return points.stream().filter(p -> p.fraction().compareTo(rule.fraction()) == 0).findFirst().orElse(null);
        }
    }

    private final Path model;
    private final FullLayout layout;
    private final Path splitDir;
    private final int fold;
    private final String seriesName;
    private final DetectionSettings detection;
    private final boolean sweep;
    private final Consumer<String> progress;

    private FoldPatientValidation(Builder b) {
        model = b.model;
        layout = b.layout;
        splitDir = b.splitDir;
        fold = b.fold;
        seriesName = b.seriesName;
        detection = b.detection;
        sweep = b.sweep;
        progress = b.progress;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Validates the fold and writes its files into {@code out}. */
    public Result run(Path out) {
        SplitDirectory split = SplitDirectory.open(splitDir);
        FoldSet set = split.fold(fold);
        List<PatientSeries> testPatients = PatientSeries.of(set.test(), split.file(fold, SplitDirectory.Part.TEST), layout,
                seriesName);
        PatientRule rule = detection.rule();
        try (ClassifierScorer scorer = new ClassifierScorer(model, detection.batchSize())) {
            Detector detector = scorer.detector(detection);
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
                s = sweep(testOutcomes, validation.stream().map(PatientResult::outcome).toList());
                writeSweep(out, modelName, s, testPatients.size());
            }
            return new Result(fold, modelName, rule, test, counts, s);
        }
    }

    private static Sweep sweep(List<PatientOutcome> test, List<PatientOutcome> validation) {
        List<BigDecimal> grid = FractionSweep.grid(SWEEP_STEPS);
        FractionSweep onValidation = FractionSweep.of(validation);
        FractionSweep.Point chosen = onValidation.chooseOperatingPoint(grid);
        FractionSweep onTest = FractionSweep.of(test);
        PatientCounts atChosen = PatientCounts.tally(test, PatientRule.of(chosen.fraction().toPlainString()));
        return new Sweep(onTest.sweep(grid), onTest.roc(), onTest.auc(), chosen, atChosen, onValidation.auc());
    }

    private void writeSweep(Path out, String modelName, Sweep s, int testPatients) {
        FractionSweep.Point chosen = s.chosenOnValidation();
        PatientValidationFiles.writeSweep(out.resolve("fold" + fold + "_sweep.csv"), s.points());
        PatientValidationFiles.writeRoc(out.resolve("fold" + fold + "_roc.csv"), s.roc());
        PatientValidationFiles.write(out.resolve("fold" + fold + "_operating_point.csv"),
                PatientValidationFiles.COUNTS_HEADER + ",chosen_on,validation_youden,validation_auc,test_auc\n"
                        + PatientValidationFiles.countsRow(modelName, fold,
                        PatientRule.of(chosen.fraction().toPlainString()), s.testAtChosen())
                        + ",validation," + PatientValidationFiles.num(chosen.youden()) + ","
                        + PatientValidationFiles.num(s.validationAuc()) + "," + PatientValidationFiles.num(s.auc()) + "\n");
        RocPlot.patients(s.roc(), String.format(Locale.ROOT, "%s fold %d, %d test patients (patient AUC %.4f)",
                modelName, fold, testPatients, s.auc()), s.at(detection.rule()), chosen)
                .writePng(out.resolve("fold" + fold + "_roc.png"));
    }

    /**
     * Configures a fold's validation: {@code setModel}, {@code setLayout}, {@code setSplit} and {@code setFold} are
     * required; the rest defaults to the paper's protocol (SR_2, {@link DetectionSettings#paper()}, no sweep).
     */
    public static final class Builder {
        private Path model;
        private FullLayout layout;
        private Path splitDir;
        private Integer fold;
        private String seriesName = SeriesSource.DEFAULT_SERIES;
        private DetectionSettings detection = DetectionSettings.paper();
        private boolean sweep;
        private Consumer<String> progress;

        /** The fold's trained RUN_DIR. */
        public Builder setModel(Path runDir) {
            this.model = runDir;
            return this;
        }

        /** The full layout holding every patient's series. */
        public Builder setLayout(FullLayout layout) {
            this.layout = layout;
            return this;
        }

        /** The folder of the fold CSVs. */
        public Builder setSplit(Path splitDir) {
            this.splitDir = splitDir;
            return this;
        }

        public Builder setFold(int fold) {
            this.fold = fold;
            return this;
        }

        /** The series analysed per patient (default SR_2). */
        public Builder optSeries(String seriesName) {
            this.seriesName = seriesName;
            return this;
        }

        /** Selection, patient rule and batch (default: {@link DetectionSettings#paper()}). */
        public Builder optDetection(DetectionSettings settings) {
            this.detection = settings;
            return this;
        }

        /** Also sweep the fraction and choose an operating point on the validation patients (default false). */
        public Builder optSweep(boolean sweep) {
            this.sweep = sweep;
            return this;
        }

        /** Told a line before each patient (default: nothing). */
        public Builder optProgress(Consumer<String> progress) {
            this.progress = progress;
            return this;
        }

        public FoldPatientValidation build() {
            if (model == null || layout == null || splitDir == null || fold == null) {
                throw new IllegalStateException("model, layout, split and fold are required");
            }
            return new FoldPatientValidation(this);
        }
    }
}
