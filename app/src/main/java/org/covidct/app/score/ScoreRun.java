package org.covidct.app.score;

import org.covidct.app.detect.DetectionSettings;
import org.covidct.app.detect.Detector;
import org.covidct.app.detect.ModelSummary;
import org.covidct.app.detect.SeriesDetection;
import org.covidct.app.detect.SliceScorer;
import org.covidct.core.image.CtSlice;
import org.covidct.core.labels.ExpertScoring;
import org.covidct.core.labels.LabelledSeries;
import org.covidct.core.labels.PersonClass;
import org.covidct.core.labels.SliceLabel;
import org.covidct.core.load.SeriesLoader;
import org.covidct.core.selection.SeriesSelection;
import org.covidct.core.selection.Selectors;
import org.covidct.core.series.Series;
import org.covidct.nn.explain.Heatmap;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * {@code covidct score}'s work: every series of a folder in the COVID-CT-MD layout through the fully automated
 * detection, scored against the radiologists' labels, with the selection's recall of infected slices under both
 * rules and, when maps are given, the Grad-CAM localisation. The model is any {@link SliceScorer}, so tests control
 * its outputs; scoring accepts models without validation (it is how they get one).
 */
public final class ScoreRun {

    /** The threshold at which a slice is called COVID (the arg-max of two classes). */
    public static final double SLICE_THRESHOLD = 0.5;

    /** One series: what it is, what detection said, and how it scored. */
    public record SeriesResult(LabelledSeries series, SeriesDetection detection, SeriesScoring.Scored scored,
                               Map<String, boolean[]> keptByRule) {

        /** Infected slices kept by a rule / infected slices (NaN without labels or infection). */
        public double recall(String rule) {
            int[] c = recallCounts(rule);
            return c[1] == 0 ? Double.NaN : (double) c[0] / c[1];
        }

        /** {kept infected, infected} under a rule. */
        public int[] recallCounts(String rule) {
            if (scored == null || scored.labels() == null) {
                return new int[] {0, 0};
            }
            boolean[] kept = keptByRule.get(rule);
            int infected = 0;
            int keptInfected = 0;
            for (int i = 0; i < scored.infected().length; i++) {
                if (scored.infected()[i]) {
                    infected++;
                    keptInfected += kept[i] ? 1 : 0;
                }
            }
            return new int[] {keptInfected, infected};
        }
    }

    /** Every series' result and the pooled scoring. */
    public record Result(List<SeriesResult> series, ExpertScoring scoring, boolean cams) {
    }

    private final SliceScorer scorer;
    private final ModelSummary model;
    private final DetectionSettings settings;
    private final Function<CtSlice, Heatmap> maps;
    private final Consumer<String> progress;

    private ScoreRun(Builder b) {
        scorer = b.scorer;
        model = b.model;
        settings = b.settings.withAllowUnvalidated(true);
        maps = b.maps;
        progress = b.progress;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Scores every series found under {@code realDir} (the COVID-CT-MD layout). */
    public Result run(Path realDir) {
        List<LabelledSeries> found = LabelledSeries.discover(realDir);
        ExpertScoring scoring = new ExpertScoring(SLICE_THRESHOLD);
        Detector detector = new Detector(scorer, model, settings);
        List<SeriesResult> out = new ArrayList<>();
        int i = 0;
        for (LabelledSeries ls : found) {
            i++;
            if (progress != null) {
                progress.accept(i + "/" + found.size() + " " + ls.person().folder() + "/" + ls.name());
            }
            Series series = SeriesLoader.open(ls.dir());
            Detector.Outcome outcome = detector.detect(series, ls.name(), null);
            SeriesDetection d = outcome.detection();
            Map<String, boolean[]> keptByRule = new LinkedHashMap<>();
            for (String rule : Selectors.NAMES) {
                SeriesSelection sel = Selectors.byName(rule).select(series);
                boolean[] kept = new boolean[sel.slices().size()];
                for (int k = 0; k < kept.length; k++) {
                    kept[k] = sel.slices().get(k).selected();
                }
                keptByRule.put(rule, kept);
            }
            SeriesScoring.Scored scored = null;
            if (ls.labels() != null || ls.person() == PersonClass.NORMAL) {
                CamLocalisation.Peaks peaks = maps == null || ls.labels() == null ? null
                        : CamLocalisation.of(maps, d, outcome.keptSlices(), ls.labels());
                scored = SeriesScoring.score(scoring, ls.name(), ls.person(), ls.labels(), d,
                        peaks == null ? null : peaks.made(), peaks == null ? null : peaks.sides());
            }
            out.add(new SeriesResult(ls, d, scored, keptByRule));
        }
        return new Result(out, scoring, maps != null);
    }

    /** The lobes a slice's label names, as in the labels CSV ({@code lll+rll}), or empty. */
    static String lobes(SliceLabel l) {
        return String.join("+", l.lobes().stream().map(lobe -> lobe.column()).sorted().toList());
    }

    /**
     * Configures a scoring run: scorer, model and settings are required; maps (Grad-CAM) and progress are optional.
     */
    public static final class Builder {
        private SliceScorer scorer;
        private ModelSummary model;
        private DetectionSettings settings = DetectionSettings.paper();
        private Function<CtSlice, Heatmap> maps;
        private Consumer<String> progress;

        private Builder() {
        }

        /** What gives each kept slice its P(covid). */
        public Builder setScorer(SliceScorer scorer) {
            this.scorer = scorer;
            return this;
        }

        /** What the outputs say about the model (its card). */
        public Builder setModel(ModelSummary model) {
            this.model = model;
            return this;
        }

        /** Selection, decision policy and batch of the detection (default: detect's). */
        public Builder optSettings(DetectionSettings settings) {
            this.settings = Objects.requireNonNull(settings);
            return this;
        }

        /** A slice's Grad-CAM map: scores localisation when given (a backward pass per kept infected slice). */
        public Builder optMaps(Function<CtSlice, Heatmap> maps) {
            this.maps = maps;
            return this;
        }

        /** Told a line before each series. */
        public Builder optProgress(Consumer<String> progress) {
            this.progress = progress;
            return this;
        }

        public ScoreRun build() {
            if (scorer == null || model == null) {
                throw new IllegalStateException("scorer and model are required");
            }
            return new ScoreRun(this);
        }
    }
}
