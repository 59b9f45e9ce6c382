package org.covidct.core.decision;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class PatientCountsTest {

    /** Six patients whose counts were worked out by hand at the paper's 10%. */
    private static final List<PatientOutcome> PATIENTS = List.of(
            new PatientOutcome("A", true, "covid/A/SR_2", 20, 2),   // 10% -> covid: ctp
            new PatientOutcome("B", true, "covid/B/SR_2", 20, 1),   // 5% -> normal: nfp
            new PatientOutcome("C", false, "normal/C/SR_2", 30, 3), // 10% -> covid: cfp
            new PatientOutcome("D", false, "normal/D/SR_2", 30, 2), // 6.7% -> normal: ntp
            new PatientOutcome("E", false, "normal/E/SR_2", 0, 0),  // nothing kept: undecided
            new PatientOutcome("F", false, "normal/F/SR_2", 10, 0)  // 0% -> normal: ntp
    );

    @Test
    void countsMatchTheHandComputedTable() {
        PatientCounts c = PatientCounts.tally(PATIENTS, PatientRule.paper());
        assertEquals(3, c.tp());
        assertEquals(2, c.fp());
        assertEquals(1, c.ctp());
        assertEquals(1, c.cfp());
        assertEquals(2, c.ntp());
        assertEquals(1, c.nfp());
        assertEquals(1, c.undecided());
        assertEquals(6, c.patients());
        assertEquals(List.of("B", "C", "E"), c.misidentified().stream().map(PatientCounts.Misidentified::patientId).toList());
        assertEquals(List.of("covid->normal", "normal->covid", "normal->undecided"),
                c.misidentified().stream().map(PatientCounts.Misidentified::error).toList());
        assertEquals(0.5, c.covidSensitivity());
        assertEquals(2 / 3.0, c.normalSensitivity(), 1e-12);
        assertEquals(0.6, c.accuracy(), 1e-12);
    }

    @Test
    void aHigherFractionMovesTheBoundaryPatients() {
        PatientCounts c = PatientCounts.tally(PATIENTS, PatientRule.of("0.11"));
        assertEquals(0, c.ctp());
        assertEquals(2, c.nfp());
        assertEquals(0, c.cfp());
        assertEquals(3, c.ntp());
        assertEquals(3, c.tp());
        assertEquals(2, c.fp());
    }

    @Test
    void perfectClassifierHasNoMisidentified() {
        PatientCounts c = PatientCounts.tally(List.of(new PatientOutcome("X", true, "s", 50, 40),
                new PatientOutcome("Y", false, "s", 50, 0)), PatientRule.paper());
        assertEquals(2, c.tp());
        assertEquals(0, c.fp());
        assertTrue(c.misidentified().isEmpty());
    }
}
