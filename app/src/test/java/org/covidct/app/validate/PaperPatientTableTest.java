package org.covidct.app.validate;

import org.covidct.core.decision.PatientCounts;
import org.covidct.core.decision.PatientOutcome;
import org.covidct.core.decision.PatientRule;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The paper's second table over folds, counted by hand, and the warning of an unvalidated model under it. */
class PaperPatientTableTest {

    private static FoldPatientValidation.Result fold(int k, List<PatientOutcome> patients, List<String> warnings) {
        PatientRule rule = PatientRule.paper();
        return new FoldPatientValidation.Result(k, "fpn", rule, List.of(), PatientCounts.tally(patients, rule), null, warnings);
    }

    @Test
    void averagesOverFoldsAndSaysEachWarningOnce() {
        // fold 1: a COVID patient at 3 of 10 (covid, right), a normal one at 0 of 10 (right)
        // fold 2: a COVID patient at 0 of 10 (called normal), a normal one at 2 of 10 (called COVID)
        List<FoldPatientValidation.Result> folds = List.of(
                fold(1, List.of(new PatientOutcome("a", true, "SR_2", 10, 3), new PatientOutcome("b", false, "SR_2", 10, 0)),
                        List.of("Unvalidated model, accepted with --allow-unvalidated: untrained")),
                fold(2, List.of(new PatientOutcome("c", true, "SR_2", 10, 0), new PatientOutcome("d", false, "SR_2", 10, 2)),
                        List.of("Unvalidated model, accepted with --allow-unvalidated: untrained")));
        String md = PaperPatientTable.markdown("fpn", folds);
        // right 1.0 per fold on average, wrong 1.0; COVID right 0.5, COVID called normal 0.5, normal right 0.5,
        // normal called COVID 0.5
        assertTrue(md.contains("| fpn (2 folds) | 1.0 | 1.0 | 0.5 | 0.5 | 0.5 | 0.5 |"), md);
        assertEquals(1, md.split("\\*\\*Warning:\\*\\* Unvalidated model", -1).length - 1, md);
        assertFalse(PaperPatientTable.markdown("fpn", List.of(fold(1, List.of(new PatientOutcome("a", true, "SR_2", 10, 3)),
                List.of()))).contains("Warning"));
    }
}
