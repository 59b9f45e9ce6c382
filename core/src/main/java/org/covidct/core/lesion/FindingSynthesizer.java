package org.covidct.core.lesion;

import org.covidct.core.lung.LungSide;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Draws synthetic findings into the lungs of a {@link LungCanvas}. Each drawing adds density to what is there
 * (never replaces a denser value in a ground-glass lesion), so the person's own vessels, noise and partial-volume
 * rims show through, as they do through real ground glass.
 *
 * <p>COVID-19 lesions follow the usual CT description of COVID-19 pneumonia (peripheral and subpleural, posterior,
 * elongated along the pleura; ground glass, crazy paving, consolidation): their centres are drawn with weights that
 * fall with the depth below the pleura and rise toward the posterior lung. The defaults were calibrated against the
 * radiologists' infected slices of COVID-CT-MD P001 (docs/PHANTOMS.md: HU histograms inside the lungs, lesion
 * sizes and positions).
 */
public final class FindingSynthesizer {

    private final double minSizeMm;
    private final double maxSizeMm;
    private final double minGroundGlassHu;
    private final double maxGroundGlassHu;

    private FindingSynthesizer(Builder b) {
        this.minSizeMm = b.minSizeMm;
        this.maxSizeMm = b.maxSizeMm;
        this.minGroundGlassHu = b.minGroundGlassHu;
        this.maxGroundGlassHu = b.maxGroundGlassHu;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The default synthesizer. */
    public static FindingSynthesizer standard() {
        return builder().build();
    }

    /** Draws {@code count} COVID-pattern lesions of mixed kinds (3 ground glass : 1 crazy paving : 1 consolidation). */
    public List<Finding> covidPattern(LungCanvas c, Random rng, int count) {
        List<Finding> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int pick = rng.nextInt(5);
            FindingKind kind = pick < 3 ? FindingKind.GROUND_GLASS : pick == 3 ? FindingKind.CRAZY_PAVING
                    : FindingKind.CONSOLIDATION;
            Finding f = lesion(c, rng, kind);
            if (f != null) {
                out.add(f);
            }
        }
        return out;
    }

    /**
     * One COVID-pattern lesion of the given kind; null when the canvas has no lung.
     */
    public Finding lesion(LungCanvas c, Random rng, FindingKind kind) {
        if (!kind.covidPattern()) {
            throw new IllegalArgumentException(kind + " is not a COVID-pattern lesion");
        }
        if (!c.hasLung()) {
            return null;
        }
        double spacing = c.lungs.pixelSpacingMm();
        double sizeMm = uniform(rng, minSizeMm, kind == FindingKind.CONSOLIDATION ? Math.max(minSizeMm, 0.7 * maxSizeMm)
                : maxSizeMm);
        int centre = pickCentre(c, rng, uniform(rng, 6, 20), 0.6);
        int cx = centre % c.width;
        int cy = centre / c.width;
        double elongation = uniform(rng, 1.0, 2.2);
        double a = sizeMm / spacing * Math.sqrt(elongation);
        double b = sizeMm / spacing / Math.sqrt(elongation);
        double angle = tangentAngle(c, cx, cy);
        Box box = Box.around(cx, cy, 1.6 * a + 8, c.width, c.height);
        float[] weight = blobWeight(c, box, cx, cy, a, b, angle, rng);
        double level = uniform(rng, minGroundGlassHu, maxGroundGlassHu);
        float[] texture = Noise.smoothField(box.w, box.h, uniform(rng, 1.5, 4), rng);
        for (int j = 0; j < box.h; j++) {
            for (int i = 0; i < box.w; i++) {
                int k = box.index(i, j, c.width);
                float w = weight[j * box.w + i];
                if (w <= 0) {
                    continue;
                }
                double target = level + 45 * texture[j * box.w + i];
                c.hu[k] += (float) (w * Math.max(0, target - c.hu[k]));
            }
        }
        if (kind == FindingKind.CRAZY_PAVING) {
            paving(c, box, weight, rng, spacing);
        }
        if (kind == FindingKind.CONSOLIDATION) {
            consolidate(c, box, weight, rng, cx, cy, sizeMm / spacing);
        }
        int pixels = 0;
        for (int j = 0; j < box.h; j++) {
            for (int i = 0; i < box.w; i++) {
                if (weight[j * box.w + i] > 0.3f) {
                    int k = box.index(i, j, c.width);
                    if (!c.lesion[k]) {
                        c.lesion[k] = true;
                    }
                    pixels++;
                }
            }
        }
        return new Finding(kind, cx, cy, sizeMm * Math.sqrt(elongation), level, pixels);
    }

