package org.covidct.app.demo;

import org.covidct.app.detect.ClassifierScorer;
import org.covidct.core.image.CtSlice;
import org.covidct.nn.explain.Heatmap;

import java.util.List;

/**
 * The pointing game (Zhang, Lin, Brandt, Shen, Sclaroff, "Top-down Neural Attention by Excitation Backprop", ECCV
 * 2016): on slices whose lesions are known to the pixel, does the peak of the Grad-CAM map fall on a lesion? Counted
 * strictly (the peak pixel inside the mask) and within a tolerance of {@code tolerancePx} (the original game's
 * allowance for maps coarser than the image: here the network's finest Grad-CAM cell is 16 input pixels).
 */
final class PointingGame {

    /** Hits out of slices played, strictly and within the tolerance. */
    record Result(int slices, int hits, int hitsWithinTolerance, int tolerancePx) {
        double rate() {
            return slices == 0 ? Double.NaN : (double) hits / slices;
        }

        double rateWithinTolerance() {
            return slices == 0 ? Double.NaN : (double) hitsWithinTolerance / slices;
        }
    }

    private PointingGame() {
    }

    /**
     * Plays every slice (masks: row-major, the slice's size, true on lesion pixels) in batches of {@code batch}.
     */
    static Result play(ClassifierScorer scorer, List<CtSlice> slices, List<boolean[]> masks, int batch,
                       int tolerancePx) {
        int hits = 0;
        int near = 0;
        for (int from = 0; from < slices.size(); from += batch) {
            List<CtSlice> part = slices.subList(from, Math.min(slices.size(), from + batch));
            Heatmap[] maps = scorer.heatmaps(part);
            for (int i = 0; i < part.size(); i++) {
                int[] peak = maps[i].argMax();
                boolean[] mask = masks.get(from + i);
                int w = part.get(i).width();
                int h = part.get(i).height();
                hits += mask[peak[1] * w + peak[0]] ? 1 : 0;
                near += within(mask, w, h, peak[0], peak[1], tolerancePx) ? 1 : 0;
            }
        }
        return new Result(slices.size(), hits, near, tolerancePx);
    }

    /** Whether a mask pixel lies within {@code r} pixels (Euclidean) of (x, y). */
    static boolean within(boolean[] mask, int w, int h, int x, int y, int r) {
        for (int dy = -r; dy <= r; dy++) {
            for (int dx = -r; dx <= r; dx++) {
                int xx = x + dx;
                int yy = y + dy;
                if (dx * dx + dy * dy <= r * r && xx >= 0 && yy >= 0 && xx < w && yy < h && mask[yy * w + xx]) {
                    return true;
                }
            }
        }
        return false;
    }
}
