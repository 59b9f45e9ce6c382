package org.covidct.core.decision;

import org.covidct.core.CovidctException;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * When a series gets a verdict at all, around the paper's {@link PatientRule}: a detector used on people must say
 * when it does not know. A series is <b>undecided</b>, with its reason, when
 * <ol>
 *     <li>the input cannot carry a verdict ({@link UndecidedInput}: values, orientation, lungs not spanned);</li>
 *     <li>no slice was kept, or fewer than {@link #minKept()}: below ten kept slices a single slice is more than the
 *     paper's 10%, so one misclassified slice decides the person;</li>
 *     <li>the COVID fraction lies strictly inside the band {@code threshold +- band}: one or two slices of a sweep
 *     flip such a decision. The comparison is exact ({@code |covid - threshold x kept| < band x kept} in decimal).</li>
 * </ol>
 * Otherwise the rule decides. {@link #ruleOnly(PatientRule)} (band 0, one kept slice enough) is the paper's rule
 * alone.
 *
 * @param rule    the patient rule
 * @param band    half-width of the undecided band around the rule's fraction (0: no band)
 * @param minKept fewest kept slices that can carry a verdict (at least 1)
 */
public record DecisionPolicy(PatientRule rule, BigDecimal band, int minKept) {

    /**
     * Default band: 0.02 on each side of the threshold, i.e. 8%-12% at the paper's 10%. A typical sweep keeps 50-90
     * slices (the shared real series: 68-90 at 2 mm), where 0.02 is one or two slices; a verdict that one or two
     * slices' classification would reverse is not called.
     */
    public static final BigDecimal DEFAULT_BAND = new BigDecimal("0.02");
    /** Default minimum of kept slices: 10, the count at which one slice is exactly the paper's 10%. */
    public static final int DEFAULT_MIN_KEPT = 10;

    public DecisionPolicy {
        Objects.requireNonNull(rule);
        Objects.requireNonNull(band);
        if (band.signum() < 0 || band.compareTo(new BigDecimal("0.5")) > 0) {
            throw new CovidctException("undecided band must lie in [0, 0.5], got " + band.toPlainString());
        }
        if (minKept < 1) {
            throw new CovidctException("minimum of kept slices must be at least 1, got " + minKept);
        }
    }

    /** The rule with the default band and minimum. */
    public static DecisionPolicy of(PatientRule rule) {
        return new DecisionPolicy(rule, DEFAULT_BAND, DEFAULT_MIN_KEPT);
    }

    /** The paper's rule alone: no band, one kept slice enough. */
    public static DecisionPolicy ruleOnly(PatientRule rule) {
        return new DecisionPolicy(rule, BigDecimal.ZERO, 1);
    }

    /** A band given as text ({@code "0.02"}): a one-line error when it is not a number. */
    public static BigDecimal band(String text) {
        try {
            return new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            throw new CovidctException("undecided band is not a number: '" + text + "'");
        }
    }

    /** The lower edge of the band (the threshold minus the band, at least 0). */
    public BigDecimal bandLow() {
        return rule.fraction().subtract(band).max(BigDecimal.ZERO);
    }

    /** The upper edge of the band (the threshold plus the band, at most 1). */
    public BigDecimal bandHigh() {
        return rule.fraction().add(band).min(BigDecimal.ONE);
    }

    /** Decides from counts alone (no input problem). */
    public PatientDecision decide(int keptSlices, int covidKeptSlices) {
        return decide(keptSlices, covidKeptSlices, null);
    }

    /**
     * @param input a property of the input that rules a verdict out, or null
     */
    public PatientDecision decide(int keptSlices, int covidKeptSlices, UndecidedInput input) {
        PatientDecision byRule = rule.decide(keptSlices, covidKeptSlices);
        BigDecimal fraction = rule.fraction();
        if (input != null) {
            return PatientDecision.undecided(fraction, keptSlices, covidKeptSlices, input.cause(), input.text());
        }
        if (!byRule.isDecided()) {
            return byRule;
        }
        if (keptSlices < minKept) {
            return PatientDecision.undecided(fraction, keptSlices, covidKeptSlices, UndecidedReason.TOO_FEW_KEPT_SLICES,
                    "only " + keptSlices + " slice" + (keptSlices == 1 ? " was" : "s were") + " kept, fewer than the "
                            + minKept + " needed: a single slice would weigh " + PatientRule.percent(
                            BigDecimal.ONE.divide(BigDecimal.valueOf(keptSlices), 3, java.math.RoundingMode.HALF_EVEN))
                            + " of the evidence");
        }
        BigDecimal distance = BigDecimal.valueOf(covidKeptSlices).subtract(fraction.multiply(BigDecimal.valueOf(keptSlices)))
                .abs();
        if (band.signum() > 0 && distance.compareTo(band.multiply(BigDecimal.valueOf(keptSlices))) < 0) {
            return PatientDecision.undecided(fraction, keptSlices, covidKeptSlices, UndecidedReason.NEAR_THRESHOLD,
                    covidKeptSlices + " of " + keptSlices + " kept slices were classified COVID ("
                            + String.format(java.util.Locale.ROOT, "%.1f%%", 100.0 * covidKeptSlices / keptSlices)
                            + "), inside the undecided band " + PatientRule.percent(bandLow()) + " to "
                            + PatientRule.percent(bandHigh()) + " around the threshold "
                            + PatientRule.percent(fraction) + ": one or two slices would change the verdict");
        }
        return byRule;
    }

    /** Human-readable statement of the policy, for reports. */
    public String describe() {
        String s = rule.describe();
        if (band.signum() > 0) {
            s += "; undecided when the share lies strictly between " + PatientRule.percent(bandLow()) + " and "
                    + PatientRule.percent(bandHigh());
        }
        if (minKept > 1) {
            s += "; undecided with fewer than " + minKept + " kept slices";
        }
        return s;
    }
}