    /** The density rise of the dependent lung: strongest against the posterior pleura, fading inward. */
    public Finding dependentDensity(LungCanvas c, Random rng) {
        if (!c.hasLung()) {
            return null;
        }
        double amplitude = uniform(rng, 30, 140);
        double decayMm = uniform(rng, 4, 15);
        int pixels = 0;
        for (int y = c.lungTop; y <= c.lungBottom; y++) {
            double post = Math.max(0, Math.min(1, (c.posteriority(y) - 0.5) / 0.5));
            if (post <= 0) {
                continue;
            }
            for (int x = 0; x < c.width; x++) {
                int k = y * c.width + x;
                if (!c.lungs.lungs().get(k)) {
                    continue;
                }
                double rise = amplitude * post * Math.exp(-c.depthMm[k] / decayMm);
                c.hu[k] += (float) rise;
                pixels += rise > 20 ? 1 : 0;
            }
        }
        return new Finding(FindingKind.DEPENDENT_DENSITY, c.width / 2.0, c.lungBottom, decayMm, amplitude, pixels);
    }

    /** A thin curved band of collapsed lung near the posterior pleura. */
    public Finding atelectasisBand(LungCanvas c, Random rng) {
        if (!c.hasLung()) {
            return null;
        }
        double spacing = c.lungs.pixelSpacingMm();
        int centre = pickCentre(c, rng, 8, 0.9);
        int cx = centre % c.width;
        int cy = centre / c.width;
        double lengthMm = uniform(rng, 15, 45);
        double length = lengthMm / spacing;
        double angle = uniform(rng, 0, Math.PI);
        double bend = uniform(rng, -0.3, 0.3);
        Box box = Box.around(cx, cy, length * 0.75 + 10, c.width, c.height);
        float[] line = new float[box.w * box.h];
        for (int s = 0; s <= 400; s++) {
            double t = s / 400.0 - 0.5;
            double px = cx + t * length * Math.cos(angle) - bend * length * t * t * Math.sin(angle);
            double py = cy + t * length * Math.sin(angle) + bend * length * t * t * Math.cos(angle);
            int i = (int) Math.round(px) - box.x;
            int j = (int) Math.round(py) - box.y;
            if (i >= 0 && i < box.w && j >= 0 && j < box.h) {
                line[j * box.w + i] = 1;
            }
        }
        Noise.blur(line, box.w, box.h, uniform(rng, 0.8, 1.8) / spacing);
        float max = 0;
        for (float v : line) {
            max = Math.max(max, v);
        }
        double level = uniform(rng, -300, 0);
        int pixels = 0;
        for (int j = 0; j < box.h; j++) {
            for (int i = 0; i < box.w; i++) {
                int k = box.index(i, j, c.width);
                if (!c.lungs.lungs().get(k) || max <= 0) {
                    continue;
                }
                double w = line[j * box.w + i] / max;
                c.hu[k] += (float) (w * Math.max(0, level - c.hu[k]));
                pixels += w > 0.3 ? 1 : 0;
            }
        }
        return new Finding(FindingKind.ATELECTASIS_BAND, cx, cy, lengthMm, level, pixels);
    }

