package org.covidct.core.phantom;

import java.util.SplittableRandom;

/**
 * Grows the pulmonary arteries, veins and bronchi of an {@link Anatomy}: from each hilum a few lobar
 * trunks branch dichotomously (children about 0.7-0.85 of the parent's radius, turned 17-35 degrees,
 * pushed away from the hilum) until they are thinner than about half a millimetre or would leave the
 * lung. Vessels therefore crowd around the hilum and thin out toward the pleura, as on a real scan.
 * The first generations of the arteries are accompanied by a bronchus.
 */
final class VesselTrees {

    private static final double MIN_RADIUS_MM = 0.35;
    private static final int MAX_GENERATION = 14;
    private static final int TWIGS_PER_LUNG = 1100;
    private static final int MAX_SEGMENTS_PER_TRUNK = 160;

    private VesselTrees() {
    }

    private static double u(SplittableRandom r, double a, double b) {
        return a + (b - a) * r.nextDouble();
    }

    static void grow(Anatomy an, SplittableRandom r) {
        for (int side = 0; side < 2; side++) {
            int s = Anatomy.sign(side);
            double hz = an.lungTopZ + an.lungLength * u(r, 0.33, 0.37);
            double[] hilum = findLung(an, an.mx + s * (an.medHwMid * 1.15 + 4 / an.mmPerPx),
                    an.spineY - an.vertR - u(r, 8, 16) / an.mmPerPx, hz, s);
            if (hilum == null) {
                continue;
            }
            // the main pulmonary artery from the trunk to the hilum, through the mediastinum
            an.hilarVessels.add(new Segment(an.ptX, an.ptY, an.ptZ, hilum[0], hilum[1], hilum[2], u(r, 8, 10)));
            // the main bronchus from the carina
            an.bronchi.add(new Segment(an.tracheaX, an.tracheaCarinaY, an.carinaZ,
                    hilum[0] - s * 4 / an.mmPerPx, hilum[1] + 6 / an.mmPerPx, hilum[2] - 4, u(r, 5.5, 7)));
            double[][] trunks = {
                    {0.35 * s, -0.1, -0.9},   // upper lobe
                    {0.2 * s, 0.5, -0.8},     // upper lobe, posterior
                    {0.85 * s, -0.45, 0.2},   // middle lobe / lingula
                    {0.55 * s, 0.25, 0.75},   // lower lobe, lateral
                    {0.3 * s, 0.65, 0.65},    // lower lobe, posterior
            };
            scatterTwigs(an, r, side, hilum);
            for (double[] d : trunks) {
                double[] dir = jitter(r, d, 0.15);
                growBranch(an, r, hilum.clone(), dir, u(r, 2.0, 2.6), true, hilum);
            }
            // pulmonary veins drain lower and further forward
            double[] veinRoot = findLung(an, hilum[0], hilum[1] - 6 / an.mmPerPx, hilum[2] + 18, s);
            if (veinRoot != null) {
                an.hilarVessels.add(new Segment(an.heartCx - s * 10 / an.mmPerPx, an.heartCy + 10 / an.mmPerPx,
                        Math.max(an.heartTopZ + 8, veinRoot[2]), veinRoot[0], veinRoot[1], veinRoot[2], u(r, 6, 7.5)));
                for (double[] d : trunks) {
                    double[] dir = jitter(r, new double[] {d[0], d[1] - 0.2, d[2]}, 0.3);
                    growBranch(an, r, veinRoot.clone(), dir, u(r, 1.8, 2.3), false, veinRoot);
                }
            }
        }
    }

    /**
     * The small peripheral vessels: short forked twigs strewn evenly through the lung volume, pointing away
     * from the hilum and thinning toward the pleura. A branching tree alone leaves the periphery too
     * empty at any affordable size; on a slice these read as the dots and short lines of real lungs.
     */
    private static void scatterTwigs(Anatomy an, SplittableRandom r, int side, double[] hilum) {
        int placed = 0;
        double x0 = an.lungCx[side] - an.lungAx[side];
        double w = 2 * an.lungAx[side];
        double y0 = an.lungCy[side] - an.lungBy[side];
        double h = 2 * an.lungBy[side];
        for (int tries = 0; placed < TWIGS_PER_LUNG && tries < TWIGS_PER_LUNG * 20; tries++) {
            double x = x0 + w * r.nextDouble();
            double y = y0 + h * r.nextDouble();
            double z = an.lungTopZ + an.lungLength * r.nextDouble();
            if (!an.isLung(x, y, z)) {
                continue;
            }
            double[] p = {x, y, z};
            double[] away = {(x - hilum[0]) * an.mmPerPx, (y - hilum[1]) * an.mmPerPx, z - hilum[2]};
            double dist = Math.sqrt(away[0] * away[0] + away[1] * away[1] + away[2] * away[2]);
            double[] d = jitter(r, normalize(away), 0.35);
            double radius = (0.85 - 0.5 * Math.min(1, dist / 100)) * u(r, 0.75, 1.2);
            double len = u(r, 3, 8);
            double[] a = step(an, p, d, -len / 2);
            double[] b = step(an, p, d, len / 2);
            if (!an.isLung(a[0], a[1], a[2])) {
                a = p;
            }
            if (!an.isLung(b[0], b[1], b[2])) {
                b = p;
            }
            if (a == b) {
                continue;
            }
            an.vessels.add(new Segment(a[0], a[1], a[2], b[0], b[1], b[2], radius));
            double[] fork = step(an, p, jitter(r, d, 0.8), len * 0.5);
            if (an.isLung(fork[0], fork[1], fork[2])) {
                an.vessels.add(new Segment(p[0], p[1], p[2], fork[0], fork[1], fork[2], radius * 0.75));
            }
            placed++;
        }
    }

