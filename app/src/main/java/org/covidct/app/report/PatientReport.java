package org.covidct.app.report;

import org.covidct.app.detect.SeriesDetection;
import org.covidct.app.detect.SliceResult;
import org.covidct.core.CovidctException;
import org.covidct.core.decision.PatientDecision;
import org.covidct.core.io.AtomicFiles;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The self-contained HTML report of one series, written for a clinician: the decision and why, the
 * sweep with its kept and dropped slices (the paper's sequence figure), the probability curve, and
 * Grad-CAM overlays of the slices that spoke most for COVID. Images are embedded as data URIs so the
 * file can be mailed or archived alone.
 */
public final class PatientReport {

    /** A Grad-CAM view of one slice: the lung window alone and with the map blended over it. */
    public record CamView(String file, int position, double pCovid, BufferedImage lung, BufferedImage overlay, String layer) {
    }

    private PatientReport() {
    }

    /**
     * @param thumbnails per slice file name, the lung-window thumbnail (every slice of the sweep)
     * @param cams       the most suspicious kept slices, most suspicious first (may be empty)
     */
    public static String html(SeriesDetection d, Map<String, BufferedImage> thumbnails, List<CamView> cams) {
        StringBuilder h = new StringBuilder(1 << 16);
        h.append("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>covidct: ")
                .append(Html.esc(d.series())).append("</title>").append(Html.style()).append("</head><body><main>");
        h.append("<h1>Lung CT analysis for COVID-19</h1>");
        h.append("<p class='sub'>Series <b>").append(Html.esc(d.series())).append("</b> &middot; ")
                .append(d.slices().size()).append(" slices &middot; ").append(Html.esc(d.source().toString()))
                .append("</p>");
        verdict(h, d);
        if (!d.warnings().isEmpty()) {
            h.append("<div class='warn'><b>Check the input before relying on this result:</b><ul>");
            for (String w : d.warnings()) {
                h.append("<li>").append(Html.esc(w)).append("</li>");
            }
            h.append("</ul></div>");
        }
        howDecided(h, d);
        h.append("<h2>The sweep: which slices were analysed</h2>");
        h.append("<p>Every slice of the series in order (top of the chest first), shown in a lung window (W ")
                .append(Images.LUNG_WIDTH).append(" / L ").append(Images.LUNG_LEVEL).append(" HU). ");
        h.append(d.selectionApplied()
                ? "Slices in which the lungs are open were kept for analysis; slices where the lung is closed or barely visible were dropped.</p>"
                : "Selection was switched off: every slice was analysed.</p>");
        h.append("<p class='legend'><span style='background:#2e7d32'></span>kept, classified normal"
                + "<span style='background:#c0392b'></span>kept, classified COVID"
                + "<span style='background:#b8c0c8'></span>dropped (lung closed)</p>");
        h.append("<div class='strip'>");
        int pos = 0;
        for (SliceResult s : d.slices()) {
            pos++;
            BufferedImage t = thumbnails.get(s.file());
            String cls = s.kept() ? (s.calledCovid() ? "kept cv" : "kept") : "dropped";
            String tip = s.file() + (s.kept() ? String.format(Locale.ROOT, ": p(COVID) = %.3f", s.pCovid()) : ": dropped")
                    + ", dark pixels " + s.darkCount();
            h.append("<figure class='").append(cls).append("' title='").append(Html.esc(tip)).append("'>");
            if (t != null) {
                h.append("<img alt='slice ").append(pos).append("' src='").append(Images.dataUri(t)).append("'>");
            }
            h.append(pos).append(s.kept() ? " &middot; " + Html.num(s.pCovid(), 2) : "").append("</figure>");
        }
        h.append("</div>");
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
        h.append(SweepChart.svg(dark, kept, p, d.selectionApplied() ? d.selectionThreshold() : Double.NaN));
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
                        .append(Html.num(c.pCovid(), 3)).append("</figcaption></figure>");
            }
            h.append("</div>");
        }
        details(h, d);
        h.append("<p class='note'>Research software reimplementing Rahimzadeh et al., Biomedical Signal Processing and "
                + "Control 68 (2021) 102588. Not a medical device: the result supports, and does not replace, the "
                + "reading of the images by a radiologist. Generated ")
                .append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append(" by covidct.</p>");
        h.append("</main></body></html>\n");
        return h.toString();
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
                title = "No decision";
            }
        }
        h.append("<div class='verdict ").append(cls).append("'>").append(title).append("</div>");
        h.append("<p>").append(Html.esc(dec.explain())).append("</p>");
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
        h.append("<li><b>Slice classification.</b> Each kept slice was classified COVID or normal by the network (")
                .append(Html.esc(d.model().architecture())).append(", input ").append(d.model().inputSize()).append(" px). ")
                .append("<b>").append(d.covidCount()).append("</b> kept slices were classified COVID.</li>");
        h.append("<li><b>Patient rule.</b> ").append(Html.esc(d.rule().describe()))
                .append(" (the published rule uses 10%).</li></ol></div>");
    }

    private static void details(StringBuilder h, SeriesDetection d) {
        h.append("<h2>Details</h2><details><summary>Every slice (").append(d.slices().size())
                .append(" rows)</summary><table><tr><th>#</th><th class='l'>file</th><th>kept</th><th>dark pixels</th>"
                        + "<th>p(COVID)</th><th class='l'>classified</th></tr>");
        int i = 0;
        for (SliceResult s : d.slices()) {
            i++;
            h.append("<tr><td>").append(i).append("</td><td class='l'>").append(Html.esc(s.file())).append("</td><td>")
                    .append(s.kept() ? "yes" : "no").append("</td><td>").append(s.darkCount()).append("</td><td>")
                    .append(s.kept() ? Html.num(s.pCovid(), 3) : "").append("</td><td class='l'>")
                    .append(s.kept() ? s.predicted().csvName() : "").append("</td></tr>");
        }
        h.append("</table></details>");
        h.append("<div class='card note'>Model: <code>").append(Html.esc(d.model().runDir())).append("</code>, ")
                .append(Html.esc(d.model().architecture())).append(" at ").append(d.model().inputSize()).append(" px, width ")
                .append(Html.num(d.model().widthMultiplier(), 3)).append(", weights SHA-256 <code>")
                .append(Html.esc(d.model().weightsSha256())).append("</code>.</div>");
    }

    public static void write(Path file, String html) {
        try {
            AtomicFiles.writeString(file, html);
        } catch (IOException e) {
            throw new CovidctException(file, "cannot write (" + e.getMessage() + ")", e);
        }
    }
}
