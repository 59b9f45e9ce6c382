package org.covidct.app.detect;

import org.covidct.core.dataset.ClassLabel;
import org.covidct.core.decision.PatientDecision;
import org.covidct.core.image.CtSlice;
import org.covidct.core.sanity.SeriesSanity;
import org.covidct.core.selection.SelectionWindow;
import org.covidct.core.selection.SeriesSelection;
import org.covidct.core.selection.SliceVerdict;
import org.covidct.core.series.Series;
import org.covidct.core.series.SliceSource;

import java.awt.Rectangle;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.IntConsumer;

/**
 * The fully automated pipeline on one series: reference selection, classification of the kept slices
 * in batches, the patient rule, and the input sanity checks.
 */
public final class Detector {

    private final SliceScorer scorer;
    private final ModelSummary model;
    private final DetectionSettings settings;

    /**
     * @param scorer   gives each kept slice its P(covid) (a trained model, or a stand-in in tests)
     * @param model    what reports say about that model
     * @param settings selection, patient rule and batch
     */
    public Detector(SliceScorer scorer, ModelSummary model, DetectionSettings settings) {
        this.scorer = Objects.requireNonNull(scorer);
        this.model = Objects.requireNonNull(model);
        this.settings = Objects.requireNonNull(settings);
    }

    /** The analysis and, for reuse by reports, the decoded kept slices in series order. */
    public record Outcome(SeriesDetection detection, List<CtSlice> keptSlices, SeriesSelection selection) {
    }

    /**
     * @param progress told the number of slices classified so far (for progress bars; may be null)
     */
    public Outcome detect(Series series, String label, IntConsumer progress) {
        SeriesSelection selection = settings.selector().select(series);
        List<SliceVerdict> verdicts = selection.slices();
        int n = verdicts.size();
        boolean[] kept = new boolean[n];
        List<SliceSource> toClassify = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            kept[i] = !settings.selection() || verdicts.get(i).selected();
            if (kept[i]) {
                toClassify.add(series.slices().get(i));
            }
        }
        List<CtSlice> slices = toClassify.parallelStream().map(SliceSource::read).toList();
        double[] p = new double[slices.size()];
        for (int from = 0; from < slices.size(); from += settings.batchSize()) {
            int to = Math.min(slices.size(), from + settings.batchSize());
            double[] batch = scorer.pCovid(slices.subList(from, to));
            System.arraycopy(batch, 0, p, from, to - from);
            if (progress != null) {
                progress.accept(to);
            }
        }
        List<SliceResult> rows = new ArrayList<>(n);
        int k = 0;
        int covid = 0;
        for (int i = 0; i < n; i++) {
            SliceVerdict v = verdicts.get(i);
            if (kept[i]) {
                ClassLabel predicted = p[k] >= 0.5 ? ClassLabel.COVID : ClassLabel.NORMAL;
                covid += predicted == ClassLabel.COVID ? 1 : 0;
                rows.add(new SliceResult(label, v.file(), true, v.darkCount(), p[k], predicted));
                k++;
            } else {
                rows.add(new SliceResult(label, v.file(), false, v.darkCount(), Double.NaN, null));
            }
        }
        PatientDecision decision = settings.rule().decide(slices.size(), covid);
        int windowArea = windowArea(slices.isEmpty() ? null : slices.get(0));
        List<String> warnings = SeriesSanity.check(selection.darkCounts(), kept, windowArea, slices);
        SeriesDetection d = new SeriesDetection(label, series.dir(), selection.threshold(), rows, settings.rule(),
                decision, warnings, model, settings.selection());
        return new Outcome(d, slices, selection);
    }

    private static int windowArea(CtSlice any) {
        Rectangle r = any == null ? SelectionWindow.forSize(512, 512) : SelectionWindow.forSize(any.width(), any.height());
        return r.width * r.height;
    }
}
