package org.covidct.core.decision;

import java.util.ArrayList;
import java.util.List;

/**
 * Patient-level validation counts in the paper's terms (REFERENCE section 5): {@code tp} patients right,
 * {@code fp} patients wrong, {@code ctp} COVID called COVID, {@code cfp} normal called COVID, {@code ntp}
 * normal called normal, {@code nfp} COVID called normal.
 *
 * <p>A patient without a verdict (no kept slice, or undecided by a {@link DecisionPolicy}) is counted in
 * {@code undecided} only (so {@code tp + fp + undecided} is the number of patients) and listed among the
 * misidentified with the reason, never silently given a class.
 *
 * @param misidentified patients called wrongly or not at all, in input order
 */
public record PatientCounts(int tp, int fp, int ctp, int cfp, int ntp, int nfp, int undecided,
                            List<Misidentified> misidentified) {

    /** A patient the rule got wrong (or could not decide). */
    public record Misidentified(String patientId, String series, boolean trulyCovid, PatientDecision decision) {
        /** {@code covid->normal}, {@code normal->covid} or {@code covid->undecided}. */
        public String error() {
            return (trulyCovid ? "covid" : "normal") + "->" + decision.verdict().word();
        }
    }

    public PatientCounts {
        misidentified = List.copyOf(misidentified);
    }

    /** Applies the paper's rule alone to every patient's counts (the fraction sweep's counts). */
    public static PatientCounts tally(List<PatientOutcome> outcomes, PatientRule rule) {
        return tally(outcomes, o -> o.decide(rule));
    }

    /** Applies the policy to every patient (what detect would decide on each) and counts. */
    public static PatientCounts tally(List<PatientOutcome> outcomes, DecisionPolicy policy) {
        return tally(outcomes, o -> o.decide(policy));
    }

    private static PatientCounts tally(List<PatientOutcome> outcomes,
                                       java.util.function.Function<PatientOutcome, PatientDecision> decider) {
        int ctp = 0;
        int cfp = 0;
        int ntp = 0;
        int nfp = 0;
        int undecided = 0;
        List<Misidentified> wrong = new ArrayList<>();
        for (PatientOutcome o : outcomes) {
            PatientDecision d = decider.apply(o);
            if (!d.isDecided()) {
                undecided++;
                wrong.add(new Misidentified(o.patientId(), o.series(), o.trulyCovid(), d));
                continue;
            }
            boolean calledCovid = d.isCovid();
            if (o.trulyCovid() && calledCovid) {
                ctp++;
            } else if (o.trulyCovid()) {
                nfp++;
            } else if (calledCovid) {
                cfp++;
            } else {
                ntp++;
            }
            if (calledCovid != o.trulyCovid()) {
                wrong.add(new Misidentified(o.patientId(), o.series(), o.trulyCovid(), d));
            }
        }
        return new PatientCounts(ctp + ntp, cfp + nfp, ctp, cfp, ntp, nfp, undecided, wrong);
    }

    public int patients() {
        return tp + fp + undecided;
    }

    /** COVID patients called COVID among COVID patients with a decision (NaN when none). */
    public double covidSensitivity() {
        return ratio(ctp, ctp + nfp);
    }

    /** Normal patients called normal among normal patients with a decision (NaN when none). */
    public double normalSensitivity() {
        return ratio(ntp, ntp + cfp);
    }

    /** Patients right among patients with a decision. */
    public double accuracy() {
        return ratio(tp, tp + fp);
    }

    private static double ratio(int a, int b) {
        return b == 0 ? Double.NaN : a / (double) b;
    }
}
