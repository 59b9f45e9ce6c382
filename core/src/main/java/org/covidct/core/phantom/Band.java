package org.covidct.core.phantom;

/**
 * A vertical band around x = {@code mx} from {@code yTop} to {@code yBottom} whose half-width grows
 * linearly from {@code hwTop} to {@code hwMid} down to {@code yMid} and stays there: the mediastinum,
 * narrow behind the sternum, wider around the trachea and the great vessels.
 */
record Band(double mx, double yTop, double yBottom, double hwTop, double hwMid, double yMid) implements RowShape {

    @Override
    public double yMin() {
        return yTop;
    }

    @Override
    public double yMax() {
        return yBottom;
    }

    @Override
    public boolean span(double y, double[] span) {
        if (y < yTop || y > yBottom) {
            return false;
        }
        double hw = y >= yMid ? hwMid : hwTop + (hwMid - hwTop) * (y - yTop) / Math.max(yMid - yTop, 1e-6);
        span[0] = mx - hw;
        span[1] = mx + hw;
        return true;
    }
}
