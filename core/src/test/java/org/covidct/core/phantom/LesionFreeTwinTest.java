package org.covidct.core.phantom;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** A COVID phantom's slice and its lesion-free twin differ only at (and, through the blur, next to) its lesions. */
class LesionFreeTwinTest {

    @Test
    void twinsDifferOnlyAtTheLesions() {
        PhantomGenerator gen = PhantomGenerator.builder().setSeed(21).optSize(128).optCovidFraction(1).build();
        int checkedSlices = 0;
        for (int p = 0; p < 4 && checkedSlices < 3; p++) {
            PhantomPatient patient = gen.patient(p);
            for (int i = 0; i < patient.series().get(0).sliceCount(); i++) {
                PhantomSlice with = patient.render(0, i, true);
                PhantomSlice without = patient.render(0, i, false);
                // a lesion's faint fringe (weight below the mask's 0.5) may reach slices without mask cells
                checkedSlices += with.hasLesion() ? 1 : 0;
                int n = 128;
                int differing = 0;
                for (int y = 0; y < n; y++) {
                    for (int x = 0; x < n; x++) {
                        if (with.slice().get(x, y) == without.slice().get(x, y)) {
                            continue;
                        }
                        differing++;
                        boolean nearLesion = false;
                        for (int dy = -3; dy <= 3 && !nearLesion; dy++) {
                            for (int dx = -3; dx <= 3 && !nearLesion; dx++) {
                                int xx = x + dx;
                                int yy = y + dy;
                                nearLesion = xx >= 0 && yy >= 0 && xx < n && yy < n && with.lesionAt(xx, yy);
                            }
                        }
                        // the lesion mask is where its weight >= 0.5; its fading border reaches a little further
                        assertTrue(nearLesion || with.tissueAt(x, y) == Tissue.LUNG,
                                "patient " + p + " slice " + i + ": differs at " + x + "," + y + " away from lung");
                    }
                }
                assertTrue(differing > 0 || !with.hasLesion(), "a slice with a lesion equals its twin");
            }
        }
        assertTrue(checkedSlices >= 3, "found " + checkedSlices + " slices with lesions");
    }
}
