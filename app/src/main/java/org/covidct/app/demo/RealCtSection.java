package org.covidct.app.demo;

import org.covidct.app.report.Html;
import org.covidct.app.score.ScoreRun;
import org.covidct.core.labels.SeriesScore;

import java.util.Map;

/** The demo page's section on real CT: the trained model's plain detection scored against the radiologists. */
final class RealCtSection {

    private RealCtSection() {
    }

    @SuppressWarnings("unchecked")
    static String html(DemoPipeline.RealCtScores r) {
        StringBuilder h = new StringBuilder("<h2>Real CT against radiologists</h2>");
        if (!r.inSample().isEmpty()) {
            h.append("<div class='warn'><b>In-sample</b>: the model was trained on these series (their clean slices with "
                    + "synthetic lesions, the COVID patients' infected slices). The figures below show what it learnt, not "
                    + "how it does on a new person: docs/TRAINING.md gives the leave-one-person-out estimate and the "
                    + "command that measures it.</div>");
        } else {
            h.append("<p>Series the model never saw in training.</p>");
        }
        Map<String, Object> pooled = (Map<String, Object>) r.summary().get("pooled");
        h.append("<p>Plain <code>covidct detect</code> (the reference selection, the 10% rule) on every series of ")
                .append(Html.esc(r.dir().toString())).append(". Pooled over the kept slices of COVID and normal "
                        + "persons (infected slices against the COVID patients' clean slices and all of the normal "
                        + "persons'): slice AUC <b>").append(number(pooled.get("slice_auc"))).append("</b> (")
                .append(pooled.get("positives")).append(" infected, ").append(pooled.get("negatives"))
                .append(" clean), sensitivity ").append(number(pooled.get("sensitivity"))).append(", specificity ")
                .append(number(pooled.get("specificity"))).append(" at 0.5. Target on unseen series: AUC 0.90, the COVID "
                        + "patient called COVID and the normal person normal.</p>");
        h.append("<table><tr><th class='l'>series</th><th class='l'>person</th><th>slices</th><th>kept</th>"
                + "<th>infected (kept)</th><th>slice AUC</th><th>kept called COVID</th><th class='l'>decision</th>"
                + "<th class='l'>report</th></tr>");
        for (ScoreRun.SeriesResult s : r.result().series()) {
            SeriesScore sc = s.scored() == null ? null : s.scored().score();
            h.append("<tr><td class='l'>").append(Html.esc(s.series().name())).append("</td><td class='l'>")
                    .append(Html.esc(s.series().person().folder())).append("</td><td>")
                    .append(s.detection().slices().size()).append("</td><td>").append(s.detection().keptCount())
                    .append("</td><td>").append(sc == null ? "–" : sc.infected() + " (" + sc.infectedKept() + ")")
                    .append("</td><td>").append(sc == null || Double.isNaN(sc.auc()) ? "–" : Html.num(sc.auc(), 3))
                    .append("</td><td>").append(s.detection().covidCount()).append("</td><td class='l'>")
                    .append(Html.esc(s.detection().decision().isDecided() ? s.detection().decision().verdict().word()
                            : "undecided: " + s.detection().decision().cause().code())).append("</td><td class='l'>");
            String link = r.reports().get(s.series().name());
            if (link != null) {
                h.append("<a href='").append(Html.esc(link)).append("'>report</a>");
            }
            h.append("</td></tr>");
        }
        h.append("</table>");
        Map<String, Object> recall = (Map<String, Object>) r.summary().get("selection_recall");
        if (recall != null) {
            h.append("<p>Selection recall of the radiologists' infected slices: ");
            boolean first = true;
            for (Map.Entry<String, Object> e : recall.entrySet()) {
                Map<String, Object> one = (Map<String, Object>) e.getValue();
                h.append(first ? "" : "; ").append(Html.esc(e.getKey())).append(" rule ")
                        .append(Html.esc(String.valueOf(one.get("by_series"))));
                first = false;
            }
            h.append(".</p>");
        }
        Map<String, Object> cam = (Map<String, Object>) r.summary().get("gradcam_localisation");
        if (cam != null) {
            h.append("<p>Grad-CAM peak in a lung where the radiologists marked a lobe: ").append(cam.get("hits"))
                    .append(" of ").append(cam.get("checked")).append(" kept infected slices (").append(cam.get("outside_lungs"))
                    .append(" peaks outside the lungs).</p>");
        }
        h.append("<p>Files: <a href='real-ct/index.html'>real-ct/index.html</a>, scores.csv, slices.csv, summary.json, "
                + "roc.png (docs/SCORING.md defines every figure).</p>");
        return h.toString();
    }

    private static String number(Object v) {
        return v instanceof Number n && !Double.isNaN(n.doubleValue()) ? Html.num(n.doubleValue(), 3) : "n/a";
    }
}
