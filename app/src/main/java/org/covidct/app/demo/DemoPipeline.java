package org.covidct.app.demo;

import org.covidct.app.detect.ClassifierScorer;
import org.covidct.app.report.ExpertView;
import org.covidct.app.report.TrainingCurves;
import org.covidct.app.score.ScoreFiles;
import org.covidct.app.score.ScoreRun;
import org.covidct.app.io.OutputFiles;
import org.covidct.app.detect.DetectionSettings;
import org.covidct.app.detect.Detector;
import org.covidct.app.report.PatientReportWriter;
import org.covidct.app.validate.FoldPatientValidation;
import org.covidct.app.validate.PaperPatientTable;
import org.covidct.app.validate.PatientResult;
import org.covidct.core.CovidctException;
import org.covidct.core.dataset.FoldCsv;
import org.covidct.core.dataset.ClassLabel;
import org.covidct.core.dataset.FlatName;
import org.covidct.core.dataset.FoldSet;
import org.covidct.core.dataset.FullLayout;
import org.covidct.core.dataset.LabelledSlice;
import org.covidct.core.dataset.PatientDetails;
import org.covidct.core.dataset.SplitDirectory;
import org.covidct.core.decision.DecisionPolicy;
import org.covidct.core.decision.PatientCounts;
import org.covidct.core.decision.PatientRule;
import org.covidct.core.image.CtSlice;
import org.covidct.core.labels.LabelledSeries;
import org.covidct.core.metrics.FoldAverage;
import org.covidct.core.metrics.ImageMetrics;
import org.covidct.core.metrics.MetricsCsv;
import org.covidct.core.phantom.PhantomDataset;
import org.covidct.core.phantom.PhantomGenerator;
import org.covidct.core.phantom.PhantomPatient;
import org.covidct.core.phantom.PhantomSlice;
import org.covidct.core.trainingset.LesionTrainingSet;
import org.covidct.core.load.SeriesLoader;
import org.covidct.core.split.FoldSplitter;
import org.covidct.core.split.FoldTable;
import org.covidct.nn.eval.FoldEvaluation;
import org.covidct.nn.eval.FoldEvaluator;
import org.covidct.nn.model.ModelConfig;
import org.covidct.nn.run.ModelCard;
import org.covidct.nn.run.RunDir;
import org.covidct.nn.train.EpochRecord;
import org.covidct.nn.train.LesionRecipe;
import org.covidct.nn.train.TrainingData;
import org.covidct.nn.train.TrainingJob;
import org.covidct.nn.train.TrainingListener;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The whole experiment, narrated: data (phantoms, or a real COVID-CTset copy), patient-wise split,
 * training, image-level evaluation, patient-level validation, patient reports and the index page.
 */
public final class DemoPipeline {

    private final DemoSettings settings;
    private final Path out;
    private final PrintWriter console;
    private final Map<String, Double> stepSeconds = new LinkedHashMap<>();
    private long stepStart;
    private int step;
    private int steps = 6;
    private PhantomGenerator generator;

    public DemoPipeline(DemoSettings settings, Path out, PrintWriter console) {
        this.settings = settings;
        this.out = out;
        this.console = console;
    }

    /**
     * What the demo reads besides its own phantoms.
     *
     * @param covidCtset     a COVID-CTset copy: the paper's protocol on it instead of phantoms (or null)
     * @param withReal       labelled real series (the COVID-CT-MD layout) added to the lesion training set (or null)
     * @param scoreOn        labelled real series the trained model is scored on against the radiologists (or null)
     * @param shuffledLabels the control: the lesion training set's labels permuted and its lesion masks unused, so
     *                       that nothing but chance links a slice to its label
     */
    public record Inputs(Path covidCtset, Path withReal, Path scoreOn, boolean shuffledLabels) {
        public static Inputs phantomsOnly() {
            return new Inputs(null, null, null, false);
        }
    }

    /** Where the inputs of the experiment are. */
    record DataPaths(Path full, Path flat, Path split, String description, String foldTable) {
    }

    /** @return the index page */
    public Path run(Path covidCtset) {
        return run(new Inputs(covidCtset, null, null, false));
    }

