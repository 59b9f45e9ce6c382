package org.covidct.core.decision;

import org.covidct.core.CovidctException;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class DecisionPolicyTest {

    private final DecisionPolicy standard = DecisionPolicy.of(PatientRule.paper());

    private static UndecidedReason cause(PatientDecision d) {
        return d.cause();
    }

    @Test
    void bandIsOpenAroundTheThreshold() {
        // 100 kept: band 8%..12% open: 8 and 12 are outside (decided), 9..11 inside
        assertEquals(PatientDecision.Verdict.NORMAL, standard.decide(100, 8).verdict());
        assertEquals(UndecidedReason.NEAR_THRESHOLD, cause(standard.decide(100, 9)));
        assertEquals(UndecidedReason.NEAR_THRESHOLD, cause(standard.decide(100, 10)), "exactly at the threshold");
        assertEquals(UndecidedReason.NEAR_THRESHOLD, cause(standard.decide(100, 11)));
        assertEquals(PatientDecision.Verdict.COVID, standard.decide(100, 12).verdict());
        // 90 kept (P001's count): 0.08 x 90 = 7.2 and 0.12 x 90 = 10.8: 7 and 11 decided, 8..10 undecided
        assertEquals(PatientDecision.Verdict.NORMAL, standard.decide(90, 7).verdict());
        assertEquals(UndecidedReason.NEAR_THRESHOLD, cause(standard.decide(90, 8)));
        assertEquals(UndecidedReason.NEAR_THRESHOLD, cause(standard.decide(90, 10)));
        assertEquals(PatientDecision.Verdict.COVID, standard.decide(90, 11).verdict());
    }

    @Test
    void undecidedKeepsItsCountsAndSaysWhy() {
        PatientDecision d = standard.decide(90, 9);
        assertFalse(d.isDecided());
        assertEquals(90, d.keptSlices());
        assertEquals(9, d.covidKeptSlices());
        assertTrue(d.reason().contains("8% to 12%"), d.reason());
        assertTrue(d.reason().contains("9 of 90"), d.reason());
        assertEquals("fraction_near_threshold", d.cause().code());
        assertThrows(IllegalStateException.class, d::isCovid);
    }

    @Test
    void tooFewKeptSlices() {
        PatientDecision d = standard.decide(3, 0);
        assertEquals(UndecidedReason.TOO_FEW_KEPT_SLICES, d.cause());
        assertTrue(d.reason().contains("only 3 slices were kept"), d.reason());
        assertTrue(d.reason().contains("33.3%"), d.reason());
        assertEquals(UndecidedReason.TOO_FEW_KEPT_SLICES, standard.decide(9, 9).cause());
        assertEquals(PatientDecision.Verdict.COVID, standard.decide(10, 10).verdict(), "10 kept is enough");
        assertEquals(UndecidedReason.NO_KEPT_SLICE, standard.decide(0, 0).cause(), "nothing kept stays its own reason");
    }

    @Test
    void inputProblemsComeFirst() {
        UndecidedInput apex = new UndecidedInput(UndecidedReason.NOT_SPANNING_LUNGS, "ends in open lung");
        PatientDecision d = standard.decide(50, 40, apex);
        assertEquals(UndecidedReason.NOT_SPANNING_LUNGS, d.cause());
        assertEquals("ends in open lung", d.reason());
        assertEquals(40, d.covidKeptSlices());
    }

    @Test
    void ruleOnlyIsThePapersRule() {
        DecisionPolicy paper = DecisionPolicy.ruleOnly(PatientRule.paper());
        assertTrue(paper.decide(1, 1).isCovid());
        assertTrue(paper.decide(100, 10).isCovid());
        assertFalse(paper.decide(100, 9).isCovid());
    }

    @Test
    void bandEdgesAreClipped() {
        DecisionPolicy wide = new DecisionPolicy(PatientRule.paper(), new BigDecimal("0.3"), 1);
        assertEquals(0, wide.bandLow().signum());
        assertEquals(0, new BigDecimal("0.4").compareTo(wide.bandHigh()));
        assertThrows(CovidctException.class, () -> new DecisionPolicy(PatientRule.paper(), new BigDecimal("-0.01"), 1));
        assertThrows(CovidctException.class, () -> new DecisionPolicy(PatientRule.paper(), BigDecimal.ZERO, 0));
        assertThrows(CovidctException.class, () -> DecisionPolicy.band("wide"));
    }

    @Test
    void countsUseThePolicyAndTheInput() {
        List<PatientOutcome> outcomes = List.of(
                new PatientOutcome("a", true, "a/SR_2", 50, 30),
                new PatientOutcome("b", false, "b/SR_2", 50, 5),   // exactly 10%: in the band
                new PatientOutcome("c", false, "c/SR_2", 50, 0),
                new PatientOutcome("d", true, "d/SR_2", 50, 40,
                        new UndecidedInput(UndecidedReason.NOT_AXIAL, "coronal")));
        PatientCounts c = PatientCounts.tally(outcomes, standard);
        assertEquals(2, c.undecided());
        assertEquals(1, c.ctp());
        assertEquals(1, c.ntp());
        assertEquals(List.of("b", "d"), c.misidentified().stream().map(PatientCounts.Misidentified::patientId).toList());
        assertEquals("normal->undecided", c.misidentified().get(0).error());
        // the rule alone counts the same patients by their fractions only
        PatientCounts byRule = PatientCounts.tally(outcomes, PatientRule.paper());
        assertEquals(0, byRule.undecided());
        assertEquals(1, byRule.cfp());
    }
}
