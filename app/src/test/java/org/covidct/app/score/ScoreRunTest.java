package org.covidct.app.score;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.covidct.app.detect.DetectionSettings;
import org.covidct.app.detect.ModelSummary;
import org.covidct.app.detect.SliceScorer;
import org.covidct.core.CovidctException;
import org.covidct.core.decision.DecisionPolicy;
import org.covidct.core.decision.PatientRule;
import org.covidct.core.image.CtSlice;
import org.covidct.core.labels.SeriesScore;
import org.covidct.core.selection.ReferenceSelector;
import org.covidct.nn.explain.Heatmap;
import org.covidct.nn.run.ModelCard;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code covidct score}'s work on {@link DrawnCohort}, with a stand-in model whose probabilities and Grad-CAM peaks
 * the test sets. Every expected value is counted by hand in the comments.
 */
class ScoreRunTest {

    @TempDir
    static Path tmp;
    static Path cohort;
    static ScoreRun.Result result;

    /** P(covid) by marker: P1 slices 5-9: 0.3 0.8 0.6 0.7 0.2; N1 slice 8: 0.9; C1 slices 5, 6: 0.9, 0.4; else 0.1. */
    static final Map<Integer, Double> P = Map.of(15, 0.3, 16, 0.8, 17, 0.6, 18, 0.7, 19, 0.2, 38, 0.9, 55, 0.9, 56, 0.4);

    static final SliceScorer STAND_IN = batch -> batch.stream()
            .mapToDouble(s -> P.getOrDefault(DrawnCohort.marker(s), 0.1)).toArray();

    /**
     * Map peaks: P1 slice 6 in the image's left lung (the patient's right), P1 slice 7 in the mediastinum, C1 slice 5
     * and 6 in the image's right lung (the patient's left).
     */
    static final Function<CtSlice, Heatmap> MAPS = s -> switch (DrawnCohort.marker(s)) {
        case 16 -> DrawnCohort.peakAt(46, 72);
        case 17 -> DrawnCohort.peakAt(64, 72);
        case 55 -> DrawnCohort.peakAt(80, 72);
        case 56 -> DrawnCohort.peakAt(85, 72);
        default -> throw new AssertionError("no map expected for marker " + DrawnCohort.marker(s));
    };

    static ModelSummary model() {
        ModelCard card = ModelCard.builder().setTrainedOn("test fixture")
                .addTraining(ModelCard.DataSource.real("none: a stand-in", 0, 0)).build();
        return new ModelSummary("stand-in", "fpn", 128, 0.125, "0".repeat(64), card);
    }

    /** The paper's rule with the default band and one kept slice enough (the drawn series keep five). */
    static DetectionSettings settings() {
        return new DetectionSettings(new ReferenceSelector(), true,
                new DecisionPolicy(PatientRule.paper(), DecisionPolicy.DEFAULT_BAND, 1), 4, false);
    }

    @BeforeAll
    static void score() throws IOException {
        cohort = DrawnCohort.write(tmp.resolve("cohort"));
        result = ScoreRun.builder().setScorer(STAND_IN).setModel(model()).optSettings(settings()).optMaps(MAPS).build()
                .run(cohort);
    }

