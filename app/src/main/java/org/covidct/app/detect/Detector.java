package org.covidct.app.detect;

import org.covidct.core.dataset.ClassLabel;
import org.covidct.core.decision.PatientDecision;
import org.covidct.core.decision.UndecidedInput;
import org.covidct.core.decision.UndecidedReason;
import org.covidct.core.dicom.DicomHeader;
import org.covidct.core.image.CtSlice;
import org.covidct.core.load.DicomSeries;
import org.covidct.core.lung.LungCoverage;
import org.covidct.core.lung.LungSegmentation;
import org.covidct.core.sanity.SeriesSanity;
import org.covidct.core.selection.SelectionWindow;
import org.covidct.core.selection.SeriesSelection;
import org.covidct.core.selection.SliceVerdict;
import org.covidct.core.series.Series;
import org.covidct.core.series.SliceSource;

import java.awt.Rectangle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * The fully automated pipeline on one series: reference selection, classification of the kept slices
 * in batches, the input checks (values, orientation, whether the series spans the lungs), and the decision policy
 * (the patient rule, or undecided with a reason).
 *
 * <p>A model whose card holds no validation is refused when the detector is made ({@link ModelGate}), unless the
 * settings accept it; then every detection carries the warning.
 */
public final class Detector {

    /**
     * Field of view assumed for slices without PixelSpacing (TIFF): 360 mm, a chest CT's usual reconstruction
     * diameter, so a 512 px slice has 0.70 mm pixels (the shared COVID-CT-MD series: 0.59-0.75 mm).
     */
    static final double ASSUMED_FIELD_OF_VIEW_MM = 360;

    private final SliceScorer scorer;
    private final ModelSummary model;
    private final DetectionSettings settings;
    private final List<String> modelWarnings;

    /** Told how many of the kept slices have been classified. */
    @FunctionalInterface
    public interface Progress {
        void classified(int done, int total);
    }

    /**
     * @param scorer   gives each kept slice its P(covid) (a trained model, or a stand-in in tests)
     * @param model    what reports say about that model (its card decides whether it may be used)
     * @param settings selection, decision policy, batch, acceptance of unvalidated models
     * @throws org.covidct.core.CovidctException for a model without validation that the settings do not accept
     */
    public Detector(SliceScorer scorer, ModelSummary model, DetectionSettings settings) {
        this.scorer = Objects.requireNonNull(scorer);
        this.model = Objects.requireNonNull(model);
        this.settings = Objects.requireNonNull(settings);
        this.modelWarnings = ModelGate.check(model, settings.allowUnvalidated());
    }

    /** What every output made with this model must say about it (empty for a validated model). */
    public List<String> modelWarnings() {
        return modelWarnings;
    }

    /** The analysis and, for reuse by reports, the decoded kept slices in series order. */
    public record Outcome(SeriesDetection detection, List<CtSlice> keptSlices, SeriesSelection selection) {
    }

