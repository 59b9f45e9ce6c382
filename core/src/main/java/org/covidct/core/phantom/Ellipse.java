package org.covidct.core.phantom;

/**
 * An ellipse with semi-axes {@code a} (along the rotated x axis) and {@code b}, rotated by
 * {@code angle} radians (image coordinates, y down).
 */
record Ellipse(double cx, double cy, double a, double b, double angle) implements RowShape {

    static Ellipse circle(double cx, double cy, double r) {
        return new Ellipse(cx, cy, r, r, 0);
    }

    static Ellipse axis(double cx, double cy, double a, double b) {
        return new Ellipse(cx, cy, a, b, 0);
    }

    Ellipse scaled(double f) {
        return new Ellipse(cx, cy, a * f, b * f, angle);
    }

    Ellipse grown(double d) {
        return new Ellipse(cx, cy, a + d, b + d, angle);
    }

    private double halfHeight() {
        double s = Math.sin(angle);
        double c = Math.cos(angle);
        return Math.sqrt(a * a * s * s + b * b * c * c);
    }

    @Override
    public double yMin() {
        return cy - halfHeight();
    }

    @Override
    public double yMax() {
        return cy + halfHeight();
    }

    @Override
    public boolean span(double y, double[] span) {
        double dy = y - cy;
        if (angle == 0) {
            double t = 1 - dy * dy / (b * b);
            if (t < 0) {
                return false;
            }
            double h = a * Math.sqrt(t);
            span[0] = cx - h;
            span[1] = cx + h;
            return true;
        }
        // (dx c + dy s)^2 / a^2 + (-dx s + dy c)^2 / b^2 <= 1, a quadratic in dx
        double s = Math.sin(angle);
        double c = Math.cos(angle);
        double ia = 1 / (a * a);
        double ib = 1 / (b * b);
        double qa = c * c * ia + s * s * ib;
        double qb = 2 * dy * c * s * (ia - ib);
        double qc = dy * dy * (s * s * ia + c * c * ib) - 1;
        double disc = qb * qb - 4 * qa * qc;
        if (disc < 0) {
            return false;
        }
        double r = Math.sqrt(disc);
        span[0] = cx + (-qb - r) / (2 * qa);
        span[1] = cx + (-qb + r) / (2 * qa);
        return true;
    }

    @Override
    public boolean contains(double x, double y) {
        double dx = x - cx;
        double dy = y - cy;
        double s = Math.sin(angle);
        double c = Math.cos(angle);
        double u = (dx * c + dy * s) / a;
        double v = (-dx * s + dy * c) / b;
        return u * u + v * v <= 1;
    }
}
