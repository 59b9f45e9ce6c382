package org.covidct.app.score;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.covidct.app.detect.ModelSummary;
import org.covidct.app.detect.SeriesDetection;
import org.covidct.app.detect.SliceResult;
import org.covidct.app.io.OutputFiles;
import org.covidct.app.report.Html;
import org.covidct.app.report.RocPlot;
import org.covidct.core.decision.PatientDecision;
import org.covidct.core.io.CsvTables;
import org.covidct.core.labels.PersonClass;
import org.covidct.core.labels.ScoredSlice;
import org.covidct.core.labels.SeriesScore;
import org.covidct.core.labels.SliceLabel;
import org.covidct.core.metrics.Roc;
import org.covidct.core.selection.Selectors;
import org.covidct.nn.run.ModelCard;
import org.covidct.nn.run.Versions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code covidct score} writes: {@code scores.csv} (one row per series), {@code slices.csv} (one row per slice),
 * {@code summary.json} (pooled figures, per-person decisions, selection recall per rule, Grad-CAM localisation),
 * {@code roc.png} (the pooled slice ROC) and {@code index.html}.
 */
public final class ScoreFiles {

    public static final String SCORES_HEADER = "series,person,slices,kept,infected,infected_kept,"
            + "selection_recall_reference,selection_recall_lung_aware,slice_auc,sensitivity,specificity,called_covid,"
            + "covid_fraction,decision,undecided_reason,cam_checked,cam_hits,cam_outside_lungs,cam_hit_rate";
    public static final String SLICES_HEADER = "series,person,position,instance,slice_location,file,kept,p_covid,"
            + "predicted,infected,lobes,kept_reference,kept_lung_aware,cam_peak";

    private ScoreFiles() {
    }

