package org.covidct.core.labels;

import org.covidct.core.lung.LungSide;

import java.util.EnumSet;
import java.util.Set;

/**
 * What the radiologists marked on one slice.
 *
 * @param instance the DICOM InstanceNumber (1 = most superior in COVID-CT-MD)
 * @param infected infection marked anywhere on the slice
 * @param lobes    the lobes marked infected (may be empty on an infected slice whose lobes were not given)
 */
public record SliceLabel(int instance, boolean infected, Set<Lobe> lobes) {

    public SliceLabel {
        lobes = lobes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(lobes));
    }

    /** The lungs with at least one marked lobe. */
    public Set<LungSide> sides() {
        EnumSet<LungSide> sides = EnumSet.noneOf(LungSide.class);
        for (Lobe lobe : lobes) {
            sides.add(lobe.side());
        }
        return sides;
    }
}