    /** @return the index page */
    public Path run(Inputs inputs) {
        long t0 = System.nanoTime();
        boolean realCovidCtset = inputs.covidCtset() != null;
        if (realCovidCtset && settings.lesionRecipe()) {
            throw new CovidctException(inputs.covidCtset(), "a COVID-CTset copy is trained with the paper's recipe, "
                    + "not the lesion recipe");
        }
        List<LabelledSeries> realSeries = inputs.withReal() == null ? List.of() : labelledSeries(inputs.withReal());
        steps = 6 + (settings.lesionRecipe() ? 1 : 0) + (inputs.scoreOn() != null ? 1 : 0);
        DataPaths data = realCovidCtset ? realDataset(inputs.covidCtset()) : synthesise();
        List<FoldRun> runs = new ArrayList<>();
        for (int k : settings.folds()) {
            runs.add(new FoldRun(k, modelDir(k)));
        }
        if (settings.lesionRecipe()) {
            begin("Lesion training set: the fold's training and validation persons as backgrounds with synthetic "
                    + "findings" + (realSeries.isEmpty() ? "" : ", and " + realSeries.size() + " labelled real series"));
            for (FoldRun r : runs) {
                r.lesionSet = lesionSet(data, r, realSeries, inputs.shuffledLabels());
            }
            end();
            begin("Training: the lesion recipe (" + settings.backbone().epochs() + " epochs of ResNet50V2 with the lesion "
                    + "map, then " + settings.epochs() + " of the FPN from its backbone; input " + settings.inputSize()
                    + " px, width " + settings.width() + ", " + settings.input().cliName() + ")");
            for (FoldRun r : runs) {
                trainLesionRecipe(r, inputs.shuffledLabels());
            }
        } else {
            begin("Training " + settings.architecture().cliName() + " (input " + settings.inputSize() + ", width "
                    + settings.width() + ", " + settings.epochs() + " epochs, batch " + settings.batch() + ")");
            for (FoldRun r : runs) {
                train(data, r);
            }
        }
        for (FoldRun r : runs) {
            TrainingCurves.writePng(r.model.resolve("curves.png"), "fold " + r.fold + " " + settings.architecture()
                    .cliName(), r.epochs);
            if (!r.backboneEpochs.isEmpty()) {
                TrainingCurves.writePng(backboneDir(r.fold).resolve("curves.png"), "fold " + r.fold
                        + " resnet50v2 (first stage)", r.backboneEpochs);
            }
        }
        end();
        begin("Image-level evaluation on the test slices (the paper's first table)");
        Path evaluation = out.resolve("evaluation");
        for (FoldRun r : runs) {
            FoldEvaluation e = FoldEvaluator.evaluate(r.model, TrainingData.open(data.flat(), data.split(), r.fold), 10, 2,
                    null);
            FoldEvaluator.writeCsvs(evaluation, e);
            r.evaluation = e;
            ImageMetrics m = e.metrics();
            say(String.format(Locale.ROOT, "  fold %d: %d test slices, accuracy %.4f, COVID sensitivity %.4f, normal "
                    + "sensitivity %.4f, AUC %.4f", r.fold, m.matrix().total(), m.overallAcc(), m.csens(), m.nsens(),
                    e.roc().auc()));
        }
        for (FoldRun r : runs) {
            writeCard(data, r, realCovidCtset, realSeries, inputs.shuffledLabels());
        }
        if (runs.size() > 1) {
            List<ImageMetrics> rows = runs.stream().map(r -> r.evaluation.metrics()).toList();
            MetricsCsv.writeFolds(evaluation.resolve("folds.csv"), rows);
            OutputFiles.writeString(evaluation.resolve("average.md"),
                    FoldAverage.toMarkdown(List.of(FoldAverage.of(settings.architecture().cliName(), rows))));
        }
        if (!realCovidCtset) {
            for (FoldRun r : runs) {
                r.pointing = pointingGame(data, r);
                if (r.pointing.slices() > 0) {
                    say(String.format(Locale.ROOT, "  fold %d pointing game: Grad-CAM peak on the lesion in %d of %d COVID "
                                    + "test slices (%.0f%%), within %d px in %d (%.0f%%)", r.fold, r.pointing.hits(),
                            r.pointing.slices(), 100 * r.pointing.rate(), r.pointing.tolerancePx(),
                            r.pointing.hitsWithinTolerance(), 100 * r.pointing.rateWithinTolerance()));
                }
            }
        }
        end();
        begin("Patient-level validation: SR_2 of each test patient, selection, classification, 10% rule (second table)");
        FullLayout layout = FullLayout.scan(data.full());
        Path patients = out.resolve("patients");
        for (FoldRun r : runs) {
            r.patients = FoldPatientValidation.builder().setModel(r.model).setLayout(layout).setSplit(data.split())
                    .setFold(r.fold).optSweep(true).optProgress(line -> progressLine("  " + line)).build().run(patients);
            PatientCounts c = r.patients.counts();
            say(String.format(Locale.ROOT, "  fold %d: %d patients, right %d, wrong %d (COVID right %d, COVID called "
                            + "normal %d, normal right %d, normal called COVID %d), patient AUC %.4f", r.fold, c.patients(),
                    c.tp(), c.fp(), c.ctp(), c.nfp(), c.ntp(), c.cfp(), r.patients.sweep().auc()));
        }
        if (runs.size() > 1) {
            List<FoldPatientValidation.Result> all = runs.stream().map(r -> r.patients).toList();
            OutputFiles.writeString(patients.resolve("all_folds.csv"), PaperPatientTable.csv(settings.architecture().cliName(), all));
            OutputFiles.writeString(patients.resolve("all_folds.md"), PaperPatientTable.markdown(settings.architecture().cliName(), all));
        }
        end();
        begin("Patient reports (sweep, probability curve, Grad-CAM)");
        Map<String, String> reports = new LinkedHashMap<>();
        FoldRun first = runs.get(0);
        try (ClassifierScorer scorer = new ClassifierScorer(first.model, 4)) {
            Detector detector = scorer.detector(DetectionSettings.paper());
            for (PatientResult p : reportPatients(first.patients)) {
                String name = p.patient().patientId() + ".html";
                Path file = patients.resolve("reports").resolve(name);
                var series = SeriesLoader.open(p.patient().series().dir());
                PatientReportWriter.write(file, series, detector.detect(series, p.patient().seriesLabel(), null), scorer, 4);
                reports.put(p.patient().patientId(), "patients/reports/" + name);
                progressLine("  report " + reports.size() + ": " + p.patient().seriesLabel());
            }
        }
        int testPersons = first.patients.test().size();
        if (reports.size() < testPersons) {
            say("  " + reports.size() + " reports for " + testPersons + " test persons (--reports " + settings.patientReports()
                    + "); index.html lists every test person");
        }
        end();
        RealCtScores realCt = null;
        if (inputs.scoreOn() != null) {
            begin("Real CT: plain detection on every labelled series of " + inputs.scoreOn() + ", scored against the "
                    + "radiologists' slice labels");
            realCt = scoreOnRealCt(first, inputs.scoreOn(), realSeries);
            end();
        }
        double total = (System.nanoTime() - t0) / 1e9;
        Path index = out.resolve("index.html");
        String description = data.description() + (realSeries.isEmpty() ? "" : "; lesion training set also on the "
                + "labelled real series " + realSeries.stream().map(LabelledSeries::name).toList() + " of "
                + inputs.withReal().toAbsolutePath()) + (inputs.shuffledLabels() ? "; CONTROL RUN: training labels "
                + "shuffled" : "");
        OutputFiles.writeString(index, ExperimentPage.html(settings, description, data.foldTable(), runs, reports,
                stepSeconds, total, realCovidCtset, realCt));
        say(String.format(Locale.ROOT, "Done in %.0f s. Open %s", total, index.toAbsolutePath()));
        say("The trained model is " + modelDir(runs.get(0).fold).toAbsolutePath() + " (use it with --model, e.g. "
                + "covidct detect --model " + modelDir(runs.get(0).fold) + " SERIES_DIR --out DIR --report)");
        return index;
    }

