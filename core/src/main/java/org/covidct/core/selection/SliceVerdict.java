package org.covidct.core.selection;

/**
 * The selector's judgement of one slice.
 *
 * @param file      the slice's file name as shown in outputs
 * @param darkCount the score the rule thresholds (for the reference rule: pixels below 300 in the window)
 * @param selected  true when the slice is kept
 */
public record SliceVerdict(String file, int darkCount, boolean selected) {
}