    /**
     * Bacterial (lobar) pneumonia: one lung filled beyond a straight boundary (a fissure) with dense consolidation,
     * 20-45% of that lung, with air bronchograms running through it.
     */
    public Finding lobarConsolidation(LungCanvas c, Random rng) {
        if (!c.hasLung()) {
            return null;
        }
        LungSide side = rng.nextBoolean() ? LungSide.LEFT : LungSide.RIGHT;
        List<Integer> cells = new ArrayList<>();
        double sx = 0;
        double sy = 0;
        for (int y = c.lungTop; y <= c.lungBottom; y++) {
            for (int x = 0; x < c.width; x++) {
                if (c.lungs.sideAt(x, y) == side) {
                    cells.add(y * c.width + x);
                    sx += x;
                    sy += y;
                }
            }
        }
        if (cells.size() < 50) {
            return null;
        }
        double mx = sx / cells.size();
        double my = sy / cells.size();
        double theta = uniform(rng, 0, 2 * Math.PI);
        double nx = Math.cos(theta);
        double ny = Math.sin(theta);
        double[] t = new double[cells.size()];
        for (int i = 0; i < t.length; i++) {
            int k = cells.get(i);
            t[i] = (k % c.width - mx) * nx + (k / c.width - my) * ny;
        }
        double[] sorted = t.clone();
        java.util.Arrays.sort(sorted);
        double share = uniform(rng, 0.2, 0.45);
        double offset = sorted[(int) ((1 - share) * (sorted.length - 1))];
        double level = uniform(rng, -80, 40);
        double spacing = c.lungs.pixelSpacingMm();
        float[] texture = Noise.smoothField(c.width, c.height, 2, rng);
        int pixels = 0;
        double sumX = 0;
        double sumY = 0;
        for (int i = 0; i < t.length; i++) {
            double w = Math.max(0, Math.min(1, (t[i] - offset) / (2 / spacing)));
            if (w <= 0) {
                continue;
            }
            int k = cells.get(i);
            double target = level + 15 * texture[k];
            c.hu[k] += (float) (w * (target - c.hu[k]));
            pixels++;
            sumX += k % c.width;
            sumY += k / (double) c.width;
        }
        // air bronchograms: tubes from the fissure side outward, through the consolidation only
        int tubes = 2 + rng.nextInt(3);
        for (int b = 0; b < tubes; b++) {
            double along = uniform(rng, -60, 60) / spacing;
            double px = mx + offset * nx - ny * along;
            double py = my + offset * ny + nx * along;
            double dir = theta + uniform(rng, -0.35, 0.35);
            double radius = uniform(rng, 0.6, 1.0) / spacing;
            for (int s = 0; s < 600; s++) {
                px += Math.cos(dir) * 0.5;
                py += Math.sin(dir) * 0.5;
                dir += uniform(rng, -0.03, 0.03);
                int ix = (int) Math.round(px);
                int iy = (int) Math.round(py);
                if (ix < 1 || iy < 1 || ix >= c.width - 1 || iy >= c.height - 1) {
                    break;
                }
                int r = (int) Math.ceil(radius);
                for (int dy = -r; dy <= r; dy++) {
                    for (int dx = -r; dx <= r; dx++) {
                        int x = ix + dx;
                        int y = iy + dy;
                        if (x < 0 || y < 0 || x >= c.width || y >= c.height || dx * dx + dy * dy > radius * radius) {
                            continue;
                        }
                        int k = y * c.width + x;
                        if (c.lungs.sideAt(x, y) == side && (x - mx) * nx + (y - my) * ny > offset + 3 / spacing) {
                            c.hu[k] = (float) (-880 + 20 * rng.nextGaussian());
                        }
                    }
                }
            }
        }
        return new Finding(FindingKind.LOBAR_CONSOLIDATION, pixels == 0 ? mx : sumX / pixels,
                pixels == 0 ? my : sumY / pixels, Math.sqrt(pixels) * spacing, level, pixels);
    }