    private static List<LabelledSeries> labelledSeries(Path root) {
        List<LabelledSeries> found = LabelledSeries.discover(root);
        if (found.isEmpty()) {
            throw new CovidctException(root, "holds no series in the COVID-CT-MD layout (covid/, normal/, cap/ series "
                    + "folders and labels/<series>.slice-labels.csv)");
        }
        return found;
    }

    /** The lesion training set of a fold: its training and validation phantom persons, and the real series. */
    private LesionTrainingSet.Summary lesionSet(DataPaths data, FoldRun r, List<LabelledSeries> realSeries,
                                                boolean shuffled) {
        TrainingData fold = TrainingData.open(data.flat(), data.split(), r.fold);
        List<Integer> train = personIndices(fold.fold().train());
        List<Integer> validation = personIndices(fold.fold().validation());
        Path dir = lesionSetDir(r.fold);
        LesionTrainingSet.Summary summary = LesionTrainingSet.builder().setOut(dir).setSeed(settings.seed())
                .addRealSeries(realSeries)
                .optPhantoms(new LesionTrainingSet.Phantoms(generator, train, validation)).optPairs(settings.pairs())
                .optLog(line -> progressLine("  " + line)).build().write();
        say(String.format(Locale.ROOT, "  fold %d: %d training and %d validation slices (%d with a COVID pattern, %d "
                        + "without; %d real infected slices); backgrounds per person %s", r.fold, summary.train(),
                summary.validation(), summary.positives(), summary.negatives(), summary.realPositives(),
                summary.backgroundsPerPerson()));
        if (shuffled) {
            shuffleLabels(dir.resolve("flat").resolve("train1.csv"), settings.seed());
            say("  CONTROL: the training labels are permuted (seed " + settings.seed() + ") and the lesion masks unused");
        }
        return summary;
    }

