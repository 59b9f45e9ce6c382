package org.covidct.core.phantom;

import java.util.SplittableRandom;

/**
 * Places the opacities of a COVID-19 patient as described for COVID-19 pneumonia on CT: ground glass
 * with or without consolidation, peripheral (subpleural), bilateral, posterior and lower-lobe
 * predominant, multifocal in most patients; some faint and small, so that not every lesion is easy.
 */
final class LesionPlanner {

    private LesionPlanner() {
    }

    private static double u(SplittableRandom r, double a, double b) {
        return a + (b - a) * r.nextDouble();
    }

    static void plan(Anatomy an, SplittableRandom r) {
        double severity = r.nextDouble();
        int n = severity < 0.25 ? 1 + r.nextInt(3) : severity < 0.7 ? 3 + r.nextInt(5) : 6 + r.nextInt(7);
        double consolidationShare = severity < 0.7 ? 0.2 : 0.4;
        int firstSide = r.nextInt(2);
        for (int i = 0; i < n; i++) {
            // alternate sides (bilateral), sometimes two in a row on one side
            int side = (firstSide + i) % 2;
            if (i > 1 && r.nextDouble() < 0.2) {
                side = 1 - side;
            }
            Lesion l = place(an, r, side, r.nextDouble() < consolidationShare, null);
            if (l != null) {
                an.lesions.add(l);
            }
        }
    }

    /**
     * One lesion on {@code side}; with {@code zRel} null its level is drawn (lower-predominant), else it
     * is {@code zRel} of the lung's length. Null when no place was found (a very small lung).
     */
    static Lesion place(Anatomy an, SplittableRandom r, int side, boolean consolidation, Double zRel) {
        for (int attempt = 0; attempt < 60; attempt++) {
            // density rising linearly toward the bases
            double zr = zRel != null ? zRel : 0.18 + 0.78 * Math.sqrt(r.nextDouble());
            double z = an.lungTopZ + zr * an.lungLength;
            SuperEllipse ls = an.lungSection(side, z);
            if (ls == null) {
                continue;
            }
            double pick = r.nextDouble();
            double theta = pick < 0.55 ? Math.PI / 2 + 0.55 * gaussian(r)
                    : pick < 0.85 ? Math.PI + 0.4 * gaussian(r) : 1.5 * Math.PI + 0.45 * gaussian(r);
            double rho = u(r, 0.70, 0.92);
            int s = Anatomy.sign(side);
            double ux = -s * Math.cos(theta);
            double uy = Math.sin(theta);
            double x = ls.cx() + rho * ls.a() * ux;
            double y = ls.cy() + rho * ls.bTop() * uy;
            if (!an.isLung(x, y, z)) {
                continue;
            }
            double sizeMm = r.nextDouble() < 0.3 ? u(r, 5, 10) : u(r, 9, 26);
            double a = sizeMm / an.mmPerPx;
            double b = a * u(r, 0.45, 0.85);
            double c = u(r, 0.6, 1.2) * sizeMm;
            // elongated along the pleura: the tangent of the outline at theta
            double angle = Math.atan2(ls.bTop() * Math.cos(theta), -s * -ls.a() * Math.sin(theta));
            boolean subtle = !consolidation && r.nextDouble() < 0.3;
            float peak = (float) (subtle ? u(r, 340, 440) : u(r, 440, 690));
            float core = consolidation ? (float) u(r, 930, 1050) : peak;
            double[] texture = {u(r, 2, 5), u(r, 2, 5), u(r, 3, 7), u(r, 0, 6.3), u(r, 0, 6.3), u(r, 0, 6.3)};
            return new Lesion(consolidation ? Lesion.Kind.CONSOLIDATION : Lesion.Kind.GROUND_GLASS, side, x, y, z,
                    a, b, c, angle, peak, core, texture);
        }
        return null;
    }

    private static double gaussian(SplittableRandom r) {
        return (r.nextDouble() + r.nextDouble() + r.nextDouble() - 1.5) * 2;
    }
}
