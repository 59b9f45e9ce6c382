package org.covidct.core.lesion;

/**
 * One finding as drawn.
 *
 * @param kind     what it imitates
 * @param x        centre column, pixels
 * @param y        centre row, pixels
 * @param sizeMm   its size (the larger semi-axis of a lesion, the length of a band), millimetres
 * @param levelHu  the density it brings the lung to (for density rises: the rise itself), HU
 * @param pixels   pixels where it counts as present (its mask)
 */
public record Finding(FindingKind kind, double x, double y, double sizeMm, double levelHu, int pixels) {
}
