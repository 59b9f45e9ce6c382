package org.covidct.core.phantom;

/**
 * A straight tube of a vessel or airway tree: ends in reference pixels (x, y) and millimetres along the
 * sweep (z), radius in millimetres.
 */
record Segment(double x0, double y0, double z0, double x1, double y1, double z1, double radiusMm) {

    double zMin() {
        return Math.min(z0, z1);
    }

    double zMax() {
        return Math.max(z0, z1);
    }
}
