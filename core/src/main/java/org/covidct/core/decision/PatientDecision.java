package org.covidct.core.decision;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of {@link PatientRule} for one series: a verdict with the counts behind it, or no verdict
 * and the reason.
 *
 * @param verdict          COVID or NORMAL, or UNDECIDED when there was nothing to decide on
 * @param fraction         the rule's threshold
 * @param keptSlices       slices the selection kept
 * @param covidKeptSlices  of those, slices classified COVID
 * @param reason           why no decision was made, a sentence for people (null when decided)
 * @param cause            why no decision was made, as a code for machines (null when decided)
 */
public record PatientDecision(Verdict verdict, BigDecimal fraction, int keptSlices, int covidKeptSlices,
                              String reason, UndecidedReason cause) {

    /** What the rule concluded. */
    public enum Verdict {
        COVID, NORMAL, UNDECIDED;

        /** Lower-case word used in CSV and JSON outputs. */
        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public PatientDecision {
        Objects.requireNonNull(verdict);
        Objects.requireNonNull(fraction);
        if ((verdict == Verdict.UNDECIDED) != (reason != null) || (reason == null) != (cause == null)) {
            throw new IllegalArgumentException("a reason and its cause are given exactly when undecided");
        }
    }

    static PatientDecision decided(Verdict verdict, BigDecimal fraction, int kept, int covid) {
        return new PatientDecision(verdict, fraction, kept, covid, null, null);
    }

    /**
     * No verdict, with the counts that were seen (they stay in the outputs: an undecided series near the threshold
     * still says how many slices were called COVID).
     */
    public static PatientDecision undecided(BigDecimal fraction, int kept, int covid, UndecidedReason cause,
                                            String reason) {
        return new PatientDecision(Verdict.UNDECIDED, fraction, kept, covid, reason, cause);
    }

    public boolean isDecided() {
        return verdict != Verdict.UNDECIDED;
    }

    /** True for a COVID verdict; throws when undecided so that no caller silently treats it as normal. */
    public boolean isCovid() {
        if (!isDecided()) {
            throw new IllegalStateException("no decision: " + reason);
        }
        return verdict == Verdict.COVID;
    }

    /** Share of kept slices classified COVID; empty when nothing was kept. */
    public Optional<Double> covidShare() {
        return keptSlices == 0 ? Optional.empty() : Optional.of(covidKeptSlices / (double) keptSlices);
    }

    /** One sentence for people: the verdict and the numbers behind it. */
    public String explain() {
        if (!isDecided()) {
            return "Undecided: " + reason + ".";
        }
        String share = String.format(java.util.Locale.ROOT, "%.1f%%", 100.0 * covidKeptSlices / keptSlices);
        return covidKeptSlices + " of " + keptSlices + " kept slices (" + share + ") were classified COVID; "
                + "the threshold is " + PatientRule.percent(fraction) + ", so the series is called "
                + (verdict == Verdict.COVID ? "COVID-19" : "normal") + ".";
    }
}
