package org.covidct.app.detect;

import org.covidct.app.report.PatientReport;
import org.covidct.core.CovidctException;
import org.covidct.core.decision.UndecidedReason;
import org.covidct.core.image.CtSlice;
import org.covidct.core.load.SeriesLoader;
import org.covidct.core.series.Series;
import org.covidct.nn.run.ModelCard;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The detector's verdicts on a phantom sweep with stand-in models whose slice calls the test sets: refusal of
 * models without validation, each reason for "undecided", and the notices of synthetic-only models.
 */
class DetectorVerdictTest {

    @TempDir
    static Path tmp;
    static List<CtSlice> sweep;
    static Series series;
    static List<String> kept;

    @BeforeAll
    static void phantom() {
        sweep = SyntheticSeries.phantomSweep(0);
        series = SyntheticSeries.inMemory(sweep);
        Detector probe = new Detector(SyntheticSeries.calling(Set.of()),
                SyntheticSeries.model(SyntheticSeries.validatedCard(ModelCard.DataKind.REAL)), DetectionSettings.paper());
        SeriesDetection d = probe.detect(series, "phantom", null).detection();
        kept = d.slices().stream().filter(SliceResult::kept).map(SliceResult::file).toList();
        assertTrue(kept.size() >= 20, "the phantom sweep keeps enough slices for the band tests: " + kept.size());
        assertEquals("normal", d.decision().verdict().word(), d.decision().toString());
        assertTrue(d.coverage().spansLungs(), d.coverage().problem());
    }

    private static SeriesDetection detect(int calledCovid, ModelCard card, boolean allowUnvalidated) {
        Set<String> covid = new HashSet<>(kept.subList(0, calledCovid));
        Detector detector = new Detector(SyntheticSeries.calling(covid), SyntheticSeries.model(card),
                DetectionSettings.paper().withAllowUnvalidated(allowUnvalidated));
        return detector.detect(series, "phantom", null).detection();
    }

    private static SeriesDetection detect(int calledCovid) {
        return detect(calledCovid, SyntheticSeries.validatedCard(ModelCard.DataKind.REAL), false);
    }

    @Test
    void theBandAroundTheThresholdIsUndecided() {
        int n = kept.size();
        // the band is (0.08 n, 0.12 n), open: counted here from n
        int lowestInside = (int) Math.floor(0.08 * n) + 1;
        int highestInside = (int) Math.ceil(0.12 * n) - 1;
        assertEquals("normal", detect(lowestInside - 1).decision().verdict().word());
        SeriesDetection low = detect(lowestInside);
        assertEquals(UndecidedReason.NEAR_THRESHOLD, low.decision().cause(), low.decision().toString());
        assertEquals(lowestInside, low.decision().covidKeptSlices());
        assertEquals(UndecidedReason.NEAR_THRESHOLD, detect(highestInside).decision().cause());
        assertEquals("covid", detect(highestInside + 1).decision().verdict().word());
        Map<String, Object> json = DetectionFiles.decisionJson(low);
        assertEquals("undecided", json.get("decision"));
        assertEquals("fraction_near_threshold", ((Map<?, ?>) json.get("undecided_reason")).get("code"));
    }

    @Test
    void modelsWithoutValidationAreRefusedUnlessAccepted() {
        CovidctException untrained = assertThrows(CovidctException.class,
                () -> detect(0, ModelCard.untrained("test"), false));
        assertTrue(untrained.getMessage().contains("refused: the model is untrained"), untrained.getMessage());
        ModelCard imported = ModelCard.importedKeras("fold2.h5", "ab".repeat(32), "test");
        CovidctException keras = assertThrows(CovidctException.class, () -> detect(0, imported, false));
        assertTrue(keras.getMessage().contains("imported Keras file fold2.h5") && keras.getMessage()
                .contains("has no validation metrics and no real-CT scores"), keras.getMessage());
        SeriesDetection accepted = detect(0, imported, true);
        assertTrue(accepted.warnings().get(0).startsWith("Unvalidated model, accepted with --allow-unvalidated"),
                accepted.warnings().toString());
        String html = PatientReport.html(accepted, Map.of(), List.of());
        assertTrue(html.contains("class='banner unvalidated'"), "the report's banner");
        assertTrue(html.contains("imported Keras file fold2.h5"), "the card on the report");
        assertTrue(detect(0).warnings().stream().noneMatch(w -> w.startsWith("Unvalidated")),
                "a validated model adds no warning");
    }

