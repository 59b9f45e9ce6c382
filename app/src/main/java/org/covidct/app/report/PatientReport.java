package org.covidct.app.report;

import org.covidct.app.detect.ModelGate;
import org.covidct.app.detect.SeriesDetection;
import org.covidct.app.detect.SliceResult;
import org.covidct.app.detect.StudyDetails;
import org.covidct.core.CovidctException;
import org.covidct.core.decision.PatientDecision;
import org.covidct.core.io.AtomicFiles;
import org.covidct.core.labels.SeriesScore;
import org.covidct.nn.run.ModelCard;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The self-contained HTML report of one series, written for a clinician: banners when the model gives no evidence of
 * accuracy or learnt from synthetic data only, the decision (covid, normal or undecided with its reason) and why, the
 * study, the sweep with its kept and dropped slices (the paper's sequence figure; each slice enlarges on a click), the
 * probability curve (over the radiologists' infected slices when labels are given), Grad-CAM overlays of the slices
 * that spoke most for COVID, and the model's card. Images are embedded as data URIs so the file can be mailed or
 * archived alone.
 */
public final class PatientReport {

    /** A Grad-CAM view of one slice: the lung window alone and with the map blended over it. */
    public record CamView(String file, int position, double pCovid, BufferedImage lung, BufferedImage overlay, String layer,
                          boolean noEvidence) {
    }

    private PatientReport() {
    }

    /** As {@link #html(SeriesDetection, Map, List, ExpertView)} without radiologists' labels. */
    public static String html(SeriesDetection d, Map<String, BufferedImage> thumbnails, List<CamView> cams) {
        return html(d, thumbnails, cams, null);
    }

    /**
     * @param thumbnails per slice file name, the lung-window image (every slice of the sweep)
     * @param cams       the most suspicious kept slices, most suspicious first (may be empty)
     * @param expert     the radiologists' labels and the scores against them, or null
     */
    public static String html(SeriesDetection d, Map<String, BufferedImage> thumbnails, List<CamView> cams,
                              ExpertView expert) {
        StringBuilder h = new StringBuilder(1 << 16);
        h.append("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>covidct: ")
                .append(Html.esc(d.series())).append("</title>").append(Html.style()).append("</head><body><main>");
        h.append("<h1>Lung CT analysis for COVID-19</h1>");
        h.append("<p class='sub'>Series <b>").append(Html.esc(d.series())).append("</b> &middot; ")
                .append(d.slices().size()).append(" slices &middot; ").append(Html.esc(d.source().toString()))
                .append("</p>");
        study(h, d.study());
        banners(h, d);
        verdict(h, d);
        List<String> warnings = new ArrayList<>(d.warnings());
        warnings.removeIf(w -> w.startsWith("Unvalidated model"));
        if (!warnings.isEmpty()) {
            h.append("<div class='warn'><b>Check the input before relying on this result:</b><ul>");
            for (String w : warnings) {
                h.append("<li>").append(Html.esc(w)).append("</li>");
            }
            h.append("</ul></div>");
        }
        howDecided(h, d);
        if (expert != null) {
            expert(h, expert);
        }
        h.append("<h2>The sweep: which slices were analysed</h2>");
        h.append("<p>Every slice of the series in order (top of the chest first), shown in a lung window (W ")
                .append(Images.LUNG_WIDTH).append(" / L ").append(Images.LUNG_LEVEL).append(" HU). ");
        h.append(d.selectionApplied()
                ? "Slices in which the lungs are open were kept for analysis; slices where the lung is closed or barely visible were dropped."
                : "Selection was switched off: every slice was analysed.");
        h.append(" Click a slice to enlarge it.</p>");
        h.append("<p class='legend'><span style='background:#2e7d32'></span>kept, classified normal"
                + "<span style='background:#c0392b'></span>kept, classified COVID"
                + "<span style='background:#b8c0c8'></span>dropped (lung closed)")
                .append(expert != null ? "<span class='inf'></span>radiologists marked infection" : "").append("</p>");
        h.append("<div class='strip'>");
        int pos = 0;
        for (SliceResult s : d.slices()) {
            BufferedImage t = thumbnails.get(s.file());
            boolean infected = expert != null && expert.infected()[pos];
            pos++;
            String cls = (s.kept() ? (s.calledCovid() ? "kept cv" : "kept") : "dropped") + (infected ? " inf" : "");
            String tip = "slice " + pos + (s.instance() == null ? "" : " (instance " + s.instance() + ")") + ", "
                    + s.file() + (s.kept() ? String.format(Locale.ROOT, ": p(COVID) = %.3f", s.pCovid()) : ": dropped")
                    + ", dark pixels " + s.darkCount() + (infected ? ", radiologists: infected" : "");
            h.append("<figure id='slice-").append(pos).append("' class='").append(cls).append("' title='")
                    .append(Html.esc(tip)).append("'>");
            if (t != null) {
                h.append("<img alt='").append(Html.esc(tip)).append("' src='").append(Images.jpegDataUri(t, 0.9f))
                        .append("'>");
            }
            h.append(pos).append(s.kept() ? " &middot; " + Html.num(s.pCovid(), 2) : "").append("</figure>");
        }
        h.append("</div>");
        h.append("<div id='zoom' class='zoom' hidden><figure><img alt='enlarged slice'><figcaption></figcaption>"
                + "</figure><p class='note'>Click anywhere or press Esc to close.</p></div>");
        h.append(ZOOM_SCRIPT);
        h.append("<h2>Along the sweep</h2>");
        int n = d.slices().size();
        int[] dark = new int[n];
        boolean[] kept = new boolean[n];
        double[] p = new double[n];
        for (int i = 0; i < n; i++) {
            SliceResult s = d.slices().get(i);
            dark[i] = s.darkCount();
            kept[i] = s.kept();
            p[i] = s.pCovid();
        }
        h.append(SweepChart.svg(dark, kept, p, d.selectionApplied() ? d.selectionThreshold() : Double.NaN,
                expert == null ? null : expert.infected()));
        h.append("<h2>Where the network looked (Grad-CAM)</h2>");
        if (cams.isEmpty()) {
            h.append("<p>No kept slice to explain.</p>");
        } else {
            h.append("<p>The ").append(cams.size()).append(" kept slices with the highest COVID probability. Left: the slice in the "
                    + "lung window; right: the regions whose features raised the network's COVID score most (red = strongest), "
                    + "computed at layer <code>").append(Html.esc(cams.get(0).layer())).append("</code>. The maps are relative "
                    + "to each slice's own maximum: they show where the network looked, not how sure it is, and they are not "
                    + "a lesion segmentation.</p><div class='cams'>");
            for (CamView c : cams) {
                h.append("<figure><div class='pair'><img alt='slice' src='").append(Images.dataUri(c.lung()))
                        .append("'><img alt='Grad-CAM' src='").append(Images.dataUri(c.overlay())).append("'></div><figcaption>Slice ")
                        .append(c.position()).append(" (").append(Html.esc(c.file())).append("): p(COVID) = ")
                        .append(Html.num(c.pCovid(), 3)).append(c.noEvidence() ? " (no region raised the COVID score: empty map)" : "")
                        .append("</figcaption></figure>");
            }
            h.append("</div>");
        }
        modelCard(h, d);
        details(h, d, expert);
        h.append("<p class='note'>Research software reimplementing Rahimzadeh et al., Biomedical Signal Processing and "
                + "Control 68 (2021) 102588. Not a medical device: the result supports, and does not replace, the "
                + "reading of the images by a radiologist. Generated ")
                .append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append(" by covidct.</p>");
        h.append("</main></body></html>\n");
        return h.toString();
    }

    /** One click on a slice shows it large with its caption; a click or Esc closes it. No library, no network. */
    private static final String ZOOM_SCRIPT = """
            <script>
            (function(){
              var z=document.getElementById('zoom'), zi=z.querySelector('img'), zc=z.querySelector('figcaption');
              function show(f){var i=f.querySelector('img'); if(!i){return;} zi.src=i.src; zc.textContent=f.title; z.hidden=false;}
              document.querySelectorAll('.strip figure').forEach(function(f){
                f.addEventListener('click',function(){show(f);});
              });
              z.addEventListener('click',function(){z.hidden=true;});
              document.addEventListener('keydown',function(e){if(e.key==='Escape'){z.hidden=true;}});
            })();
            </script>
            """;

    private static void study(StringBuilder h, StudyDetails s) {
        if (!s.known()) {
            return;
        }
        List<String> parts = new ArrayList<>();
        if (s.studyDate() != null) {
            parts.add("study date <b>" + Html.esc(s.studyDate()) + "</b>");
        }
        if (s.sliceThicknessMm() != null) {
            parts.add("slice thickness <b>" + Html.esc(plain(s.sliceThicknessMm())) + " mm</b>");
        }
        if (s.pixelSpacingMm() != null) {
            parts.add("pixel spacing " + Html.esc(plain(s.pixelSpacingMm())) + " mm");
        }
        if (s.kernel() != null) {
            parts.add("kernel <b>" + Html.esc(s.kernel()) + "</b>");
        }
        if (s.scanner() != null) {
            parts.add("scanner <b>" + Html.esc(s.scanner()) + "</b>");
        }
        if (!parts.isEmpty()) {
            h.append("<p class='sub study'>").append(String.join(" &middot; ", parts)).append("</p>");
        }
    }

    private static String plain(double v) {
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    private static void banners(StringBuilder h, SeriesDetection d) {
        ModelCard card = d.model().card();
        if (!card.validated()) {
            h.append("<div class='banner unvalidated'>Unvalidated model: ").append(Html.esc(card.unvalidatedReason()))
                    .append(". It was run with <code>--allow-unvalidated</code>; this result carries no evidence of "
                            + "accuracy.</div>");
        }
        if (ModelGate.syntheticOnly(d.model())) {
            h.append("<div class='banner synthetic'>").append(Html.esc(capitalised(ModelGate.SYNTHETIC_NOTICE)))
                    .append(".</div>");
        }
    }

    private static String capitalised(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static void verdict(StringBuilder h, SeriesDetection d) {
        PatientDecision dec = d.decision();
        String cls;
        String title;
        switch (dec.verdict()) {
            case COVID -> {
                cls = "covid";
                title = "COVID-19 pattern detected";
            }
            case NORMAL -> {
                cls = "normal";
                title = "No COVID-19 pattern detected";
            }
            default -> {
                cls = "undecided";
                title = "Undecided: this series cannot carry a verdict";
            }
        }
        h.append("<div class='verdict ").append(cls).append("'>").append(title).append("</div>");
        if (!dec.isDecided()) {
            h.append("<p><b>Why (").append(Html.esc(dec.cause().code())).append("):</b> ")
                    .append(Html.esc(capitalised(dec.reason()))).append(".");
            if (dec.keptSlices() > 0) {
                h.append(String.format(Locale.ROOT, " For the record: %d of %d kept slices were classified COVID.",
                        dec.covidKeptSlices(), dec.keptSlices()));
            }
            h.append("</p>");
        } else {
            h.append("<p>").append(Html.esc(dec.explain())).append("</p>");
        }
    }

    private static void howDecided(StringBuilder h, SeriesDetection d) {
        h.append("<h2>How the result was reached</h2><div class='card'><ol>");
        if (d.selectionApplied()) {
            h.append(String.format(Locale.ROOT, "<li><b>Slice selection.</b> In a fixed window over the centre of the chest, "
                    + "the pixels darker than air/lung level (stored value below 300, i.e. below -724 HU) were counted on each slice. "
                    + "Slices with more than %.0f such pixels (the spread of the counts over this series divided by 1.5, the "
                    + "published rule) show open lungs and were kept: <b>%d of %d</b>.</li>", d.selectionThreshold(), d.keptCount(), d.slices().size()));
        } else {
            h.append("<li><b>Slice selection</b> was switched off (<code>--no-selection</code>): all ")
                    .append(d.slices().size()).append(" slices were analysed.</li>");
        }
        if (d.coverage() != null) {
            h.append(String.format(Locale.ROOT, "<li><b>Coverage of the lungs.</b> The lungs were outlined on %d slices "
                            + "spread over the series: largest lung area %.0f cm&sup2;; %s.</li>",
                    d.coverage().positions().length, d.coverage().largestCm2(),
                    d.coverage().spansLungs() ? "the series starts and ends outside the wide part of the lungs, so it "
                            + "spans them" : Html.esc(d.coverage().problem())));
        }
        h.append("<li><b>Slice classification.</b> Each kept slice was classified COVID or normal by the network (")
                .append(Html.esc(d.model().architecture())).append(", input ").append(d.model().inputSize()).append(" px). ")
                .append("<b>").append(d.covidCount()).append("</b> kept slices were classified COVID.</li>");
        h.append("<li><b>Patient rule.</b> ").append(Html.esc(d.policy().describe()))
                .append(" (the published rule uses 10% and no undecided band).</li></ol></div>");
    }

    private static void expert(StringBuilder h, ExpertView e) {
        SeriesScore s = e.score();
        h.append("<h2>Against the radiologists</h2><div class='card'>");
        h.append("<p>Labels <code>").append(Html.esc(e.labelsFile())).append("</code> (person: ")
                .append(Html.esc(e.person())).append("): the radiologists marked <b>").append(s.infected())
                .append("</b> of ").append(s.slices()).append(" slices infected; the selection kept <b>")
                .append(s.infectedKept()).append("</b> of them (recall ").append(Html.pct(s.selectionRecall()))
                .append(").</p><table><tr><th class='l'>over the ").append(s.kept())
                .append(" kept slices</th><th>value</th></tr>")
                .append("<tr><td class='l'>slice AUC, infected against clean</td><td>").append(Html.num(s.auc(), 3))
                .append("</td></tr><tr><td class='l'>sensitivity at p &ge; 0.5 (infected called COVID)</td><td>")
                .append(Html.pct(s.sensitivity())).append("</td></tr><tr><td class='l'>specificity at p &ge; 0.5 "
                        + "(clean not called COVID)</td><td>").append(Html.pct(s.specificity()))
                .append("</td></tr><tr><td class='l'>kept slices called COVID</td><td>").append(s.calledCovid())
                .append(" (").append(Html.pct(s.covidFraction())).append(")</td></tr></table>");
        h.append("<p class='note'>The probability chart below shades the slices the radiologists marked infected.</p></div>");
    }

    private static void modelCard(StringBuilder h, SeriesDetection d) {
        ModelCard c = d.model().card();
        h.append("<h2>The model</h2><div class='card modelcard'><table>");
        row(h, "trained on", Html.esc(c.trainedOn()) + " <span class='note'>(" + Html.esc(c.dataKind().word())
                + " data)</span>");
        for (ModelCard.DataSource s : c.training()) {
            row(h, "training data", Html.esc(s.kind().word() + ": " + s.description())
                    + counts(s.persons(), s.slices()));
        }
        row(h, "validation", c.validation() == null ? "<b>none</b>" : Html.esc(ModelCard.evaluationLine(c.validation())));
        if (c.realCt().isEmpty()) {
            row(h, "real-CT scores", "none recorded");
        }
        for (ModelCard.Evaluation e : c.realCt()) {
            row(h, "real-CT score", Html.esc(ModelCard.evaluationLine(e)));
        }
        row(h, "intended use", Html.esc(c.intendedUse()));
        row(h, "network", Html.esc(d.model().architecture()) + " at " + d.model().inputSize() + " px, width "
                + Html.num(d.model().widthMultiplier(), 3));
        row(h, "run", "<code>" + Html.esc(d.model().runDir()) + "</code>");
        row(h, "weights SHA-256", "<code>" + Html.esc(d.model().weightsSha256()) + "</code>");
        row(h, "card SHA-256", "<code>" + Html.esc(d.model().cardSha256()) + "</code>");
        h.append("</table></div>");
    }

    private static String counts(Integer persons, Integer slices) {
        List<String> parts = new ArrayList<>();
        if (persons != null) {
            parts.add(persons + " persons");
        }
        if (slices != null) {
            parts.add(slices + " slices");
        }
        return parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")";
    }

    private static void row(StringBuilder h, String name, String valueHtml) {
        h.append("<tr><th class='l'>").append(Html.esc(name)).append("</th><td class='l'>").append(valueHtml)
                .append("</td></tr>");
    }

    private static void details(StringBuilder h, SeriesDetection d, ExpertView expert) {
        h.append("<h2>Details</h2><details><summary>Every slice (").append(d.slices().size())
                .append(" rows)</summary><table><tr><th>#</th><th class='l'>file</th><th>instance</th>"
                        + "<th>slice location (mm)</th><th>kept</th><th>dark pixels</th><th>p(COVID)</th>"
                        + "<th class='l'>classified</th>")
                .append(expert != null ? "<th class='l'>radiologists</th>" : "").append("</tr>");
        int i = 0;
        for (SliceResult s : d.slices()) {
            h.append("<tr><td>").append(i + 1).append("</td><td class='l'>").append(Html.esc(s.file())).append("</td><td>")
                    .append(s.instance() == null ? "" : s.instance()).append("</td><td>")
                    .append(s.sliceLocation() == null ? "" : plain(s.sliceLocation())).append("</td><td>")
                    .append(s.kept() ? "yes" : "no").append("</td><td>").append(s.darkCount()).append("</td><td>")
                    .append(s.kept() ? Html.num(s.pCovid(), 3) : "").append("</td><td class='l'>")
                    .append(s.kept() ? s.predicted().csvName() : "").append("</td>");
            if (expert != null) {
                h.append("<td class='l'>").append(expert.infected()[i] ? "infected" : "").append("</td>");
            }
            h.append("</tr>");
            i++;
        }
        h.append("</table></details>");
    }

    public static void write(Path file, String html) {
        try {
            AtomicFiles.writeString(file, html);
        } catch (IOException e) {
            throw new CovidctException(file, "cannot write (" + e.getMessage() + ")", e);
        }
    }
}