    /** Writes every file into {@code out}. */
    public static Map<String, Object> write(Path out, ScoreRun.Result r, ModelSummary model, String command) {
        writeScores(out.resolve("scores.csv"), r);
        writeSlices(out.resolve("slices.csv"), r);
        Map<String, Object> summary = summary(r, model, command);
        try {
            OutputFiles.writeBytes(out.resolve("summary.json"),
                    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(summary));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Roc roc = r.scoring().pooledRoc();
        RocPlot plot = RocPlot.slices(roc, String.format(Locale.ROOT, "slices of COVID and normal persons: AUC %s",
                num(roc.auc(), 3)));
        plot.writePng(out.resolve("roc.png"));
        OutputFiles.writeString(out.resolve("index.html"), html(r, summary, plot));
        return summary;
    }

    static void writeScores(Path file, ScoreRun.Result r) {
        CsvTables.write(file, p -> {
            p.printRecord((Object[]) SCORES_HEADER.split(","));
            for (ScoreRun.SeriesResult s : r.series()) {
                SeriesDetection d = s.detection();
                SeriesScore sc = s.scored() == null ? null : s.scored().score();
                PatientDecision dec = d.decision();
                p.printRecord(s.series().name(), s.series().person().folder(), d.slices().size(), d.keptCount(),
                        sc == null ? "" : sc.infected(), sc == null ? "" : sc.infectedKept(),
                        num(s.recall("reference"), 6), num(s.recall("lung-aware"), 6),
                        sc == null ? "" : num(sc.auc(), 6), sc == null ? "" : num(sc.sensitivity(), 6),
                        sc == null ? "" : num(sc.specificity(), 6), d.covidCount(),
                        num(d.keptCount() == 0 ? Double.NaN : d.covidCount() / (double) d.keptCount(), 6),
                        dec.verdict().word(), dec.isDecided() ? "" : dec.cause().code(),
                        sc == null || !r.cams() ? "" : sc.camChecked(), sc == null || !r.cams() ? "" : sc.camHits(),
                        sc == null || !r.cams() ? "" : sc.camOutsideLungs(),
                        sc == null || !r.cams() ? "" : num(sc.camHitRate(), 6));
            }
        });
    }

    static void writeSlices(Path file, ScoreRun.Result r) {
        CsvTables.write(file, p -> {
            p.printRecord((Object[]) SLICES_HEADER.split(","));
            for (ScoreRun.SeriesResult s : r.series()) {
                List<SliceResult> rows = s.detection().slices();
                boolean[] reference = s.keptByRule().get("reference");
                boolean[] lungAware = s.keptByRule().get("lung-aware");
                for (int i = 0; i < rows.size(); i++) {
                    SliceResult row = rows.get(i);
                    int instance = SeriesScoring.instanceOf(row, i);
                    SliceLabel label = s.series().labels() == null ? null : s.series().labels().of(instance).orElse(null);
                    ScoredSlice scored = s.scored() == null ? null : s.scored().slices().get(i);
                    String cam = scored == null || !scored.camMade() ? ""
                            : scored.camPeak() == null ? "outside" : scored.camPeak().name().toLowerCase(Locale.ROOT);
                    p.printRecord(s.series().name(), s.series().person().folder(), i + 1, instance,
                            row.sliceLocation() == null ? "" : row.sliceLocation(), row.file(), row.kept() ? 1 : 0,
                            row.kept() ? String.format(Locale.ROOT, "%.6f", row.pCovid()) : "",
                            row.kept() ? row.predicted().csvName() : "",
                            label == null ? (s.series().person() == PersonClass.NORMAL ? "0" : "") : label.infected() ? "1" : "0",
                            label == null ? "" : ScoreRun.lobes(label), reference[i] ? 1 : 0, lungAware[i] ? 1 : 0, cam);
                }
            }
        });
    }

    /** summary.json as a map. */
    static Map<String, Object> summary(ScoreRun.Result r, ModelSummary model, String command) {
        Map<String, Object> m = new LinkedHashMap<>();
        Roc roc = r.scoring().pooledRoc();
        Map<String, Object> pooled = new LinkedHashMap<>();
        pooled.put("what", "kept slices of COVID persons (infected: positive, clean: negative) and of normal persons "
                + "(negative); other pneumonia left out");
        pooled.put("slice_auc", nan(roc.auc()));
        pooled.put("positives", roc.positives());
        pooled.put("negatives", roc.negatives());
        pooled.put("threshold", ScoreRun.SLICE_THRESHOLD);
        pooled.put("sensitivity", nan(r.scoring().pooledSensitivity()));
        pooled.put("specificity", nan(r.scoring().pooledSpecificity()));
        m.put("pooled", pooled);
        List<Map<String, Object>> persons = new ArrayList<>();
        int otherCalled = 0;
        int otherKept = 0;
        Map<String, Object> other = new LinkedHashMap<>();
        for (ScoreRun.SeriesResult s : r.series()) {
            SeriesDetection d = s.detection();
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("series", s.series().name());
            p.put("person", s.series().person().folder());
            p.put("decision", d.decision().verdict().word());
            p.put("undecided_reason", d.decision().isDecided() ? null : d.decision().cause().code());
            p.put("kept", d.keptCount());
            p.put("called_covid", d.covidCount());
            p.put("covid_fraction", d.keptCount() == 0 ? null : d.covidCount() / (double) d.keptCount());
            p.put("right", rightness(s.series().person(), d.decision()));
            persons.add(p);
            if (s.series().person() == PersonClass.OTHER_PNEUMONIA) {
                otherCalled += d.covidCount();
                otherKept += d.keptCount();
                other.put(s.series().name(), d.keptCount() == 0 ? null : d.covidCount() / (double) d.keptCount());
            }
        }
        m.put("persons", persons);
        Map<String, Object> otherPneumonia = new LinkedHashMap<>();
        otherPneumonia.put("what", "share of the kept slices of persons with another pneumonia (cap/) called COVID");
        otherPneumonia.put("by_series", other);
        otherPneumonia.put("pooled", otherKept == 0 ? null : otherCalled / (double) otherKept);
        m.put("other_pneumonia_called_covid", otherPneumonia);
        Map<String, Object> recall = new LinkedHashMap<>();
        for (String rule : Selectors.NAMES) {
            int kept = 0;
            int infected = 0;
            Map<String, Object> bySeries = new LinkedHashMap<>();
            for (ScoreRun.SeriesResult s : r.series()) {
                int[] c = s.recallCounts(rule);
                if (c[1] > 0) {
                    kept += c[0];
                    infected += c[1];
                    bySeries.put(s.series().name(), c[0] + " of " + c[1]);
                }
            }
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("infected_kept", kept);
            one.put("infected", infected);
            one.put("recall", infected == 0 ? null : kept / (double) infected);
            one.put("by_series", bySeries);
            recall.put(rule, one);
        }
        m.put("selection_recall", recall);
        if (r.cams()) {
            int checked = 0;
            int hits = 0;
            int outside = 0;
            for (ScoreRun.SeriesResult s : r.series()) {
                if (s.scored() != null) {
                    checked += s.scored().score().camChecked();
                    hits += s.scored().score().camHits();
                    outside += s.scored().score().camOutsideLungs();
                }
            }
            Map<String, Object> cam = new LinkedHashMap<>();
            cam.put("what", "kept infected slices with marked lobes: the Grad-CAM peak in a lung holding a marked lobe "
                    + "(lll, lul: patient's left; rll, rml, rul: right); a peak outside both lungs is a miss");
            cam.put("checked", checked);
            cam.put("hits", hits);
            cam.put("outside_lungs", outside);
            cam.put("hit_rate", nan(r.scoring().pooledCamHitRate()));
            m.put("gradcam_localisation", cam);
        } else {
            m.put("gradcam_localisation", null);
        }
        ModelCard card = model.card();
        Map<String, Object> mod = new LinkedHashMap<>();
        mod.put("run_dir", model.runDir());
        mod.put("architecture", model.architecture());
        mod.put("input_size", model.inputSize());
        mod.put("weights_sha256", model.weightsSha256());
        mod.put("trained_on", card.trainedOn());
        mod.put("validated", card.validated());
        mod.put("card_sha256", model.cardSha256());
        m.put("model", mod);
        m.put("command", command);
        m.put("covidct_version", Versions.current().get("covidct"));
        m.put("time", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        return m;
    }

    /** True or false for a decided person with a known class; null when undecided. */
    static Boolean rightness(PersonClass person, PatientDecision d) {
        if (!d.isDecided()) {
            return null;
        }
        return d.isCovid() == (person == PersonClass.COVID);
    }

    /** The page: pooled figures, one row per series, the ROC. */
    static String html(ScoreRun.Result r, Map<String, Object> summary, RocPlot plot) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>covidct score</title>")
                .append(Html.style()).append("</head><body><main><h1>Scores against the radiologists</h1>");
        @SuppressWarnings("unchecked")
        Map<String, Object> model = (Map<String, Object>) summary.get("model");
        h.append("<p class='sub'>Model <code>").append(Html.esc(String.valueOf(model.get("run_dir")))).append("</code>: ")
                .append(Html.esc(String.valueOf(model.get("trained_on")))).append(" &middot; ")
                .append(Html.esc(String.valueOf(summary.get("command")))).append("</p>");
        @SuppressWarnings("unchecked")
        Map<String, Object> pooled = (Map<String, Object>) summary.get("pooled");
        h.append("<div class='card'><table><tr><th class='l'>pooled over kept slices of COVID and normal persons</th>"
                + "<th>value</th></tr><tr><td class='l'>slice AUC, infected against clean (")
                .append(pooled.get("positives")).append(" infected, ").append(pooled.get("negatives"))
                .append(" clean)</td><td>").append(fmt(pooled.get("slice_auc"))).append("</td></tr><tr><td class='l'>"
                        + "sensitivity at p &ge; 0.5</td><td>").append(fmt(pooled.get("sensitivity")))
                .append("</td></tr><tr><td class='l'>specificity at p &ge; 0.5</td><td>")
                .append(fmt(pooled.get("specificity"))).append("</td></tr>");
        @SuppressWarnings("unchecked")
        Map<String, Object> recall = (Map<String, Object>) summary.get("selection_recall");
        for (var e : recall.entrySet()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> one = (Map<String, Object>) e.getValue();
            h.append("<tr><td class='l'>selection recall, ").append(Html.esc(e.getKey())).append(" rule</td><td>")
                    .append(one.get("infected_kept")).append(" of ").append(one.get("infected")).append(" (")
                    .append(fmt(one.get("recall"))).append(")</td></tr>");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> cam = (Map<String, Object>) summary.get("gradcam_localisation");
        h.append("<tr><td class='l'>Grad-CAM peak in a marked lung</td><td>").append(cam == null ? "not scored (--cams)"
                : cam.get("hits") + " of " + cam.get("checked") + " (" + fmt(cam.get("hit_rate")) + "; "
                + cam.get("outside_lungs") + " outside the lungs)").append("</td></tr></table></div>");
        h.append("<h2>Per series</h2><table><tr><th class='l'>series</th><th class='l'>person</th><th>kept</th>"
                + "<th>infected kept</th><th>slice AUC</th><th>sensitivity</th><th>specificity</th><th>called COVID</th>"
                + "<th class='l'>decision</th></tr>");
        for (ScoreRun.SeriesResult s : r.series()) {
            SeriesScore sc = s.scored() == null ? null : s.scored().score();
            SeriesDetection d = s.detection();
            h.append("<tr><td class='l'>").append(Html.esc(s.series().name())).append("</td><td class='l'>")
                    .append(s.series().person().folder()).append("</td><td>").append(d.keptCount()).append("</td><td>")
                    .append(sc == null || sc.infected() == 0 ? "" : sc.infectedKept() + " of " + sc.infected())
                    .append("</td><td>").append(sc == null ? "" : Html.num(sc.auc(), 3)).append("</td><td>")
                    .append(sc == null ? "" : Html.pct(sc.sensitivity())).append("</td><td>")
                    .append(sc == null ? "" : Html.pct(sc.specificity())).append("</td><td>").append(d.covidCount())
                    .append("</td><td class='l'>").append(d.decision().verdict().word())
                    .append(d.decision().isDecided() ? "" : " (" + d.decision().cause().code() + ")").append("</td></tr>");
        }
        h.append("</table><h2>Slice ROC</h2>").append(plot.svg());
        h.append("<p class='note'>Files: <a href='scores.csv'>scores.csv</a>, <a href='slices.csv'>slices.csv</a>, "
                + "<a href='summary.json'>summary.json</a>, <a href='roc.png'>roc.png</a>. Definitions: docs/SCORING.md. "
                + "Labels: COVID-CT-MD (Afshar et al., Scientific Data 8:121, 2021).</p></main></body></html>\n");
        return h.toString();
    }

    private static String fmt(Object v) {
        return v instanceof Double d ? String.format(Locale.ROOT, "%.3f", d) : v == null ? "n/a" : v.toString();
    }

    static String num(double v, int decimals) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    static Double nan(double v) {
        return Double.isNaN(v) ? null : v;
    }

    /** The pooled scores as a card entry. */
    @SuppressWarnings("unchecked")
    public static ModelCard.Evaluation cardEntry(Map<String, Object> summary, String command) {
        Map<String, Object> pooled = (Map<String, Object>) summary.get("pooled");
        Map<String, Double> metrics = new LinkedHashMap<>();
        putIfNumber(metrics, "slice_auc", pooled.get("slice_auc"));
        putIfNumber(metrics, "sensitivity", pooled.get("sensitivity"));
        putIfNumber(metrics, "specificity", pooled.get("specificity"));
        Map<String, Object> other = (Map<String, Object>) summary.get("other_pneumonia_called_covid");
        putIfNumber(metrics, "other_pneumonia_called_covid", other.get("pooled"));
        Map<String, Object> cam = (Map<String, Object>) summary.get("gradcam_localisation");
        if (cam != null) {
            putIfNumber(metrics, "gradcam_lung_hit_rate", cam.get("hit_rate"));
        }
        Map<String, String> decisions = new LinkedHashMap<>();
        List<Map<String, Object>> persons = (List<Map<String, Object>>) summary.get("persons");
        for (Map<String, Object> p : persons) {
            decisions.put(p.get("person") + "/" + p.get("series"), String.valueOf(p.get("decision")));
        }
        int slices = ((Number) pooled.get("positives")).intValue() + ((Number) pooled.get("negatives")).intValue();
        return ModelCard.Evaluation.of("real CT against radiologists' slice labels (COVID-CT-MD layout: "
                + decisions.keySet() + ")", persons.size(), slices, metrics, command).withDecisions(decisions);
    }

    private static void putIfNumber(Map<String, Double> m, String key, Object v) {
        if (v instanceof Number n) {
            m.put(key, n.doubleValue());
        }
    }

    /** The pooled figures in one line, as the demo and the console say them. */
    @SuppressWarnings("unchecked")
    public static String oneLine(Map<String, Object> summary) {
        Map<String, Object> pooled = (Map<String, Object>) summary.get("pooled");
        StringBuilder b = new StringBuilder(String.format(java.util.Locale.ROOT, "pooled slice AUC %s (%s infected, %s "
                + "clean kept slices)", number(pooled.get("slice_auc")), pooled.get("positives"), pooled.get("negatives")));
        for (Map<String, Object> p : (List<Map<String, Object>>) summary.get("persons")) {
            b.append("; ").append(p.get("person")).append('/').append(p.get("series")).append(' ')
                    .append(p.get("decision")).append(" (").append(p.get("called_covid")).append(" of ")
                    .append(p.get("kept")).append(" kept called COVID)");
        }
        return b.toString();
    }

    private static String number(Object v) {
        return v instanceof Number n ? String.format(java.util.Locale.ROOT, "%.3f", n.doubleValue()) : "n/a";
    }
}
