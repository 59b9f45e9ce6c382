package org.covidct.app.demo;

import org.covidct.app.detect.ClassifierScorer;
import org.covidct.app.io.OutputFiles;
import org.covidct.app.detect.DetectionSettings;
import org.covidct.app.detect.Detector;
import org.covidct.app.report.PatientReportWriter;
import org.covidct.app.validate.FoldPatientValidation;
import org.covidct.app.validate.PaperPatientTable;
import org.covidct.app.validate.PatientResult;
import org.covidct.core.CovidctException;
import org.covidct.core.dataset.FoldCsv;
import org.covidct.core.dataset.FoldSet;
import org.covidct.core.dataset.FullLayout;
import org.covidct.core.dataset.LabelledSlice;
import org.covidct.core.dataset.PatientDetails;
import org.covidct.core.dataset.SplitDirectory;
import org.covidct.core.decision.PatientCounts;
import org.covidct.core.metrics.FoldAverage;
import org.covidct.core.metrics.ImageMetrics;
import org.covidct.core.metrics.MetricsCsv;
import org.covidct.core.phantom.PhantomDataset;
import org.covidct.core.phantom.PhantomGenerator;
import org.covidct.core.load.SeriesLoader;
import org.covidct.core.split.FoldSplitter;
import org.covidct.core.split.FoldTable;
import org.covidct.nn.eval.FoldEvaluation;
import org.covidct.nn.eval.FoldEvaluator;
import org.covidct.nn.model.ModelConfig;
import org.covidct.nn.train.EpochRecord;
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
    private final int steps = 6;

    public DemoPipeline(DemoSettings settings, Path out, PrintWriter console) {
        this.settings = settings;
        this.out = out;
        this.console = console;
    }

    /** Where the inputs of the experiment are. */
    record DataPaths(Path full, Path flat, Path split, String description, String foldTable) {
    }

    /**
     * @param realData a COVID-CTset copy, or null for phantoms
     * @return the index page
     */
    public Path run(Path realData) {
        long t0 = System.nanoTime();
        DataPaths data = realData == null ? synthesise() : realDataset(realData);
        List<FoldRun> runs = new ArrayList<>();
        for (int k : settings.folds()) {
            runs.add(new FoldRun(k, modelDir(k)));
        }
        begin("Training " + settings.architecture().cliName() + " (input " + settings.inputSize() + ", width "
                + settings.width() + ", " + settings.epochs() + " epochs, batch " + settings.batch() + ")");
        for (FoldRun r : runs) {
            train(data, r);
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
        if (runs.size() > 1) {
            List<ImageMetrics> rows = runs.stream().map(r -> r.evaluation.metrics()).toList();
            MetricsCsv.writeFolds(evaluation.resolve("folds.csv"), rows);
            OutputFiles.writeString(evaluation.resolve("average.md"),
                    FoldAverage.toMarkdown(List.of(FoldAverage.of(settings.architecture().cliName(), rows))));
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
        end();
        double total = (System.nanoTime() - t0) / 1e9;
        Path index = out.resolve("index.html");
        OutputFiles.writeString(index, ExperimentPage.html(settings, data.description(), data.foldTable(), runs, reports, stepSeconds, total,
                realData != null));
        say(String.format(Locale.ROOT, "Done in %.0f s. Open %s", total, index.toAbsolutePath()));
        say("The trained model is " + modelDir(runs.get(0).fold).toAbsolutePath() + " (use it with --model, e.g. "
                + "covidct detect --model " + modelDir(runs.get(0).fold) + " SERIES_DIR --out DIR --report)");
        return index;
    }

    /** One fold's model and results. */
    static final class FoldRun {
        final int fold;
        final Path model;
        FoldEvaluation evaluation;
        FoldPatientValidation.Result patients;
        List<EpochRecord> epochs = new ArrayList<>();

        FoldRun(int fold, Path model) {
            this.fold = fold;
            this.model = model;
        }
    }

    private Path modelDir(int fold) {
        return settings.folds().size() == 1 ? out.resolve("model") : out.resolve("model").resolve("fold" + fold);
    }

    private DataPaths synthesise() {
        begin("Synthesising " + settings.phantomPatients() + " phantom persons (" + settings.phantomSize() + " x "
                + settings.phantomSize() + ", three series each) and their patient-wise folds");
        Path dir = out.resolve("data");
        PhantomGenerator generator = PhantomGenerator.builder().setSeed(settings.seed()).optSize(settings.phantomSize())
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
                .setModel(new ModelConfig(settings.architecture(), settings.inputSize(), settings.width()))
                .setOut(r.model).optEpochs(settings.epochs()).optBatchSize(settings.batch(), 10)
                .optLearningRate(settings.learningRate()).optAugment(settings.augment()).optSeed(settings.seed())
                .optBatchNormRecalibration(settings.bnRecalibration())
                .optCreatedBy("covidct demo").optListener(new TrainingListener() {
                    private long lastPrint;

                    @Override
                    public void batchFinished(int epoch, int batch, int batches, double meanLoss, double meanAccuracy,
                                              double slicesPerSecond) {
                        long now = System.nanoTime();
                        if (now - lastPrint > 5_000_000_000L || batch == batches) {
                            lastPrint = now;
                            progressLine(String.format(Locale.ROOT, "  fold %d epoch %d/%d batch %d/%d loss %.3f acc %.3f "
                                    + "(%.1f slices/s)", r.fold, epoch, settings.epochs(), batch, batches, meanLoss,
                                    meanAccuracy, slicesPerSecond));
                        }
                    }

                    @Override
                    public void epochFinished(EpochRecord rec) {
                        r.epochs.add(rec);
                        say(String.format(Locale.ROOT, "  fold %d epoch %d: train loss %.3f acc %.3f, validation acc %.3f%s "
                                        + "(%.0f s)", r.fold, rec.epoch(), rec.trainLoss(), rec.trainAccuracy(),
                                rec.validationAccuracy(), rec.best() ? ", best so far: kept" : "", rec.seconds()));
                    }
                }).build().run();
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
