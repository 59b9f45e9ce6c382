package org.covidct.core.labels;

import org.covidct.core.lung.LungSide;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every expected value below was counted by hand from the fixture (comments show the counting). */
class ExpertScoringTest {

    private static final double NO = Double.NaN;

    static SliceLabels covidLabels() {
        return SliceLabels.of(Path.of("P.slice-labels.csv"), List.of(
                new SliceLabel(1, false, Set.of()),
                new SliceLabel(2, true, Set.of(Lobe.LLL)),
                new SliceLabel(3, true, Set.of(Lobe.RLL, Lobe.RML)),
                new SliceLabel(4, false, Set.of()),
                new SliceLabel(5, true, Set.of()),
                new SliceLabel(6, true, Set.of(Lobe.LUL))));
    }

    static List<ScoredSlice> covidSlices() {
        return List.of(
                new ScoredSlice(1, true, 0.2, null),
                new ScoredSlice(2, true, 0.9, LungSide.LEFT),   // lll: left, a hit
                new ScoredSlice(3, true, 0.4, LungSide.LEFT),   // rll + rml: right, a miss
                new ScoredSlice(4, true, 0.6, LungSide.RIGHT),  // clean: not a localisation case
                new ScoredSlice(5, true, 0.7, LungSide.RIGHT),  // infected without lobes: not checked
                new ScoredSlice(6, false, NO, null));           // infected, dropped by the selection
    }

    @Test
    void oneCovidSeriesCountedByHand() {
        ExpertScoring scoring = new ExpertScoring(0.5);
        SeriesScore s = scoring.add("P", PersonClass.COVID, covidLabels(), covidSlices());
        assertEquals(6, s.slices());
        assertEquals(5, s.kept());
        assertEquals(4, s.infected());               // 2, 3, 5, 6
        assertEquals(3, s.infectedKept());           // 6 dropped
        assertEquals(0.75, s.selectionRecall(), 1e-12);
        assertEquals(3, s.calledCovid());            // 0.9, 0.6, 0.7
        assertEquals(0.6, s.covidFraction(), 1e-12);
        // positives 0.9 0.4 0.7 against negatives 0.2 0.6: 2 + 1 + 2 of 6 pairs
        assertEquals(5.0 / 6, s.auc(), 1e-12);
        assertEquals(2.0 / 3, s.sensitivity(), 1e-12);
        assertEquals(0.5, s.specificity(), 1e-12);
        assertEquals(2, s.camChecked());
        assertEquals(1, s.camHits());
        assertEquals(0, s.camOutsideLungs());
    }

    @Test
    void aMapThatPeaksOutsideTheLungsIsAMiss() {
        // slice 2 (lll) with a map peaking in the mediastinum, slice 3 (rll, rml) with one in the right lung,
        // slice 6 (lul) dropped: 1 hit of 2 checked, 1 outside
        ExpertScoring scoring = new ExpertScoring(0.5);
        SeriesScore s = scoring.add("P", PersonClass.COVID, covidLabels(), List.of(
                new ScoredSlice(2, true, 0.9, true, null),
                new ScoredSlice(3, true, 0.8, true, LungSide.RIGHT),
                new ScoredSlice(5, true, 0.7, true, LungSide.LEFT),       // no lobes marked: not checked
                new ScoredSlice(1, true, 0.1, true, LungSide.LEFT),       // clean: not checked
                new ScoredSlice(6, false, NO, false, null)));
        assertEquals(2, s.camChecked());
        assertEquals(1, s.camHits());
        assertEquals(1, s.camOutsideLungs());
        assertEquals(0.5, s.camHitRate(), 1e-12);
        assertEquals(0.5, scoring.pooledCamHitRate(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> new ScoredSlice(1, true, 0.5, false, LungSide.LEFT));
    }

    @Test
    void normalPersonsJoinThePooledNegativesAndOtherPneumoniaStaysOut() {
        ExpertScoring scoring = new ExpertScoring(0.5);
        scoring.add("P", PersonClass.COVID, covidLabels(), covidSlices());
        SeriesScore normal = scoring.add("N", PersonClass.NORMAL, null, List.of(
                new ScoredSlice(1, true, 0.1, null), new ScoredSlice(2, true, 0.55, null),
                new ScoredSlice(3, true, 0.3, null), new ScoredSlice(4, false, NO, null)));
        assertEquals(Double.NaN, normal.auc());
        assertEquals(1.0 / 3, normal.covidFraction(), 1e-12);
        assertEquals(2.0 / 3, normal.specificity(), 1e-12);
        assertEquals(Double.NaN, normal.selectionRecall());
        SeriesScore cap = scoring.add("C", PersonClass.OTHER_PNEUMONIA, SliceLabels.of(Path.of("C"), List.of(
                new SliceLabel(1, true, Set.of(Lobe.RLL)), new SliceLabel(2, false, Set.of()))), List.of(
                new ScoredSlice(1, true, 0.99, LungSide.RIGHT), new ScoredSlice(2, true, 0.05, null)));
        assertEquals(1.0, cap.auc(), 1e-12);
        assertEquals(0.5, cap.covidFraction(), 1e-12);
        // pooled: positives 0.9 0.4 0.7; negatives 0.2 0.6 0.1 0.55 0.3 (the pneumonia's 0.99 and 0.05 not among them)
        // 0.9 beats 5, 0.4 beats 0.2 0.1 0.3, 0.7 beats 5: 13 of 15 pairs
        assertEquals(13.0 / 15, scoring.pooledRoc().auc(), 1e-12);
        assertEquals(3, scoring.pooledRoc().positives());
        assertEquals(5, scoring.pooledRoc().negatives());
        assertEquals(2.0 / 3, scoring.pooledSensitivity(), 1e-12);
        assertEquals(3.0 / 5, scoring.pooledSpecificity(), 1e-12);
        assertEquals(3, scoring.series().size());
    }

    @Test
    void thresholdDecidesWhatIsCalled() {
        ExpertScoring strict = new ExpertScoring(0.8);
        SeriesScore s = strict.add("P", PersonClass.COVID, covidLabels(), covidSlices());
        assertEquals(1, s.calledCovid());            // only 0.9
        assertEquals(1.0 / 3, s.sensitivity(), 1e-12);
        assertEquals(1.0, s.specificity(), 1e-12);
        assertEquals(5.0 / 6, s.auc(), 1e-12);       // the AUC does not depend on it
    }

    @Test
    void aKeptSliceWithoutLabelAndACovidSeriesWithoutLabelsAreRefused() {
        ExpertScoring scoring = new ExpertScoring(0.5);
        var e = assertThrows(IllegalArgumentException.class, () -> scoring.add("P", PersonClass.COVID, covidLabels(),
                List.of(new ScoredSlice(7, true, 0.3, null))));
        assertTrue(e.getMessage().contains("kept slice 7"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> scoring.add("P", PersonClass.COVID, null, covidSlices()));
        // an unlabelled slice that was dropped is simply not counted
        SeriesScore s = scoring.add("P", PersonClass.COVID, covidLabels(),
                List.of(new ScoredSlice(2, true, 0.9, null), new ScoredSlice(9, false, NO, null)));
        assertEquals(1, s.slices() - 1);
        assertEquals(1, s.infected());
    }
}
