package org.covidct.core.lesion;

/** What a synthetic finding imitates, and on which side of the COVID decision it belongs. */
public enum FindingKind {
    /** Hazy increase of lung density (about -750 to -300 HU) through which vessels stay visible. */
    GROUND_GLASS(true),
    /** Ground glass with a network of thickened interlobular septa over it. */
    CRAZY_PAVING(true),
    /** A dense core (about -150 to +30 HU) in a ground-glass halo, sometimes with an air bronchogram. */
    CONSOLIDATION(true),
    /** Normal: the density rise of the dependent (posterior) lung of a supine patient. */
    DEPENDENT_DENSITY(false),
    /** Normal or benign: a thin curved band of collapsed lung near the pleura. */
    ATELECTASIS_BAND(false),
    /** Bacterial pneumonia, not COVID-19: one dense lobar or segmental consolidation with air bronchograms. */
    LOBAR_CONSOLIDATION(false);

    private final boolean covidPattern;

    FindingKind(boolean covidPattern) {
        this.covidPattern = covidPattern;
    }

    /** Part of the COVID-19 pattern (a positive), as opposed to a look-alike or another disease. */
    public boolean covidPattern() {
        return covidPattern;
    }
}