    /** Generator indices of the phantom persons of a fold part (person IDs are patient1, patient2, ...). */
    private static List<Integer> personIndices(List<LabelledSlice> part) {
        return part.stream().map(s -> FlatName.parse(s.filename()).patientId()).distinct()
                .map(id -> Integer.parseInt(id.substring("patient".length())) - 1).sorted().toList();
    }

    /** Permutes the label column of a fold CSV (the control run). */
    static void shuffleLabels(Path csv, long seed) {
        List<LabelledSlice> rows = FoldCsv.read(csv);
        List<ClassLabel> labels = new ArrayList<>(rows.stream().map(LabelledSlice::label).toList());
        java.util.Collections.shuffle(labels, new Random(seed));
        List<LabelledSlice> shuffled = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            shuffled.add(new LabelledSlice(rows.get(i).filename(), labels.get(i)));
        }
        FoldCsv.write(csv, shuffled);
    }

    private void trainLesionRecipe(FoldRun r, boolean shuffled) {
        recipe(r, shuffled, listener(r, "resnet50v2", settings.backbone().epochs(), r.backboneEpochs)).trainBackbone();
        recipe(r, shuffled, listener(r, "fpn", settings.epochs(), r.epochs)).trainFpn();
    }

    /** The recipe of a fold; the control trains without the lesion maps (they would give the labels away). */
    private LesionRecipe recipe(FoldRun r, boolean shuffled, TrainingListener listener) {
        Path flat = lesionSetDir(r.fold).resolve("flat");
        return LesionRecipe.builder().setData(TrainingData.open(flat, flat, 1)).setOut(backboneDir(r.fold), r.model)
                .optShape(settings.inputSize(), settings.width()).optInput(settings.input())
                .optStages(settings.backbone(), new LesionRecipe.Stage(settings.epochs(), settings.batch(),
                        settings.learningRate()))
                .optSeed(settings.seed()).optLesionMapWeight(shuffled ? 0f : 1f).optCreatedBy("covidct demo")
                .optListener(listener).build();
    }

    /**
     * The pointing game on the fold's COVID test slices: the generator re-renders each slice with its lesion mask,
     * and the FPN's Grad-CAM peak must fall on a lesion (strictly, and within one cell of the finest map: 16 input
     * pixels, scaled to the slice).
     */
    private PointingGame.Result pointingGame(DataPaths data, FoldRun r) {
        TrainingData td = TrainingData.open(data.flat(), data.split(), r.fold);
        List<CtSlice> slices = new ArrayList<>();
        List<boolean[]> masks = new ArrayList<>();
        for (LabelledSlice s : td.fold().test()) {
            if (s.label() != ClassLabel.COVID) {
                continue;
            }
            FlatName n = FlatName.parse(s.filename());
            PhantomPatient p = generator.patient(Integer.parseInt(n.patientId().substring("patient".length())) - 1);
            int seriesIndex = Integer.parseInt(n.series().substring("SR_".length())) - 2;
            int slice = Integer.parseInt(n.image().substring("IM".length())) - 1;
            PhantomSlice rendered = p.render(seriesIndex, slice, true);
            boolean[] mask = new boolean[rendered.lesionMask().length];
            for (int i = 0; i < mask.length; i++) {
                mask[i] = rendered.lesionMask()[i] != 0;
            }
            slices.add(rendered.slice());
            masks.add(mask);
        }
        int tolerance = Math.max(1, Math.round(16f * settings.phantomSize() / settings.inputSize()));
        try (ClassifierScorer scorer = new ClassifierScorer(r.model, 4)) {
            return PointingGame.play(scorer, slices, masks, 4, tolerance);
        }
    }

    /** The real-CT scores of the fold's model: written under {@code real-ct/}, recorded on the model's card. */
    private RealCtScores scoreOnRealCt(FoldRun r, Path realDir, List<LabelledSeries> trainedOn) {
        Path dir = out.resolve("real-ct");
        List<String> seen = trainedOn.stream().map(LabelledSeries::name).toList();
        DetectionSettings detect = new DetectionSettings(DetectionSettings.paper().selector(), true,
                DecisionPolicy.of(PatientRule.paper()), 4, true);
        Map<String, String> reports = new LinkedHashMap<>();
        Map<String, Object> summary;
        ScoreRun.Result result;
        String command = "covidct demo (real-CT scoring of " + r.model + " on " + realDir + ")";
        try (ClassifierScorer scorer = new ClassifierScorer(r.model, 4)) {
            result = ScoreRun.builder().setScorer(scorer).setModel(scorer.summary()).optSettings(detect)
                    .optMaps(s -> scorer.heatmaps(List.of(s))[0]).optProgress(line -> progressLine("  " + line)).build()
                    .run(realDir);
            summary = ScoreFiles.write(dir, result, scorer.summary(), command);
            Detector detector = scorer.detector(detect);
            for (ScoreRun.SeriesResult sr : result.series()) {
                var series = SeriesLoader.open(sr.series().dir());
                ExpertView view = sr.scored() == null || sr.scored().labels() == null ? null
                        : new ExpertView(sr.scored().infected(), sr.scored().score(), sr.series().labels().toString(),
                        sr.series().person().folder());
                String name = sr.series().person().folder() + "_" + sr.series().name() + ".html";
                PatientReportWriter.write(dir.resolve("reports").resolve(name), series,
                        detector.detect(series, sr.series().name(), null), scorer, 4, view);
                reports.put(sr.series().name(), "real-ct/reports/" + name);
            }
        }
        ModelCard.Evaluation entry = ScoreFiles.cardEntry(summary, command);
        if (!seen.isEmpty()) {
            entry = ModelCard.Evaluation.of("IN-SAMPLE (these series were in the training set: " + seen + ") "
                    + entry.on(), entry.persons(), entry.slices(), entry.metrics(), command).withDecisions(entry.decisions());
        }
        RunDir.addRealCtScore(r.model, entry, "covidct demo");
        say("  " + ScoreFiles.oneLine(summary) + (seen.isEmpty() ? " (series the model never saw)"
                : " (IN-SAMPLE: the model was trained on these series; docs/TRAINING.md has the leave-one-person-out "
                + "estimate)"));
        return new RealCtScores(realDir, result, summary, reports, seen);
    }

    /** What the real-CT scoring found, for the page. */
    record RealCtScores(Path dir, ScoreRun.Result result, Map<String, Object> summary, Map<String, String> reports,
                        List<String> inSample) {
    }

    private TrainingListener listener(FoldRun r, String stage, int epochs, List<EpochRecord> records) {
        return new TrainingListener() {
            private long lastPrint;

            @Override
            public void batchFinished(int epoch, int batch, int batches, double meanLoss, double meanAccuracy,
                                      double slicesPerSecond) {
                long now = System.nanoTime();
                if (now - lastPrint > 5_000_000_000L || batch == batches) {
                    lastPrint = now;
                    progressLine(String.format(Locale.ROOT, "  fold %d %s epoch %d/%d batch %d/%d loss %.3f acc %.3f "
                            + "(%.1f slices/s)", r.fold, stage, epoch, epochs, batch, batches, meanLoss, meanAccuracy,
                            slicesPerSecond));
                }
            }

            @Override
            public void epochFinished(EpochRecord rec) {
                records.add(rec);
                say(String.format(Locale.ROOT, "  fold %d %s epoch %d: train loss %.3f acc %.3f, validation acc %.3f%s "
                                + "(%.0f s)", r.fold, stage, rec.epoch(), rec.trainLoss(), rec.trainAccuracy(),
                        rec.validationAccuracy(), rec.best() ? ", best so far: kept" : "", rec.seconds()));
            }
        };
    }

    /**
     * Records in the fold model's card what it learnt from and how it scored (validation accuracy of the kept epoch,
     * the test slices' image-level figures), so that detect accepts it and every report says it.
     */
    private void writeCard(DataPaths data, FoldRun r, boolean real, List<LabelledSeries> realSeries, boolean shuffled) {
        TrainingData td = TrainingData.open(data.flat(), data.split(), r.fold);
        int trainPersons = (int) td.fold().train().stream().map(s -> s.flatName().patientId()).distinct().count();
        int validationPersons = (int) td.fold().validation().stream().map(s -> s.flatName().patientId()).distinct()
                .count();
        ModelCard.Builder card = ModelCard.builder();
        String trainedOn;
        if (real) {
            trainedOn = "COVID-CTset fold " + r.fold;
            card.addTraining(ModelCard.DataSource.real("COVID-CTset copy, fold " + r.fold + " training slices",
                    trainPersons, td.fold().train().size()).withLocation(data.flat().toAbsolutePath().toString(),
                    td.fittingHash()));
        } else {
            Path lesionFlat = lesionSetDir(r.fold).resolve("flat");
            TrainingData lesion = TrainingData.open(lesionFlat, lesionFlat, 1);
            int realSlices = realSeries.isEmpty() ? 0 : r.lesionSet.backgroundsPerPerson().entrySet().stream()
                    .filter(e -> realSeries.stream().anyMatch(s -> s.name().equals(e.getKey())))
                    .mapToInt(Map.Entry::getValue).sum();
            trainedOn = realSeries.isEmpty() ? "synthetic phantoms"
                    : "phantoms + " + realSeries.size() + " real COVID-CT-MD series (" + realSeries.stream()
                    .map(LabelledSeries::name).toList() + ") with synthetic lesions";
            if (shuffled) {
                trainedOn = "CONTROL, labels shuffled: " + trainedOn;
            }
            card.addTraining(ModelCard.DataSource.synthetic(data.description() + ", fold " + r.fold + " training "
                            + "persons, with synthetic findings (lesion training set)", trainPersons,
                    lesion.fold().train().size() - realSlices * settings.pairs())
                    .withLocation(lesionFlat.toAbsolutePath().toString(), lesion.fittingHash()));
            if (!realSeries.isEmpty()) {
                card.addTraining(ModelCard.DataSource.real("labelled real CT series " + realSeries.stream()
                                .map(s -> s.person().folder() + "/" + s.name()).toList() + " (their clean slices with "
                                + "synthetic findings, the COVID patients' infected slices as COVID)", realSeries.size(),
                        realSlices));
            }
        }
        Map<String, Double> validation = new LinkedHashMap<>();
        r.epochs.stream().filter(EpochRecord::best).reduce((a, b) -> b)
                .ifPresent(best -> validation.put("accuracy", best.validationAccuracy()));
        ImageMetrics m = r.evaluation.metrics();
        validation.put("test_accuracy", m.overallAcc());
        validation.put("test_covid_sensitivity", m.csens());
        validation.put("test_normal_sensitivity", m.nsens());
        validation.put("test_slice_auc", r.evaluation.roc().auc());
        card.setTrainedOn(trainedOn)
                .optValidation(ModelCard.Evaluation.of("fold " + r.fold + " validation " + (real ? "slices" : "persons' "
                                + "slices of the lesion training set") + " (accuracy, kept epoch) and the fold's test "
                                + "slices (test_*)", validationPersons, td.fold().validation().size(), validation,
                        "covidct demo"))
                .optRecordedBy("covidct demo");
        RunDir.writeCard(r.model, card.build());
    }

    /** One fold's model and results. */
    static final class FoldRun {
        final int fold;
        final Path model;
        FoldEvaluation evaluation;
        FoldPatientValidation.Result patients;
        List<EpochRecord> epochs = new ArrayList<>();
        List<EpochRecord> backboneEpochs = new ArrayList<>();
        LesionTrainingSet.Summary lesionSet;
        PointingGame.Result pointing;

        FoldRun(int fold, Path model) {
            this.fold = fold;
            this.model = model;
        }
    }

    private Path modelDir(int fold) {
        return settings.folds().size() == 1 ? out.resolve("model") : out.resolve("model").resolve("fold" + fold);
    }

    /** The lesion recipe's first-stage run (ResNet50V2): kept beside the model, which starts from its backbone. */
    private Path backboneDir(int fold) {
        return settings.folds().size() == 1 ? out.resolve("backbone") : out.resolve("backbone").resolve("fold" + fold);
    }

    private Path lesionSetDir(int fold) {
        return out.resolve("lesion-set").resolve("fold" + fold);
    }

    private DataPaths synthesise() {
        begin("Synthesising " + settings.phantomPatients() + " phantom persons (" + settings.phantomSize() + " x "
                + settings.phantomSize() + ", three series each) and their patient-wise folds");
        Path dir = out.resolve("data");
        generator = PhantomGenerator.builder().setSeed(settings.seed()).optSize(settings.phantomSize())
                .build();
        PhantomDataset.Summary summary = PhantomDataset.builder().setGenerator(generator)
                .setPatients(settings.phantomPatients()).optProgress(this::progressLine).build().write(dir);
        if (!summary.foldsWritten()) {
            throw new CovidctException(dir, "the phantom cohort is too small for patient-wise folds; use more --patients");
        }
        say(String.format(Locale.ROOT, "  %d persons (%d COVID), %d slices; %d COVID and %d normal expert-selected slices",
                summary.patients(), summary.covidPatients(), summary.slices(), summary.flatCovid(), summary.flatNormal()));
        say(summary.foldTable());
        end();
        begin("Split: patient-wise folds written by synth (folds/train{k}, validation{k}, test{k}.csv)");
        end();
        return new DataPaths(dir.resolve("full"), dir.resolve("flat"), dir.resolve("folds"), String.format(Locale.ROOT,
                "%d synthetic phantom persons (%d with COVID-19 lesions), %d x %d slices, seed %d",
                summary.patients(), summary.covidPatients(), settings.phantomSize(), settings.phantomSize(), settings.seed()),
                summary.foldTable());
    }

    private DataPaths realDataset(Path root) {
        begin("Locating the COVID-CTset copy in " + root);
        if (!Files.isDirectory(root)) {
            throw new CovidctException(root, "no such folder");
        }
        Path full = Files.isDirectory(root.resolve("full")) ? root.resolve("full") : root;
        Path flat = firstDir(root.resolve("Training&Validation"), root.resolve("flat"));
        if (flat == null) {
            throw new CovidctException(root, "no flat folder of selected slices (expected Training&Validation/ or flat/)");
        }
        Path allCsv = firstFile(flat.resolve("all.csv"), root.resolve("all.csv"));
        Path details = firstFile(root.resolve("Patient_details.csv"), flat.resolve("Patient_details.csv"));
        if (allCsv == null || details == null) {
            throw new CovidctException(root, "needs all.csv and Patient_details.csv (in the folder or its flat folder)");
        }
        say("  full layout " + full + ", flat slices " + flat);
        end();
        begin("Split: patient-wise folds keyed by patient ID (the published CSVs validate on test data; not reused)");
        List<LabelledSlice> index = FoldCsv.read(allCsv);
        List<FoldSet> folds = FoldSplitter.builder().optFolds(5).optSeed(settings.seed()).build()
                .split(index, allCsv, PatientDetails.read(details), details);
        Path split = out.resolve("split");
        SplitDirectory.write(split, folds);
        String table = FoldTable.of(folds).toMarkdown();
        say(table);
        end();
        return new DataPaths(full, flat, split, "COVID-CTset copy at " + root.toAbsolutePath() + " (" + index.size()
                + " selected slices)", table);
    }

    private void train(DataPaths data, FoldRun r) {
        TrainingData td = TrainingData.open(data.flat(), data.split(), r.fold);
        say(String.format(Locale.ROOT, "  fold %d: %d training and %d validation slices", r.fold, td.fold().train().size(),
                td.fold().validation().size()));
        TrainingJob.builder().setData(td)
                .setModel(new ModelConfig(settings.architecture(), settings.inputSize(), settings.width(),
                        settings.input()))
                .setOut(r.model).optEpochs(settings.epochs()).optBatchSize(settings.batch(), 10)
                .optLearningRate(settings.learningRate()).optAugment(settings.augment()).optSeed(settings.seed())
                .optBatchNormRecalibration(settings.bnRecalibration())
                .optCreatedBy("covidct demo").optListener(listener(r, settings.architecture().cliName(),
                        settings.epochs(), r.epochs)).build().run();
    }

    /** Misidentified patients first, then the others, COVID and normal alternating, up to the setting. */
    private List<PatientResult> reportPatients(FoldPatientValidation.Result r) {
        List<String> wrong = r.counts().misidentified().stream().map(PatientCounts.Misidentified::patientId).toList();
        List<PatientResult> out = new ArrayList<>();
        r.test().stream().filter(p -> wrong.contains(p.patient().patientId())).forEach(out::add);
        List<PatientResult> covid = r.test().stream().filter(p -> !wrong.contains(p.patient().patientId())
                && p.outcome().trulyCovid()).toList();
        List<PatientResult> normal = r.test().stream().filter(p -> !wrong.contains(p.patient().patientId())
                && !p.outcome().trulyCovid()).toList();
        for (int i = 0; i < Math.max(covid.size(), normal.size()); i++) {
            if (i < covid.size()) {
                out.add(covid.get(i));
            }
            if (i < normal.size()) {
                out.add(normal.get(i));
            }
        }
        return out.subList(0, Math.min(out.size(), settings.patientReports()));
    }

    private void begin(String what) {
        step++;
        stepStart = System.nanoTime();
        say(String.format(Locale.ROOT, "[%d/%d] %s", Math.min(step, steps), steps, what));
        stepSeconds.put(what, 0.0);
        lastStep = what;
    }

    private String lastStep;

    private void end() {
        double s = (System.nanoTime() - stepStart) / 1e9;
        stepSeconds.put(lastStep, s);
        say(String.format(Locale.ROOT, "      (%.1f s)", s));
    }

    private void say(String line) {
        console.println(line);
        console.flush();
    }

    private void progressLine(String line) {
        say(line);
    }

    private static Path firstDir(Path... candidates) {
        for (Path p : candidates) {
            if (Files.isDirectory(p)) {
                return p;
            }
        }
        return null;
    }

    private static Path firstFile(Path... candidates) {
        for (Path p : candidates) {
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    static Comparator<PatientResult> byId() {
        return Comparator.comparing(p -> p.patient().patientId());
    }
}
