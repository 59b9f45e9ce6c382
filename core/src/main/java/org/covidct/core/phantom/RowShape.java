package org.covidct.core.phantom;

/**
 * A 2D region, in reference pixels (the 512 x 512 grid), that is convex along every row: painting
 * it costs one span computation per row instead of a test per pixel.
 */
interface RowShape {

    double yMin();

    double yMax();

    /**
     * The region's x-interval on the row at {@code y}, written to {@code span[0..1]}.
     *
     * @return false when the row misses the region
     */
    boolean span(double y, double[] span);

    default boolean contains(double x, double y) {
        if (y < yMin() || y > yMax()) {
            return false;
        }
        double[] s = new double[2];
        return span(y, s) && x >= s[0] && x <= s[1];
    }
}