    static ScoreRun.SeriesResult series(String name) {
        return result.series().stream().filter(s -> s.series().name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void theCovidSeriesCountedByHand() {
        SeriesScore s = series("P1").scored().score();
        assertEquals(12, s.slices());
        assertEquals(5, s.kept());                       // slices 5-9
        assertEquals(5, s.infected());                   // 4, 6, 7, 10, 11
        assertEquals(2, s.infectedKept());               // 6, 7
        // infected 0.8 0.6 against clean 0.3 0.7 0.2: 3 + 2 of 6 pairs
        assertEquals(5.0 / 6, s.auc(), 1e-12);
        assertEquals(1.0, s.sensitivity(), 1e-12);       // 0.8, 0.6 >= 0.5
        assertEquals(2.0 / 3, s.specificity(), 1e-12);   // 0.3, 0.2 of 0.3 0.7 0.2
        assertEquals(3, s.calledCovid());                // 6, 7, 8
        assertEquals("covid", series("P1").detection().decision().verdict().word()); // 60% >= 10%
        // Grad-CAM: slice 6 (rll) peaks in the right lung: a hit; slice 7 (lll + rll) in the mediastinum: a miss
        assertEquals(2, s.camChecked());
        assertEquals(1, s.camHits());
        assertEquals(1, s.camOutsideLungs());
    }

    @Test
    void selectionRecallOfBothRules() {
        // reference keeps 5-9: of P1's infected 4, 6, 7, 10, 11 it keeps 6, 7; lung-aware keeps 4-10: 4, 6, 7, 10
        assertArrayEquals(new int[] {2, 5}, series("P1").recallCounts("reference"));
        assertArrayEquals(new int[] {4, 5}, series("P1").recallCounts("lung-aware"));
        // C1's infected 5, 6 lie in both
        assertArrayEquals(new int[] {2, 2}, series("C1").recallCounts("reference"));
        assertArrayEquals(new int[] {2, 2}, series("C1").recallCounts("lung-aware"));
        assertArrayEquals(new int[] {0, 0}, series("N1").recallCounts("reference"));
        assertEquals(0.4, series("P1").recall("reference"), 1e-12);
    }

    @Test
    void pooledOverCovidAndNormalPersons() {
        // positives 0.8 0.6; negatives P1 0.3 0.7 0.2 and N1 0.1 0.1 0.1 0.9 0.1:
        // 0.8 beats 7 of 8 (not 0.9), 0.6 beats 6 (not 0.7, 0.9): 13 of 16
        assertEquals(13.0 / 16, result.scoring().pooledRoc().auc(), 1e-12);
        assertEquals(2, result.scoring().pooledRoc().positives());
        assertEquals(8, result.scoring().pooledRoc().negatives());
        assertEquals(1.0, result.scoring().pooledSensitivity(), 1e-12);
        assertEquals(6.0 / 8, result.scoring().pooledSpecificity(), 1e-12); // 0.7 and 0.9 called COVID
        // C1's slices 5 (rul) and 6 (lul) peak in the patient's left lung: a miss and a hit; with P1: 2 of 4
        assertEquals(0.5, result.scoring().pooledCamHitRate(), 1e-12);
    }

    @Test
    void theFilesSayTheSame() throws IOException {
        Path out = tmp.resolve("out");
        Files.createDirectories(out);
        ScoreFiles.write(out, result, model(), "covidct score test");
        List<String> scores = Files.readAllLines(out.resolve("scores.csv"));
        assertEquals(ScoreFiles.SCORES_HEADER, scores.get(0));
        assertEquals("P1,covid,12,5,5,2,0.400000,0.800000,0.833333,1.000000,0.666667,3,0.600000,covid,,2,1,1,0.500000",
                scores.get(1));
        // N1: one of five kept slices called COVID (20%): a normal person called COVID
        assertEquals("N1,normal,12,5,0,0,,,,,0.800000,1,0.200000,covid,,0,0,0,", scores.get(2));
        assertEquals("C1,cap,12,5,2,2,1.000000,1.000000,1.000000,0.500000,1.000000,1,0.200000,covid,,2,1,0,0.500000",
                scores.get(3));
        List<String> slices = Files.readAllLines(out.resolve("slices.csv"));
        assertEquals(ScoreFiles.SLICES_HEADER, slices.get(0));
        assertEquals(1 + 36, slices.size());
        assertEquals("P1,covid,4,4,,IM00004.tif,0,,,1,lll,0,1,", slices.get(4));
        assertEquals("P1,covid,7,7,,IM00007.tif,1,0.600000,covid,1,lll+rll,1,1,outside", slices.get(7));
        assertEquals("C1,cap,6,6,,IM00006.tif,1,0.400000,normal,1,lul,1,1,left", slices.get(30));
        JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertEquals(13.0 / 16, summary.at("/pooled/slice_auc").asDouble(), 1e-12);
        assertEquals(0.75, summary.at("/pooled/specificity").asDouble(), 1e-12);
        assertEquals(4, summary.at("/selection_recall/reference/infected_kept").asInt());   // 2 + 2
        assertEquals(7, summary.at("/selection_recall/reference/infected").asInt());        // 5 + 2
        assertEquals(6, summary.at("/selection_recall/lung-aware/infected_kept").asInt());  // 4 + 2
        assertEquals("2 of 5", summary.at("/selection_recall/reference/by_series/P1").asText());
        assertEquals(0.2, summary.at("/other_pneumonia_called_covid/pooled").asDouble(), 1e-12);
        assertEquals(2, summary.at("/gradcam_localisation/hits").asInt());
        assertEquals(4, summary.at("/gradcam_localisation/checked").asInt());
        assertEquals(1, summary.at("/gradcam_localisation/outside_lungs").asInt());
        assertEquals("normal", summary.at("/persons/1/person").asText());
        assertFalse(summary.at("/persons/1/right").asBoolean(), "N1 called COVID");
        assertTrue(summary.at("/persons/0/right").asBoolean());
        assertTrue(Files.size(out.resolve("roc.png")) > 1000);
        String page = Files.readString(out.resolve("index.html"));
        assertTrue(page.contains("(2 infected, 8 clean)</td><td>0.813</td>"), "the pooled AUC on the page");
        assertTrue(page.contains("selection recall, reference rule</td><td>4 of 7"), "recall on the page");
    }

    @Test
    void labelsOfAnotherSeriesAreRefused() throws IOException {
        Path wrong = tmp.resolve("wrong");
        DrawnCohort.write(wrong);
        Files.writeString(wrong.resolve("labels/P1.slice-labels.csv"), "instance,infection,lll,lul,rll,rml,rul\n"
                + "1,0,0,0,0,0,0\n2,1,1,0,0,0,0\n");
        CovidctException e = assertThrows(CovidctException.class, () -> ScoreRun.builder().setScorer(STAND_IN)
                .setModel(model()).optSettings(settings()).build().run(wrong));
        assertTrue(e.getMessage().contains("does not label this series (P1: 12 slices; labels for 2"), e.getMessage());
    }

    @Test
    void withoutMapsNoLocalisationIsScored() {
        ScoreRun.Result plain = ScoreRun.builder().setScorer(STAND_IN).setModel(model()).optSettings(settings()).build()
                .run(cohort);
        assertFalse(plain.cams());
        assertEquals(0, plain.series().get(0).scored().score().camChecked());
    }
}