    /**
     * @param progress told the number of slices classified so far and the total (for progress bars; may be null)
     */
    public Outcome detect(Series series, String label, Progress progress) {
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
        List<CtSlice> slices = new DecodedInOrder(toClassify).slices();
        double[] p = new double[slices.size()];
        for (int from = 0; from < slices.size(); from += settings.batchSize()) {
            int to = Math.min(slices.size(), from + settings.batchSize());
            // waits for this batch's slices only: the later ones are decoded while it goes through the network
            double[] batch = scorer.pCovid(slices.subList(from, to));
            System.arraycopy(batch, 0, p, from, to - from);
            if (progress != null) {
                progress.classified(to, slices.size());
            }
        }
        slices = List.copyOf(slices);
        List<SliceResult> rows = new ArrayList<>(n);
        Map<Integer, CtSlice> decoded = new HashMap<>();
        int k = 0;
        int covid = 0;
        for (int i = 0; i < n; i++) {
            SliceVerdict v = verdicts.get(i);
            DicomHeader h = DicomSeries.headerOf(series.slices().get(i));
            Integer instance = h == null ? null : h.instanceNumber();
            Double location = h == null ? null : h.sliceLocation() != null ? h.sliceLocation() : h.positionAlongNormal();
            if (kept[i]) {
                ClassLabel predicted = p[k] >= 0.5 ? ClassLabel.COVID : ClassLabel.NORMAL;
                covid += predicted == ClassLabel.COVID ? 1 : 0;
                rows.add(new SliceResult(label, v.file(), true, v.darkCount(), p[k], predicted, instance, location));
                decoded.put(i, slices.get(k));
                k++;
            } else {
                rows.add(new SliceResult(label, v.file(), false, v.darkCount(), Double.NaN, null, instance, location));
            }
        }
        StudyDetails study = StudyDetails.of(series);
        LungCoverage coverage = coverage(series, decoded, study);
        int windowArea = windowArea(slices.isEmpty() ? null : slices.get(0));
        List<SeriesSanity.Finding> findings = SeriesSanity.findings(selection.darkCounts(), kept, windowArea, slices);
        PatientDecision decision = settings.policy().decide(slices.size(), covid, inputProblem(findings, study, coverage));
        List<String> warnings = new ArrayList<>(modelWarnings);
        findings.forEach(f -> warnings.add(f.message()));
        SeriesDetection d = new SeriesDetection(label, series.dir(), selection.threshold(), rows, settings.policy(),
                decision, warnings, model, settings.selection(), study, coverage);
        return new Outcome(d, slices, selection);
    }

    /** The first property of the input that rules a verdict out, or null. */
    static UndecidedInput inputProblem(List<SeriesSanity.Finding> findings, StudyDetails study, LungCoverage coverage) {
        for (SeriesSanity.Finding f : findings) {
            if (f.kind().blocksDecision()) {
                UndecidedReason cause = f.kind() == SeriesSanity.Kind.NO_LUNG_IN_WINDOW ? UndecidedReason.NO_LUNG_IN_WINDOW
                        : UndecidedReason.VALUES_OUT_OF_RANGE;
                return new UndecidedInput(cause, stripPeriod(f.message()));
            }
        }
        if (Boolean.FALSE.equals(study.axial())) {
            return new UndecidedInput(UndecidedReason.NOT_AXIAL, "the images are not axial (ImageOrientationPatient "
                    + "or ImageType say another plane): the network and the selection read axial chest slices only");
        }
        if (coverage != null && !coverage.spansLungs()) {
            return new UndecidedInput(UndecidedReason.NOT_SPANNING_LUNGS, coverage.problem());
        }
        return null;
    }

    private static String stripPeriod(String s) {
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    /**
     * Lung area on {@link LungCoverage#SAMPLES} slices spread over the series (ends included), segmented in
     * parallel; slices already decoded are reused.
     */
    private static LungCoverage coverage(Series series, Map<Integer, CtSlice> decoded, StudyDetails study) {
        int n = series.size();
        int[] positions = LungCoverage.samplePositions(n, LungCoverage.SAMPLES);
        if (positions.length == 0) {
            return null;
        }
        double[] areas = new double[positions.length];
        IntStream.range(0, positions.length).parallel().forEach(j -> {
            CtSlice s = decoded.get(positions[j]);
            if (s == null) {
                s = series.slices().get(positions[j]).read();
            }
            double spacing = study.pixelSpacingMm() != null && study.pixelSpacingMm() > 0 ? study.pixelSpacingMm()
                    : ASSUMED_FIELD_OF_VIEW_MM / s.width();
            areas[j] = LungSegmentation.of(s, spacing).areaCm2();
        });
        return new LungCoverage(positions, areas, n);
    }

    private static int windowArea(CtSlice any) {
        Rectangle r = any == null ? SelectionWindow.forSize(512, 512) : SelectionWindow.forSize(any.width(), any.height());
        return r.width * r.height;
    }
}
