package org.covidct.app.demo;

import org.covidct.app.report.Html;
import org.covidct.app.report.RocPlot;
import org.covidct.app.validate.FoldPatientValidation;
import org.covidct.app.validate.PatientResult;
import org.covidct.core.decision.PatientCounts;
import org.covidct.core.decision.PatientDecision;
import org.covidct.core.metrics.ImageMetrics;
import org.covidct.core.metrics.Roc;
import org.covidct.nn.train.EpochRecord;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The demo's index.html: the experiment in the paper's formats, with ROC plots and links to patient reports. */
final class ExperimentPage {

    private ExperimentPage() {
    }

    static String html(DemoSettings s, String data, String foldTable, List<DemoPipeline.FoldRun> runs,
                       Map<String, String> reports, Map<String, Double> steps, double totalSeconds, boolean real) {
        StringBuilder h = new StringBuilder(1 << 15);
        h.append("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>covidct demo</title>")
                .append(Html.style()).append("</head><body><main>");
        h.append("<h1>covidct: the COVID-CTset pipeline, end to end</h1>");
        h.append("<p class='sub'>").append(Html.esc(data)).append("</p>");
        if (!real) {
            h.append("<div class='warn'>Synthetic phantoms and a deliberately small network trained for a few minutes on a CPU: "
                    + "the figures below show that every stage runs and how results are reported. They are <b>not</b> "
                    + "comparable with the paper's, which come from 63,849 real slices and the full network trained for 20 "
                    + "epochs (published figures shown for the format).</div>");
        }
        h.append("<h2>What ran</h2><div class='card'><ol>"
                + "<li><b>Data</b>: ").append(real ? "a COVID-CTset copy" : "phantom persons in the COVID-CTset layouts (every "
                + "series in the full layout, expert-like selected slices in the flat folder)").append(".</li>"
                + "<li><b>Split</b>: patient-wise folds keyed by patient ID; validation patients carved from the fitting "
                + "patients.</li>"
                + "<li><b>Training</b>: ").append(Html.esc(s.architecture().cliName())).append(" at ").append(s.inputSize())
                .append(" px, width ").append(s.width()).append(", ").append(s.epochs()).append(" epochs, batch ")
                .append(s.batch()).append(", Nadam lr ").append(s.learningRate()).append(s.augment() ? ", the paper's augmentation" : "")
                .append("; the best-validation epoch is kept.</li>"
                        + "<li><b>Image level</b>: the fold's test slices, counted as the published code does.</li>"
                        + "<li><b>Patient level</b>: each test patient's SR_2 series through the reference selection, the "
                        + "classifier and the 10% rule; the fraction is also swept (patient ROC) and an operating point is "
                        + "chosen on the validation patients.</li></ol>");
        List<String> deviations = deviations(s);
        if (!deviations.isEmpty()) {
            h.append("<p><b>Deviations from the paper's recipe</b> (FPN at 512 px, width 1, ImageNet-sized network, "
                    + "20 epochs, batch 14, Nadam 1e-4, the paper's augmentation; docs/TRAINING.md, \"Training at small "
                    + "sizes\", says why each is needed for a short CPU run):</p><ul>");
            for (String d : deviations) {
                h.append("<li>").append(Html.esc(d)).append("</li>");
            }
            h.append("</ul>");
        }
        h.append("<table><tr><th class='l'>step</th><th>seconds</th></tr>");
        for (Map.Entry<String, Double> e : steps.entrySet()) {
            h.append("<tr><td class='l'>").append(Html.esc(e.getKey())).append("</td><td>")
                    .append(Html.num(e.getValue(), 1)).append("</td></tr>");
        }
        h.append("<tr><th class='l'>total</th><th>").append(Html.num(totalSeconds, 1)).append("</th></tr></table></div>");

        h.append("<h2>Folds (patients and slices, as the paper's data table)</h2>").append(markdownTable(foldTable));

        h.append("<h2>Training</h2>");
        for (DemoPipeline.FoldRun r : runs) {
            h.append("<p>Fold ").append(r.fold).append(" (model <a href='").append(Html.esc(relative(r))).append("'>")
                    .append(Html.esc(relative(r))).append("</a>)</p><table><tr><th>epoch</th><th>train loss</th>"
                            + "<th>train acc</th><th>val loss</th><th>val acc</th><th>seconds</th><th>kept</th></tr>");
            for (EpochRecord e : r.epochs) {
                h.append("<tr><td>").append(e.epoch()).append("</td><td>").append(Html.num(e.trainLoss(), 4)).append("</td><td>")
                        .append(Html.num(e.trainAccuracy(), 4)).append("</td><td>").append(Html.num(e.validationLoss(), 4))
                        .append("</td><td>").append(Html.num(e.validationAccuracy(), 4)).append("</td><td>")
                        .append(Html.num(e.seconds(), 1)).append("</td><td>").append(e.best() ? "best" : "").append("</td></tr>");
            }
            h.append("</table>");
        }

        h.append("<h2>Image level (the paper's first table)</h2>");
        h.append("<table><tr><th class='l'>model</th><th>fold</th><th>image acc %</th><th>COVID sens %</th><th>normal sens %</th>"
                + "<th>AUC</th></tr>");
        for (DemoPipeline.FoldRun r : runs) {
            ImageMetrics m = r.evaluation.metrics();
            h.append("<tr><td class='l'>").append(Html.esc(m.modelName())).append(" (this run)</td><td>").append(r.fold)
                    .append("</td><td>").append(Html.num(100 * m.overallAcc(), 2)).append("</td><td>")
                    .append(Html.num(100 * m.csens(), 2)).append("</td><td>").append(Html.num(100 * m.nsens(), 2))
                    .append("</td><td>").append(Html.num(r.evaluation.roc().auc(), 4)).append("</td></tr>");
        }
        h.append("<tr class='note'><td class='l'>ResNet50V2 + FPN (published, 5-fold mean, real data)</td><td>1-5</td>"
                + "<td>98.49</td><td>94.96</td><td>98.70</td><td></td></tr></table>");
        h.append("<p>All columns of the published code: <a href='evaluation/fold").append(runs.get(0).fold)
                .append(".csv'>evaluation/fold").append(runs.get(0).fold).append(".csv</a>.</p>");
        h.append(columnsTable(runs));

        h.append("<h2>Patient level (the paper's second table)</h2>");
        h.append("<table><tr><th class='l'>model</th><th>fold</th><th>patients right</th><th>wrong</th><th>COVID right</th>"
                + "<th>COVID called normal</th><th>normal right</th><th>normal called COVID</th><th>no decision</th></tr>");
        for (DemoPipeline.FoldRun r : runs) {
            PatientCounts c = r.patients.counts();
            h.append("<tr><td class='l'>").append(Html.esc(r.patients.modelName())).append(" (this run, 10%)</td><td>")
                    .append(r.fold).append("</td><td>").append(c.tp()).append("</td><td>").append(c.fp()).append("</td><td>")
                    .append(c.ctp()).append("</td><td>").append(c.nfp()).append("</td><td>").append(c.ntp()).append("</td><td>")
                    .append(c.cfp()).append("</td><td>").append(c.undecided()).append("</td></tr>");
        }
        h.append("<tr class='note'><td class='l'>ResNet50V2 + FPN (published, 5-fold mean)</td><td>1-5</td><td>233.8</td>"
                + "<td>10.8</td><td>17.6</td><td>1.4</td><td>216.2</td><td>9.4</td><td></td></tr></table>");

        h.append("<h2>ROC curves</h2><div style='display:flex;gap:16px;flex-wrap:wrap'>");
        for (DemoPipeline.FoldRun r : runs) {
            Roc roc = r.evaluation.roc();
            h.append(RocPlot.slices(roc, String.format(Locale.ROOT, "fold %d slices: AUC %.4f", r.fold, roc.auc())).svg());
            FoldPatientValidation.Sweep sw = r.patients.sweep();
            h.append(RocPlot.patients(sw.roc(), String.format(Locale.ROOT, "fold %d patients (fraction swept): AUC %.4f",
                    r.fold, sw.auc()), sw.at(r.patients.rule()), sw.chosenOnValidation()).svg());
        }
        h.append("</div>");
        for (DemoPipeline.FoldRun r : runs) {
            FoldPatientValidation.Sweep sw = r.patients.sweep();
            PatientCounts t = sw.testAtChosen();
            h.append("<p>Fold ").append(r.fold).append(": the fraction chosen on the validation patients (highest Youden index) is <b>")
                    .append(sw.chosenOnValidation().fraction().toPlainString()).append("</b>; on the test patients it gives ")
                    .append(t.tp()).append(" right and ").append(t.fp()).append(" wrong (COVID right ").append(t.ctp())
                    .append(", COVID called normal ").append(t.nfp()).append(", normal right ").append(t.ntp())
                    .append(", normal called COVID ").append(t.cfp()).append("). Sweep: <a href='patients/fold").append(r.fold)
                    .append("_sweep.csv'>patients/fold").append(r.fold).append("_sweep.csv</a>.</p>");
        }

        h.append("<h2>Test patients</h2>");
        DemoPipeline.FoldRun first = runs.get(0);
        List<String> wrong = first.patients.counts().misidentified().stream().map(PatientCounts.Misidentified::patientId).toList();
        h.append("<table><tr><th class='l'>patient</th><th class='l'>truth</th><th>slices</th><th>kept</th><th>kept called COVID</th>"
                + "<th>share</th><th class='l'>decision (10%)</th><th class='l'>report</th></tr>");
        for (PatientResult p : first.patients.test()) {
            PatientDecision d = first.patients.rule().decide(p.detection().keptCount(), p.detection().covidCount());
            String id = p.patient().patientId();
            boolean isWrong = wrong.contains(id);
            h.append("<tr").append(isWrong ? " style='background:#fde8e8'" : "").append("><td class='l'>").append(Html.esc(id))
                    .append("</td><td class='l'>").append(p.patient().label().csvName()).append("</td><td>")
                    .append(p.detection().slices().size()).append("</td><td>").append(p.detection().keptCount()).append("</td><td>")
                    .append(p.detection().covidCount()).append("</td><td>")
                    .append(d.covidShare().map(Html::pct).orElse("–")).append("</td><td class='l'>")
                    .append(d.isDecided() ? d.verdict().word() : "no decision").append(isWrong ? " (wrong)" : "")
                    .append("</td><td class='l'>");
            String link = reports.get(id);
            if (link != null) {
                h.append("<a href='").append(Html.esc(link)).append("'>report</a>");
            }
            h.append("</td></tr>");
        }
        h.append("</table>");
        h.append("<h2>Files</h2><ul>"
                + "<li><a href='evaluation/'>evaluation/</a>: fold{K}.csv (paper's columns), roc, confusion, predictions</li>"
                + "<li><a href='patients/'>patients/</a>: fold{K}.csv (tp,fp,ctp,cfp,ntp,nfp, misidentified), per-patient rows, "
                + "sweep, ROC</li><li><a href='model/'>model/</a>: the trained RUN_DIR</li></ul>");
        h.append("<p class='note'>Generated ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS))
                .append(" by covidct demo. Reference: Rahimzadeh, Attar, Sakhaei, Biomedical Signal Processing and Control 68 "
                        + "(2021) 102588.</p></main></body></html>\n");
        return h.toString();
    }

    private static String relative(DemoPipeline.FoldRun r) {
        String m = r.model.toString().replace('\\', '/');
        int i = m.lastIndexOf("/model");
        return (i >= 0 ? m.substring(i + 1) : m) + "/";
    }

    private static String columnsTable(List<DemoPipeline.FoldRun> runs) {
        StringBuilder h = new StringBuilder("<table><tr>");
        for (String c : ImageMetrics.COLUMNS) {
            h.append("<th>").append(c).append("</th>");
        }
        h.append("</tr>");
        for (DemoPipeline.FoldRun r : runs) {
            ImageMetrics m = r.evaluation.metrics();
            Object[] v = {m.modelName(), m.fold(), m.tp(), m.fp(), m.ctp(), m.cfn(), m.cfp(), m.ntp(), m.nfn(), m.nfp(),
                    m.overallAcc(), m.cacc(), m.nacc(), m.csens(), m.nsens(), m.cspec(), m.nspec(), m.cprec(), m.nprec()};
            h.append("<tr>");
            for (Object o : v) {
                h.append("<td>").append(o instanceof Double d ? Html.num(d, 4) : Html.esc(String.valueOf(o))).append("</td>");
            }
            h.append("</tr>");
        }
        return h.append("</table>").toString();
    }

    /** A Markdown pipe table as an HTML table (other lines as a paragraph). */
    static String markdownTable(String md) {
        if (md == null) {
            return "";
        }
        StringBuilder h = new StringBuilder();
        boolean inTable = false;
        boolean header = false;
        for (String line : md.split("\n")) {
            String t = line.trim();
            if (!t.startsWith("|")) {
                if (inTable) {
                    h.append("</table>");
                    inTable = false;
                }
                if (!t.isEmpty()) {
                    h.append("<p class='note'>").append(Html.esc(t)).append("</p>");
                }
                continue;
            }
            if (!inTable) {
                h.append("<table style='margin:8px 0'>");
                inTable = true;
                header = true;
            }
            if (t.matches("\\|[-:| ]+\\|")) {
                continue;
            }
            String[] cells = t.substring(1, t.endsWith("|") ? t.length() - 1 : t.length()).split("\\|");
            h.append("<tr>");
            for (String c : cells) {
                h.append(header ? "<th>" : "<td>").append(Html.esc(c.trim())).append(header ? "</th>" : "</td>");
            }
            h.append("</tr>");
            header = false;
        }
        if (inTable) {
            h.append("</table>");
        }
        return h.toString();
    }

    /** Each setting that differs from the paper's protocol ({@link DemoSettings#paper()}), in words. */
    static List<String> deviations(DemoSettings s) {
        DemoSettings p = DemoSettings.paper();
        List<String> out = new java.util.ArrayList<>();
        if (s.architecture() != p.architecture()) {
            out.add("network " + s.architecture().cliName() + " instead of " + p.architecture().cliName());
        }
        if (s.inputSize() != p.inputSize() || s.width() != p.width()) {
            out.add("input " + s.inputSize() + " px and channel width " + s.width() + " instead of " + p.inputSize()
                    + " px and width " + p.width() + " (CPU time)");
        }
        if (s.epochs() != p.epochs()) {
            out.add(s.epochs() + " epochs instead of " + p.epochs());
        }
        if (s.batch() != p.batch()) {
            out.add("batch " + s.batch() + " instead of " + p.batch() + " (more steps on few slices)");
        }
        if (s.learningRate() != p.learningRate()) {
            out.add("Nadam learning rate " + s.learningRate() + " instead of " + p.learningRate()
                    + " (from random initialisation the short run does not start at 1e-4)");
        }
        if (s.augment() != p.augment()) {
            out.add(s.augment() ? "augmentation on" : "no augmentation (rotation over the full circle makes a short run "
                    + "much harder; phantom slices are already varied)");
        }
        if (s.bnRecalibration() > 0) {
            out.add("BatchNorm moving statistics recomputed on " + s.bnRecalibration() + " training slices before each "
                    + "validation (Keras' momentum 0.99 leaves them near their initial values after a few hundred steps)");
        }
        return out;
    }
}
