package org.covidct.core.phantom;

/**
 * An axis-aligned superellipse |dx/a|^p + |dy/b|^p <= 1 whose upper (anterior) and lower (posterior)
 * halves may have their own half-height and exponent: the flat back and rounder front of a chest.
 */
record SuperEllipse(double cx, double cy, double a, double bTop, double bBottom, double pTop, double pBottom)
        implements RowShape {

    /** The same shape shrunk by {@code dx} sideways and {@code dy} up and down (an approximate inset). */
    SuperEllipse inset(double dx, double dy) {
        return new SuperEllipse(cx, cy, Math.max(a - dx, 1e-3), Math.max(bTop - dy, 1e-3),
                Math.max(bBottom - dy, 1e-3), pTop, pBottom);
    }

    @Override
    public double yMin() {
        return cy - bTop;
    }

    @Override
    public double yMax() {
        return cy + bBottom;
    }

    @Override
    public boolean span(double y, double[] span) {
        double dy = y - cy;
        double b = dy < 0 ? bTop : bBottom;
        double p = dy < 0 ? pTop : pBottom;
        double t = Math.abs(dy) / b;
        if (t >= 1) {
            return false;
        }
        double h = a * Math.pow(1 - Math.pow(t, p), 1 / p);
        span[0] = cx - h;
        span[1] = cx + h;
        return true;
    }

    @Override
    public boolean contains(double x, double y) {
        double dy = y - cy;
        double b = dy < 0 ? bTop : bBottom;
        double p = dy < 0 ? pTop : pBottom;
        return Math.pow(Math.abs(x - cx) / a, p) + Math.pow(Math.abs(dy) / b, p) <= 1;
    }
}