    private float[] blobWeight(LungCanvas c, Box box, int cx, int cy, double a, double b, double angle, Random rng) {
        float[] noise = Noise.smoothField(box.w, box.h, Math.max(2, Math.min(a, b) / 1.5), rng);
        float[] w = new float[box.w * box.h];
        double cs = Math.cos(angle);
        double sn = Math.sin(angle);
        for (int j = 0; j < box.h; j++) {
            for (int i = 0; i < box.w; i++) {
                double dx = box.x + i - cx;
                double dy = box.y + j - cy;
                double u = (dx * cs + dy * sn) / a;
                double v = (-dx * sn + dy * cs) / b;
                double field = 1 - Math.sqrt(u * u + v * v) + 0.35 * noise[j * box.w + i];
                w[j * box.w + i] = (float) Math.max(0, Math.min(1, field / 0.35));
            }
        }
        Noise.blur(w, box.w, box.h, uniform(rng, 1.0, 3.0));
        for (int j = 0; j < box.h; j++) {
            for (int i = 0; i < box.w; i++) {
                if (!c.lungOrRim[box.index(i, j, c.width)]) {
                    w[j * box.w + i] = 0;
                }
            }
        }
        return w;
    }

    private static void paving(LungCanvas c, Box box, float[] weight, Random rng, double spacing) {
        List<int[]> inside = new ArrayList<>();
        for (int j = 0; j < box.h; j++) {
            for (int i = 0; i < box.w; i++) {
                if (weight[j * box.w + i] > 0.2f) {
                    inside.add(new int[] {i, j});
                }
            }
        }
        if (inside.isEmpty()) {
            return;
        }
        // secondary lobules of 5-7 mm: one Voronoi cell per ~40 mm^2
        int n = (int) Math.max(3, Math.min(inside.size(), inside.size() * spacing * spacing / 40));
        int[][] seeds = new int[n][];
        for (int s = 0; s < n; s++) {
            seeds[s] = inside.get(rng.nextInt(inside.size()));
        }
        int[] cell = new int[box.w * box.h];
        for (int j = 0; j < box.h; j++) {
            for (int i = 0; i < box.w; i++) {
                int best = 0;
                long bestD = Long.MAX_VALUE;
                for (int s = 0; s < n; s++) {
                    long d = (long) (seeds[s][0] - i) * (seeds[s][0] - i) + (long) (seeds[s][1] - j) * (seeds[s][1] - j);
                    if (d < bestD) {
                        bestD = d;
                        best = s;
                    }
                }
                cell[j * box.w + i] = best;
            }
        }
        float[] lines = new float[cell.length];
        for (int j = 0; j < box.h; j++) {
            for (int i = 0; i < box.w; i++) {
                int k = j * box.w + i;
                boolean edge = (i > 0 && cell[k - 1] != cell[k]) || (j > 0 && cell[k - box.w] != cell[k]);
                lines[k] = edge ? 1 : 0;
            }
        }
        Noise.blur(lines, box.w, box.h, 0.7);
        double strength = uniform(rng, 250, 450);
        for (int j = 0; j < box.h; j++) {
            for (int i = 0; i < box.w; i++) {
                int k = j * box.w + i;
                c.hu[box.index(i, j, c.width)] += (float) (weight[k] * lines[k] * strength);
            }
        }
    }

