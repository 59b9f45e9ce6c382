package org.covidct.app.report;

import org.covidct.core.decision.FractionSweep;
import org.covidct.core.decision.PatientOutcome;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The patient ROC's marks and band, and the PNG's tick labels. */
class RocPlotTest {

    /** Four COVID and four normal patients with shares 0.5, 0.3, 0.11, 0.09 and 0.2, 0.1, 0.05, 0. */
    static FractionSweep sweep() {
        return FractionSweep.of(List.of(
                new PatientOutcome("c1", true, "c1", 100, 50), new PatientOutcome("c2", true, "c2", 100, 30),
                new PatientOutcome("c3", true, "c3", 100, 11), new PatientOutcome("c4", true, "c4", 100, 9),
                new PatientOutcome("n1", false, "n1", 100, 20), new PatientOutcome("n2", false, "n2", 100, 10),
                new PatientOutcome("n3", false, "n3", 100, 5), new PatientOutcome("n4", false, "n4", 100, 0)));
    }

    static FractionSweep.Point at(FractionSweep s, String fraction) {
        return s.sweep(List.of(new BigDecimal(fraction))).get(0);
    }

    @Test
    void theRulesFractionChosenOnValidationIsOnePoint() {
        FractionSweep s = sweep();
        RocPlot same = RocPlot.patients(s.roc(), "t", at(s, "0.1"), at(s, "0.10"));
        assertEquals(1, same.marks().size(), "the paper's 10% chosen on validation is one point of the test curve");
        assertEquals("rule at 10% (paper's; also chosen on validation)", same.marks().get(0).label());
        RocPlot other = RocPlot.patients(s.roc(), "t", at(s, "0.1"), at(s, "0.25"));
        assertEquals(2, other.marks().size());
        assertEquals("rule at 10% (paper's)", other.marks().get(0).label());
        assertEquals("25% (chosen on validation patients)", other.marks().get(1).label());
        // each mark sits on the curve at its own fraction: at 25% c1 and c2 and no normal patient called COVID
        assertEquals(0.5, other.marks().get(1).tpr(), 1e-12);
        assertEquals(0.0, other.marks().get(1).fpr(), 1e-12);
        // at 10%: c1, c2, c3 and n1, n2
        assertEquals(0.75, other.marks().get(0).tpr(), 1e-12);
        assertEquals(0.5, other.marks().get(0).fpr(), 1e-12);
    }

    @Test
    void theBandIsTheStretchBetweenItsEdges() {
        FractionSweep s = sweep();
        RocPlot p = RocPlot.patients(s.roc(), "t", at(s, "0.1"), null, at(s, "0.08"), at(s, "0.12"), "band");
        RocPlot.Segment band = p.segments().get(0);
        // at 8%: c1-c4, n1, n2 called COVID; at 12%: c1, c2 and n1
        assertEquals(1.0, band.from().tpr(), 1e-12);
        assertEquals(0.5, band.from().fpr(), 1e-12);
        assertEquals(0.5, band.to().tpr(), 1e-12);
        assertEquals(0.25, band.to().fpr(), 1e-12);
        assertTrue(p.svg().contains(">band</text>"));
    }

    @Test
    void tickLabelsHaveTwoDecimals() {
        FractionSweep s = sweep();
        var chart = RocPlot.patients(s.roc(), "t", at(s, "0.1"), null).chart();
        assertEquals("0.00", chart.getStyler().getXAxisDecimalPattern());
        assertEquals("0.00", chart.getStyler().getYAxisDecimalPattern());
    }
}
