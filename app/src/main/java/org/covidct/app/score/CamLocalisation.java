package org.covidct.app.score;

import org.covidct.app.detect.SeriesDetection;
import org.covidct.app.detect.SliceResult;
import org.covidct.core.image.CtSlice;
import org.covidct.core.labels.SliceLabel;
import org.covidct.core.labels.SliceLabels;
import org.covidct.core.lung.LungMask;
import org.covidct.core.lung.LungSegmentation;
import org.covidct.core.lung.LungSide;
import org.covidct.nn.explain.Heatmap;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Where the Grad-CAM map of each kept infected slice points: the map's peak (its maximum, the first in row-major
 * order on ties) and the lung that holds it ({@link LungMask#sideAt}: the patient's left lung is on the image's
 * right). Only slices whose radiologists marked at least one lobe are mapped: the others cannot be checked. A map
 * with no positive evidence peaks at its first cell, outside the lungs: a miss.
 */
public final class CamLocalisation {

    /** Per sweep position: whether a map was made, and where its peak lies. */
    public record Peaks(boolean[] made, LungSide[] sides) {
    }

    /**
     * Field of view assumed for slices without PixelSpacing (TIFF), as detection assumes it: 360 mm.
     */
    static final double ASSUMED_FIELD_OF_VIEW_MM = 360;

    private CamLocalisation() {
    }

    /**
     * @param maps       the Grad-CAM map of a slice (a model's, or a stand-in in tests)
     * @param keptSlices the decoded kept slices in sweep order (what detection returns)
     */
    public static Peaks of(Function<CtSlice, Heatmap> maps, SeriesDetection d, List<CtSlice> keptSlices,
                           SliceLabels labels) {
        List<SliceResult> rows = d.slices();
        boolean[] made = new boolean[rows.size()];
        LungSide[] sides = new LungSide[rows.size()];
        List<Integer> positions = new ArrayList<>();
        List<CtSlice> toMap = new ArrayList<>();
        int k = 0;
        for (int i = 0; i < rows.size(); i++) {
            SliceResult r = rows.get(i);
            if (!r.kept()) {
                continue;
            }
            CtSlice slice = keptSlices.get(k++);
            SliceLabel label = labels.of(SeriesScoring.instanceOf(r, i)).orElse(null);
            if (label != null && label.infected() && !label.sides().isEmpty()) {
                positions.add(i);
                toMap.add(slice);
            }
        }
        for (int j = 0; j < toMap.size(); j++) {
            CtSlice slice = toMap.get(j);
            Heatmap map = maps.apply(slice);
            int[] peak = map.argMax();
            double spacing = d.study().pixelSpacingMm() != null && d.study().pixelSpacingMm() > 0
                    ? d.study().pixelSpacingMm() : ASSUMED_FIELD_OF_VIEW_MM / slice.width();
            int i = positions.get(j);
            made[i] = true;
            sides[i] = LungSegmentation.of(slice, spacing).sideAt(peak[0], peak[1]);
        }
        return new Peaks(made, sides);
    }

    /** Slices {@link #of} would map: kept infected slices with at least one marked lobe. */
    public static int toMap(SeriesDetection d, SliceLabels labels) {
        int n = 0;
        for (int i = 0; i < d.slices().size(); i++) {
            SliceResult r = d.slices().get(i);
            if (r.kept() && labels.of(SeriesScoring.instanceOf(r, i)).map(l -> l.infected() && !l.sides().isEmpty())
                    .orElse(false)) {
                n++;
            }
        }
        return n;
    }
}