    private static void consolidate(LungCanvas c, Box box, float[] weight, Random rng, int cx, int cy, double size) {
        double level = uniform(rng, -150, 30);
        boolean bronchogram = rng.nextDouble() < 0.6;
        double angle = uniform(rng, 0, 2 * Math.PI);
        double length = 1.5 * size;
        boolean[] tube = new boolean[box.w * box.h];
        if (bronchogram) {
            for (int s = 0; s <= 200; s++) {
                double t = s / 200.0;
                double px = cx + (t - 0.5) * length * Math.cos(angle);
                double py = cy + (t - 0.5) * length * Math.sin(angle) + 2 * Math.sin(6 * t);
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int i = (int) Math.round(px) + dx - box.x;
                        int j = (int) Math.round(py) + dy - box.y;
                        if (i >= 0 && j >= 0 && i < box.w && j < box.h && Math.abs(dx) + Math.abs(dy) <= 1) {
                            tube[j * box.w + i] = true;
                        }
                    }
                }
            }
        }
        for (int j = 0; j < box.h; j++) {
            for (int i = 0; i < box.w; i++) {
                int k = j * box.w + i;
                double core = Math.max(0, Math.min(1, (weight[k] - 0.5) / 0.3));
                int p = box.index(i, j, c.width);
                if (core <= 0) {
                    continue;
                }
                if (tube[k] && core > 0.5) {
                    c.hu[p] = (float) (-880 + 20 * rng.nextGaussian());
                } else {
                    c.hu[p] += (float) (core * Math.max(0, level - c.hu[p]));
                }
            }
        }
    }

    /** A lung cell, drawn with weight exp(-depth / subpleuralMm) x (1 - posterior + 2 posterior x posteriority). */
    private static int pickCentre(LungCanvas c, Random rng, double subpleuralMm, double posterior) {
        double total = 0;
        double[] cumulative = new double[c.hu.length];
        for (int k = 0; k < c.hu.length; k++) {
            if (c.lungs.lungs().get(k)) {
                double w = Math.exp(-c.depthMm[k] / subpleuralMm)
                        * ((1 - posterior) + posterior * 2 * c.posteriority(k / c.width));
                total += w;
            }
            cumulative[k] = total;
        }
        double pick = rng.nextDouble() * total;
        int lo = 0;
        int hi = cumulative.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] > pick) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /** Direction of the pleura near (x, y): perpendicular to the gradient of the depth below it. */
    private static double tangentAngle(LungCanvas c, int x, int y) {
        int d = 3;
        double gx = depth(c, x + d, y) - depth(c, x - d, y);
        double gy = depth(c, x, y + d) - depth(c, x, y - d);
        return Math.atan2(gy, gx) + Math.PI / 2;
    }

    private static double depth(LungCanvas c, int x, int y) {
        x = Math.max(0, Math.min(c.width - 1, x));
        y = Math.max(0, Math.min(c.height - 1, y));
        return c.depthMm[y * c.width + x];
    }

    private static double uniform(Random rng, double lo, double hi) {
        return lo + (hi - lo) * rng.nextDouble();
    }

    /** A rectangle clipped to the image. */
    private record Box(int x, int y, int w, int h) {
        static Box around(int cx, int cy, double half, int width, int height) {
            int r = (int) Math.ceil(half);
            int x0 = Math.max(0, cx - r);
            int y0 = Math.max(0, cy - r);
            int x1 = Math.min(width - 1, cx + r);
            int y1 = Math.min(height - 1, cy + r);
            return new Box(x0, y0, x1 - x0 + 1, y1 - y0 + 1);
        }

        int index(int i, int j, int width) {
            return (y + j) * width + x + i;
        }
    }

    /** Builder of a {@link FindingSynthesizer}. */
    public static final class Builder {
        private double minSizeMm = 5;
        private double maxSizeMm = 22;
        private double minGroundGlassHu = -720;
        // -300 HU is the upper edge of ground glass in the literature (about -750..-300); the radiologists' infected
        // slices of P001 add lung density up to it and beyond (docs/PHANTOMS.md, calibration), an earlier -380 left
        // the denser half of real ground glass out
        private double maxGroundGlassHu = -300;

        private Builder() {
        }

        /** Range of a lesion's mean semi-axis, millimetres (default 5-22). */
        public Builder optSizeMm(double min, double max) {
            if (!(min > 0 && max >= min)) {
                throw new IllegalArgumentException("size range " + min + ".." + max);
            }
            this.minSizeMm = min;
            this.maxSizeMm = max;
            return this;
        }

        /** Range of the ground-glass level, HU (default -720..-300). */
        public Builder optGroundGlassHu(double min, double max) {
            if (!(min < max && min > -1000 && max < 0)) {
                throw new IllegalArgumentException("ground-glass range " + min + ".." + max);
            }
            this.minGroundGlassHu = min;
            this.maxGroundGlassHu = max;
            return this;
        }

        public FindingSynthesizer build() {
            return new FindingSynthesizer(this);
        }
    }
}
