package org.covidct.core.decision;

import org.covidct.core.CovidctException;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class FractionSweepTest {

    // covid shares 0.5, 0.2, 0.05; normal shares 0, 0.1, 0.2; one normal without kept slices
    private static final List<PatientOutcome> PATIENTS = List.of(
            new PatientOutcome("c1", true, "s", 10, 5),
            new PatientOutcome("c2", true, "s", 10, 2),
            new PatientOutcome("c3", true, "s", 20, 1),
            new PatientOutcome("n1", false, "s", 10, 0),
            new PatientOutcome("n2", false, "s", 10, 1),
            new PatientOutcome("n3", false, "s", 10, 2),
            new PatientOutcome("n4", false, "s", 0, 0));

    @Test
    void aucIsTheMannWhitneyStatisticWithHalfTies() {
        // pairs: 0.5 beats 3; 0.2 beats 2 and ties 1; 0.05 beats 1 -> 6.5 of 9
        assertEquals(6.5 / 9, FractionSweep.of(PATIENTS).auc(), 1e-12);
    }

    @Test
    void rocVerticesByHand() {
        List<FractionSweep.RocPoint> roc = FractionSweep.of(PATIENTS).roc();
        double[][] expected = {{0, 0}, {0, 1 / 3.0}, {1 / 3.0, 2 / 3.0}, {2 / 3.0, 2 / 3.0}, {2 / 3.0, 1}, {1, 1}};
        assertEquals(expected.length, roc.size());
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i][0], roc.get(i).falsePositiveRate(), 1e-12, "fpr " + i);
            assertEquals(expected[i][1], roc.get(i).truePositiveRate(), 1e-12, "tpr " + i);
        }
    }

    @Test
    void sweepLeavesUndecidedOutAndCountsEachFraction() {
        FractionSweep s = FractionSweep.of(PATIENTS);
        assertEquals(1, s.undecided());
        List<FractionSweep.Point> pts = s.sweep(List.of(new BigDecimal("0"), new BigDecimal("0.2"), new BigDecimal("1")));
        assertEquals(3, pts.get(0).counts().ctp());
        assertEquals(3, pts.get(0).counts().cfp());
        assertEquals(2, pts.get(1).counts().ctp()); // 0.5 and 0.2
        assertEquals(1, pts.get(1).counts().cfp()); // 0.2
        assertEquals(0, pts.get(2).counts().ctp());
        assertEquals(0, pts.get(2).counts().cfp());
        assertEquals(0, pts.get(0).counts().undecided());
    }

    @Test
    void gridIsExact() {
        List<BigDecimal> g = FractionSweep.grid(100);
        assertEquals(101, g.size());
        assertEquals(0, g.get(10).compareTo(new BigDecimal("0.1")));
        assertEquals(0, g.get(100).compareTo(BigDecimal.ONE));
    }

    @Test
    void operatingPointMaximisesYoudenAndPrefersTheClosestToTenPercent() {
        // J = 1/3 on (0, 0.05] and (0.1, 0.5]; 0.11 is the closest of those to 0.10
        FractionSweep.Point p = FractionSweep.of(PATIENTS).chooseOperatingPoint(FractionSweep.grid(100));
        assertEquals(0, p.fraction().compareTo(new BigDecimal("0.11")), p.fraction().toPlainString());
        assertEquals(1 / 3.0, p.youden(), 1e-12);

        List<PatientOutcome> separable = List.of(new PatientOutcome("c", true, "s", 10, 6),
                new PatientOutcome("n", false, "s", 10, 3));
        FractionSweep.Point q = FractionSweep.of(separable).chooseOperatingPoint(FractionSweep.grid(100));
        assertEquals(0, q.fraction().compareTo(new BigDecimal("0.31")), q.fraction().toPlainString());
        assertEquals(1.0, q.youden(), 1e-12);
    }

    @Test
    void oneClassOnlyIsAClearError() {
        CovidctException e = assertThrows(CovidctException.class,
                () -> FractionSweep.of(List.of(new PatientOutcome("c", true, "s", 10, 6))).auc());
        assertTrue(e.getMessage().contains("both COVID and normal"));
    }
}