    /** Moves laterally from (x, y, z) until inside the lung; null when there is no lung near. */
    private static double[] findLung(Anatomy an, double x, double y, double z, int s) {
        for (int k = 0; k < 80; k++) {
            double xx = x + s * k * 2;
            if (an.isLung(xx, y, z)) {
                return new double[] {xx + s * 3, y, z};
            }
        }
        return null;
    }

    private static double[] jitter(SplittableRandom r, double[] d, double amount) {
        double[] v = {d[0] + u(r, -amount, amount), d[1] + u(r, -amount, amount), d[2] + u(r, -amount, amount)};
        return normalize(v);
    }

    static double[] normalize(double[] v) {
        double n = Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
        return new double[] {v[0] / n, v[1] / n, v[2] / n};
    }

    /** A branch waiting to grow: breadth-first, so a size cap trims the finest twigs evenly. */
    private record Bud(double[] p, double[] dir, double radius, int gen) {
    }

    private static void growBranch(Anatomy an, SplittableRandom r, double[] root, double[] rootDir, double rootRadius,
                                   boolean artery, double[] hilum) {
        java.util.ArrayDeque<Bud> queue = new java.util.ArrayDeque<>();
        queue.add(new Bud(root, rootDir, rootRadius, 0));
        int count = 0;
        while (!queue.isEmpty() && count < MAX_SEGMENTS_PER_TRUNK) {
            Bud b = queue.poll();
            double[] p = b.p();
            double radius = b.radius();
            double len = Math.max(4, Math.min(30, radius * u(r, 7, 11)));
            double[] q = null;
            double[] d = b.dir();
            for (int attempt = 0; attempt < 5 && q == null; attempt++) {
                if (attempt > 0) {
                    d = jitter(r, b.dir(), 0.6);
                    len *= 0.75;
                }
                double[] end = step(an, p, d, len);
                double[] mid = step(an, p, d, len / 2);
                if (an.isLung(end[0], end[1], end[2]) && an.isLung(mid[0], mid[1], mid[2])) {
                    q = end;
                }
            }
            if (q == null) {
                continue;
            }
            an.vessels.add(new Segment(p[0], p[1], p[2], q[0], q[1], q[2], radius));
            count++;
            if (artery && b.gen() <= 1 && radius > 1.4) {
                // the bronchus runs beside its artery
                double off = (radius + 2.0) / an.mmPerPx;
                double ox = -d[1];
                double oy = d[0];
                double on = Math.max(1e-6, Math.hypot(ox, oy));
                an.bronchi.add(new Segment(p[0] + ox / on * off, p[1] + oy / on * off, p[2],
                        q[0] + ox / on * off, q[1] + oy / on * off, q[2], radius * 0.7));
            }
            if (radius * 0.7 < MIN_RADIUS_MM || b.gen() >= MAX_GENERATION) {
                continue;
            }
            // away from the hilum, in millimetres
            double[] away = normalize(new double[] {(q[0] - hilum[0]) * an.mmPerPx, (q[1] - hilum[1]) * an.mmPerPx,
                    q[2] - hilum[2] + 1e-6});
            double[] axis = perpendicular(r, d);
            double a1 = Math.toRadians(u(r, 17, 35));
            double a2 = -Math.toRadians(u(r, 17, 35));
            double[] d1 = normalize(add(rotate(d, axis, a1), away, 0.45));
            double[] d2 = normalize(add(rotate(d, axis, a2), away, 0.45));
            queue.add(new Bud(q, d1, radius * u(r, 0.76, 0.88), b.gen() + 1));
            queue.add(new Bud(q, d2, radius * u(r, 0.68, 0.82), b.gen() + 1));
        }
    }

    private static double[] add(double[] a, double[] b, double w) {
        return new double[] {a[0] + w * b[0], a[1] + w * b[1], a[2] + w * b[2]};
    }

    /** p moved by len millimetres along the unit direction d (x, y converted to reference pixels). */
    private static double[] step(Anatomy an, double[] p, double[] d, double len) {
        return new double[] {p[0] + d[0] * len / an.mmPerPx, p[1] + d[1] * len / an.mmPerPx, p[2] + d[2] * len};
    }

    /** A random unit vector perpendicular to the unit vector d. */
    static double[] perpendicular(SplittableRandom r, double[] d) {
        double[] v = {r.nextDouble() - 0.5, r.nextDouble() - 0.5, r.nextDouble() - 0.5};
        double dot = v[0] * d[0] + v[1] * d[1] + v[2] * d[2];
        return normalize(new double[] {v[0] - dot * d[0], v[1] - dot * d[1], v[2] - dot * d[2]});
    }

    /** Rodrigues rotation of v about the unit axis k. */
    static double[] rotate(double[] v, double[] k, double angle) {
        double c = Math.cos(angle);
        double s = Math.sin(angle);
        double dot = k[0] * v[0] + k[1] * v[1] + k[2] * v[2];
        double[] cross = {k[1] * v[2] - k[2] * v[1], k[2] * v[0] - k[0] * v[2], k[0] * v[1] - k[1] * v[0]};
        return new double[] {
                v[0] * c + cross[0] * s + k[0] * dot * (1 - c),
                v[1] * c + cross[1] * s + k[1] * dot * (1 - c),
                v[2] * c + cross[2] * s + k[2] * dot * (1 - c)};
    }

}
