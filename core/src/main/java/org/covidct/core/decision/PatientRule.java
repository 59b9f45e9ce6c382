package org.covidct.core.decision;

import org.covidct.core.CovidctException;

import java.math.BigDecimal;

/**
 * The paper's patient-level rule (REFERENCE section 5): a person is COVID when at least {@code fraction}
 * of the kept (lung-open) slices of their series are classified COVID. The comparison is exact
 * ({@code covid / kept >= fraction} evaluated in decimal), so exactly 10% is COVID at the default 0.10.
 *
 * <p>With no kept slice there is nothing to decide on: the rule returns an undecided result with the
 * reason, never a guess.
 */
public final class PatientRule {

    /** The paper's fraction. */
    public static final BigDecimal PAPER_FRACTION = new BigDecimal("0.10");

    private final BigDecimal fraction;

    private PatientRule(BigDecimal fraction) {
        if (fraction.signum() < 0 || fraction.compareTo(BigDecimal.ONE) > 0) {
            throw new CovidctException("COVID fraction must lie in [0, 1], got " + fraction.toPlainString());
        }
        this.fraction = fraction;
    }

    /** The rule at the paper's 10%. */
    public static PatientRule paper() {
        return new PatientRule(PAPER_FRACTION);
    }

    /** The rule at an exact decimal fraction such as {@code "0.10"}. */
    public static PatientRule of(String fraction) {
        try {
            return new PatientRule(new BigDecimal(fraction.trim()));
        } catch (NumberFormatException e) {
            throw new CovidctException("COVID fraction is not a number: '" + fraction + "'");
        }
    }

    /** The rule at a fraction given as a double (its shortest decimal form is used, so 0.1 means 1/10). */
    public static PatientRule of(double fraction) {
        if (!Double.isFinite(fraction)) {
            throw new CovidctException("COVID fraction must be finite, got " + fraction);
        }
        return new PatientRule(new BigDecimal(Double.toString(fraction)));
    }

    public BigDecimal fraction() {
        return fraction;
    }

    /**
     * Decides from the number of kept slices and how many of them the network called COVID.
     *
     * @param keptSlices       slices the selection kept (the denominator)
     * @param covidKeptSlices  kept slices classified COVID
     */
    public PatientDecision decide(int keptSlices, int covidKeptSlices) {
        if (keptSlices < 0 || covidKeptSlices < 0 || covidKeptSlices > keptSlices) {
            throw new IllegalArgumentException("counts out of range: kept=" + keptSlices + " covid=" + covidKeptSlices);
        }
        if (keptSlices == 0) {
            return PatientDecision.undecided(fraction, 0, 0, UndecidedReason.NO_KEPT_SLICE,
                    "no slice was kept by the selection (the lung is never open in the analysed window), "
                            + "so the rule has nothing to count; no decision is made");
        }
        boolean covid = BigDecimal.valueOf(covidKeptSlices)
                .compareTo(fraction.multiply(BigDecimal.valueOf(keptSlices))) >= 0;
        return PatientDecision.decided(covid ? PatientDecision.Verdict.COVID : PatientDecision.Verdict.NORMAL,
                fraction, keptSlices, covidKeptSlices);
    }

    /** Human-readable statement of the rule, for reports. */
    public String describe() {
        return "COVID when at least " + percent(fraction) + " of the kept slices are classified COVID";
    }

    static String percent(BigDecimal f) {
        return f.movePointRight(2).stripTrailingZeros().toPlainString() + "%";
    }

    @Override
    public String toString() {
        return "PatientRule[fraction=" + fraction.toPlainString() + "]";
    }
}
