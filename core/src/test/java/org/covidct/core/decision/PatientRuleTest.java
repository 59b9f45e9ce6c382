package org.covidct.core.decision;

import org.covidct.core.CovidctException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class PatientRuleTest {

    private final PatientRule paper = PatientRule.paper();

    @Test
    void exactlyTenPercentIsCovid() {
        assertEquals(PatientDecision.Verdict.COVID, paper.decide(10, 1).verdict());
        assertEquals(PatientDecision.Verdict.COVID, paper.decide(100, 10).verdict());
        assertEquals(PatientDecision.Verdict.COVID, paper.decide(30, 3).verdict());
        assertEquals(PatientDecision.Verdict.COVID, paper.decide(90, 9).verdict());
    }

    @Test
    void justBelowTenPercentIsNormal() {
        assertEquals(PatientDecision.Verdict.NORMAL, paper.decide(100, 9).verdict());
        assertEquals(PatientDecision.Verdict.NORMAL, paper.decide(11, 1).verdict());
        assertEquals(PatientDecision.Verdict.NORMAL, paper.decide(31, 3).verdict());
        assertEquals(PatientDecision.Verdict.NORMAL, paper.decide(10, 0).verdict());
        assertFalse(paper.decide(11, 1).isCovid());
    }

    @Test
    void aboveIsCovid() {
        assertTrue(paper.decide(9, 1).isCovid());
        assertTrue(paper.decide(5, 5).isCovid());
    }

    @Test
    void fractionGivenAsDoubleMeansItsDecimal() {
        // 0.1 as a double is slightly above 1/10; the rule must still treat 1 of 10 as reaching it
        assertTrue(PatientRule.of(0.1).decide(10, 1).isCovid());
        assertTrue(PatientRule.of(0.3).decide(10, 3).isCovid());
        assertFalse(PatientRule.of(0.3).decide(1000, 299).isCovid());
    }

    @Test
    void extremeFractions() {
        assertTrue(PatientRule.of("0").decide(7, 0).isCovid(), "fraction 0 calls everyone with kept slices COVID");
        assertTrue(PatientRule.of("1").decide(7, 7).isCovid());
        assertFalse(PatientRule.of("1").decide(7, 6).isCovid());
    }

    @Test
    void noKeptSliceGivesNoDecisionWithAReason() {
        PatientDecision d = paper.decide(0, 0);
        assertEquals(PatientDecision.Verdict.UNDECIDED, d.verdict());
        assertFalse(d.isDecided());
        assertTrue(d.reason().contains("no slice was kept"), d.reason());
        assertTrue(d.covidShare().isEmpty());
        IllegalStateException e = assertThrows(IllegalStateException.class, d::isCovid);
        assertTrue(e.getMessage().contains("no decision"));
        assertTrue(d.explain().startsWith("Undecided"));
    }

    @Test
    void explainsTheNumbers() {
        PatientDecision d = paper.decide(90, 9);
        assertEquals("9 of 90 kept slices (10.0%) were classified COVID; the threshold is 10%, so the series is "
                + "called COVID-19.", d.explain());
        assertEquals("COVID when at least 10% of the kept slices are classified COVID", paper.describe());
    }

    @Test
    void rejectsBadFractionsAndCounts() {
        assertThrows(CovidctException.class, () -> PatientRule.of("1.5"));
        assertThrows(CovidctException.class, () -> PatientRule.of("-0.1"));
        assertThrows(CovidctException.class, () -> PatientRule.of("ten"));
        assertThrows(CovidctException.class, () -> PatientRule.of(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> paper.decide(3, 4));
        assertThrows(IllegalArgumentException.class, () -> paper.decide(-1, 0));
    }
}
