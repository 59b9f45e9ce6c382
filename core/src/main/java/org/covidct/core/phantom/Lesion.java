package org.covidct.core.phantom;

/**
 * One COVID-19 opacity: an irregular ellipsoidal blob in the lung.
 *
 * @param kind      ground glass or consolidation (a dense core in a ground-glass halo)
 * @param side      0 = patient right (image left), 1 = patient left (image right)
 * @param x         centre, reference pixels
 * @param y         centre, reference pixels
 * @param z         centre, millimetres along the sweep
 * @param a         in-plane semi-axis along {@code angle}, reference pixels
 * @param b         in-plane semi-axis across {@code angle}, reference pixels
 * @param c         semi-axis along the sweep, millimetres
 * @param angle     in-plane rotation, radians
 * @param peak      value (HU + 1024) reached in the ground-glass part
 * @param corePeak  value of the consolidated core (only for {@link Kind#CONSOLIDATION})
 * @param texture   phases and frequencies of the patchy texture (6 numbers)
 */
public record Lesion(Kind kind, int side, double x, double y, double z, double a, double b, double c, double angle,
                     float peak, float corePeak, double[] texture) {

    /** Ground-glass opacity or consolidation. */
    public enum Kind { GROUND_GLASS, CONSOLIDATION }

    /**
     * How strongly this lesion covers a point: 1 in its core, falling to 0 at its irregular border;
     * {@code halfSlab} widens the lesion along z by half the slice thickness (a thick slice shows
     * whatever its slab crosses).
     */
    double weight(double px, double py, double pz, double halfSlab) {
        double dx = px - x;
        double dy = py - y;
        double cs = Math.cos(angle);
        double sn = Math.sin(angle);
        double u = (dx * cs + dy * sn) / a;
        double v = (-dx * sn + dy * cs) / b;
        double dz = Math.max(0, Math.abs(pz - z) - halfSlab) / c;
        double r2 = u * u + v * v + dz * dz;
        if (r2 >= 1.44) {
            return 0;
        }
        // an irregular border: the radius is modulated by a smooth pattern fixed per lesion
        double wobble = 0.16 * Math.sin(texture[0] * u + texture[3]) * Math.sin(texture[1] * v + texture[4])
                + 0.08 * Math.sin(texture[2] * (u + v) + texture[5]);
        double r = Math.sqrt(r2) / (1 + wobble);
        if (r >= 1) {
            return 0;
        }
        double w = r <= 0.55 ? 1 : 1 - smooth((r - 0.55) / 0.45);
        // patchiness inside: ground glass is rarely uniform
        double patch = 0.82 + 0.18 * Math.sin(texture[0] * 2.3 * u + texture[5]) * Math.cos(texture[1] * 2.1 * v + texture[3]);
        return w * patch;
    }

    private static double smooth(double t) {
        return t * t * (3 - 2 * t);
    }

    /** Extent in reference pixels of the bounding box half-size in-plane. */
    double reach() {
        return 1.2 * Math.max(a, b) * 1.25;
    }
}