    @Test
    void aModelTrainedOnSyntheticDataOnlyGetsItsBanner() {
        SeriesDetection synthetic = detect(0, SyntheticSeries.validatedCard(ModelCard.DataKind.SYNTHETIC), false);
        String html = PatientReport.html(synthetic, Map.of(), List.of());
        assertTrue(html.contains("<div class='banner synthetic'>Research model trained on synthetic data, not a "
                + "diagnosis.</div>"), "banner");
        assertEquals(Boolean.TRUE, ((Map<?, ?>) DetectionFiles.decisionJson(synthetic).get("model")).get("synthetic_only"));
        String real = PatientReport.html(detect(0), Map.of(), List.of());
        assertFalse(real.contains("banner synthetic"));
        assertFalse(real.contains("banner unvalidated"));
    }

    @Test
    void eightBitValuesAreUndecided() {
        List<CtSlice> windowed = new ArrayList<>();
        for (CtSlice s : sweep) {
            short[] v = s.values().clone();
            for (int i = 0; i < v.length; i++) {
                v[i] = (short) Math.min(255, (v[i] & 0xFFFF) / 8);
            }
            windowed.add(new CtSlice(s.width(), s.height(), v, s.source()));
        }
        Detector detector = new Detector(SyntheticSeries.calling(Set.of()),
                SyntheticSeries.model(SyntheticSeries.validatedCard(ModelCard.DataKind.REAL)), DetectionSettings.paper());
        SeriesDetection d = detector.detect(SyntheticSeries.inMemory(windowed), "8bit", null).detection();
        assertEquals(UndecidedReason.VALUES_OUT_OF_RANGE, d.decision().cause(), d.decision().toString());
        assertTrue(d.decision().reason().contains("8-bit"), d.decision().reason());
    }

    @Test
    void aCoronalSeriesIsUndecidedAndTheSameSlicesAxialAreNot() throws IOException {
        double spacing = SyntheticSeries.phantom(0).pixelSpacingMm();
        Path axialDir = SyntheticSeries.writeDicom(tmp.resolve("axial"), sweep,
                new String[] {"1", "0", "0", "0", "1", "0"}, spacing);
        Path coronalDir = SyntheticSeries.writeDicom(tmp.resolve("coronal"), sweep,
                new String[] {"1", "0", "0", "0", "0", "-1"}, spacing);
        Detector detector = new Detector(SyntheticSeries.calling(Set.of()),
                SyntheticSeries.model(SyntheticSeries.validatedCard(ModelCard.DataKind.REAL)), DetectionSettings.paper());
        SeriesDetection axial = detector.detect(SeriesLoader.open(axialDir), "axial", null).detection();
        assertEquals("normal", axial.decision().verdict().word(), axial.decision().toString());
        assertEquals(Boolean.TRUE, axial.study().axial());
        assertEquals(sweep.size(), axial.slices().size());
        assertEquals(1, axial.slices().get(0).instance());
        SeriesDetection coronal = detector.detect(SeriesLoader.open(coronalDir), "coronal", null).detection();
        assertEquals(UndecidedReason.NOT_AXIAL, coronal.decision().cause(), coronal.decision().toString());
        assertEquals("2.25.1001", DetectionFiles.decisionJson(coronal).get("study_instance_uid"));
    }
}
