package org.covidct.core.phantom;

import org.covidct.core.image.CtSlice;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Paints one axial slice of an {@link Anatomy}: tissues back to front into a float buffer, then scanner
 * noise and a light blur (edge softness and the grain of reconstructed noise), then quantises to the
 * unsigned 16-bit HU + 1024 convention with air clipped at 0.
 */
final class SliceRenderer {

    /** Standard deviation of white noise after the [1 2 1] x [1 2 1] / 16 blur, per unit before it. */
    private static final double BLUR_NOISE_GAIN = 0.375;
    private static final int MAX_VALUE = 4095;

    private static final int LUNGISH = Tissue.bits(Tissue.LUNG, Tissue.VESSEL);
    private static final int WALL = Tissue.bits(Tissue.SOFT_TISSUE, Tissue.FAT, Tissue.BONE);
    private static final int INSIDE = ~Tissue.bits(Tissue.OUTSIDE, Tissue.TABLE);
    private static final int SOFT_OR_FAT = Tissue.bits(Tissue.SOFT_TISSUE, Tissue.FAT);
    private static final int MEDIASTINAL = Tissue.bits(Tissue.LUNG, Tissue.VESSEL, Tissue.FAT, Tissue.SOFT_TISSUE,
            Tissue.ORGAN);

    private SliceRenderer() {
    }

    static PhantomSlice render(Anatomy an, List<Lesion> lesions, double z, double thickness, int size, double noiseSd,
                               long noiseSeed, String source) {
        Canvas c = new Canvas(size);
        double half = thickness / 2;
        java.util.Arrays.fill(c.value, an.air);
        paintTable(an, c);
        paintBody(an, c, z);
        paintWallBones(an, c, z, half);
        paintLungsAndAbdomen(an, c, z);
        paintMediastinum(an, c, z);
        paintSpine(an, c, z);
        paintTrees(an, c, z, half);
        int lesionPixels = paintLesions(an, lesions, c, z, half);
        short[] out = finish(c, noiseSd, noiseSeed);
        return new PhantomSlice(new CtSlice(size, size, out, source), c.tissue, c.lesion, lesionPixels, z, thickness);
    }

    private static void paintTable(Anatomy an, Canvas c) {
        // a curved carbon shell with foam between, as under a patient lying supine
        int size = c.size;
        double cx = an.body.cx();
        for (int j = 0; j < size; j++) {
            double x = c.ref(j);
            double t = (x - cx) / 235;
            if (Math.abs(t) > 1) {
                continue;
            }
            double top = an.tableY - 22 * t * t;
            paintColumn(c, j, top, top + 3, an.table);
            paintColumn(c, j, top + 3, top + 13, an.tableFoam);
            paintColumn(c, j, top + 13, top + 16, an.table);
            double base = an.tableY + 48 - 12 * t * t;
            paintColumn(c, j, base, base + 6, an.table - 60);
        }
    }

    private static void paintColumn(Canvas c, int j, double y0, double y1, float v) {
        int i0 = Math.max(0, (int) Math.ceil(y0 * c.scale - 0.5));
        int i1 = Math.min(c.size - 1, (int) Math.floor(y1 * c.scale - 0.5));
        byte code = Tissue.TABLE.code();
        for (int i = i0; i <= i1; i++) {
            c.value[i * c.size + j] = v;
            c.tissue[i * c.size + j] = code;
        }
    }

    private static void paintBody(Anatomy an, Canvas c, double z) {
        c.fill(an.body, an.skin, Tissue.SOFT_TISSUE, Canvas.ALL);
        Ellipse[] breasts = breasts(an, z);
        for (Ellipse b : breasts) {
            c.fill(b, an.skin, Tissue.SOFT_TISSUE, Canvas.ALL);
        }
        c.fill(an.subcutaneous, an.fat, Tissue.FAT, Canvas.ALL);
        double skinPx = 1.6 / an.mmPerPx;
        for (Ellipse b : breasts) {
            c.fill(new Ellipse(b.cx(), b.cy(), b.a() - skinPx, b.b() - skinPx, 0), an.fat, Tissue.FAT, Canvas.ALL);
            c.fill(new Ellipse(b.cx(), b.cy() + b.b() * 0.25, b.a() * 0.55, b.b() * 0.5, 0), an.gland,
                    Tissue.SOFT_TISSUE, Canvas.ALL);
        }
        c.fill(an.muscleWall, an.muscle, Tissue.SOFT_TISSUE, Canvas.ALL);
        // an intermuscular fat plane between the pectoral and the chest wall muscles, at the front
        SuperEllipse m = an.muscleWall;
        c.fill(new Band(an.mx, m.cy() - m.bTop() + 2, m.cy() - m.bTop() * 0.55, 2, 3, m.cy() - m.bTop() * 0.6),
                an.fat, Tissue.FAT, Tissue.bits(Tissue.SOFT_TISSUE));
    }

    private static Ellipse[] breasts(Anatomy an, double z) {
        if (an.breastSize == 0) {
            return new Ellipse[0];
        }
        double u = (z - (an.lungTopZ + 0.28 * an.lungLength)) / (0.45 * an.lungLength);
        if (u <= 0 || u >= 1) {
            return new Ellipse[0];
        }
        double s = Math.sqrt(Math.sin(Math.PI * u)) * an.breastSize;
        SuperEllipse b = an.body;
        Ellipse[] out = new Ellipse[2];
        for (int side = 0; side < 2; side++) {
            double x = b.cx() + Anatomy.sign(side) * b.a() * 0.45;
            double y = b.cy() - b.bTop() * 0.80;
            out[side] = Ellipse.axis(x, y, b.a() * 0.30 * Math.max(s, 0.3), b.bTop() * 0.26 * s);
        }
        return out;
    }

    // ---------------------------------------------------------------- ribs, sternum, scapulae, clavicles

    private static void paintWallBones(Anatomy an, Canvas c, double z, double half) {
        double ribHalfHeightMm = 4.5;
        for (int side = 0; side < 2; side++) {
            SuperEllipse ring = ribRing(an, side, z);
            for (int k = 0; k < 12; k++) {
                double zk = an.ribTopZ + k * an.ribSpacing;
                double lo = z - half - ribHalfHeightMm - zk;
                double hi = z + half + ribHalfHeightMm - zk;
                if (hi <= 0 || lo >= an.ribDrop) {
                    continue;
                }
                double p0 = Math.pow(Math.max(lo, 0) / an.ribDrop, 1 / 1.15);
                double p1 = Math.pow(Math.min(hi, an.ribDrop) / an.ribDrop, 1 / 1.15);
                paintRibArc(an, c, ring, side, p0, p1);
            }
            // scapula: a thin plate behind the posterolateral ribs, shortening toward its tip
            double su = (z - (an.lungTopZ - 25)) / (an.scapulaBottomZ - (an.lungTopZ - 25));
            if (su > 0 && su < 1) {
                double[] lat = ringPoint(ring, side, Math.PI / 2 + 1.05, 6 / an.mmPerPx);
                double[] med = ringPoint(ring, side, Math.PI / 2 + 0.25, 9 / an.mmPerPx);
                double f = 1 - su * su;
                double mxp = lat[0] + (med[0] - lat[0]) * f;
                double myp = lat[1] + (med[1] - lat[1]) * f;
                c.capsule(lat[0], lat[1], mxp, myp, 2.2 / an.mmPerPx, an.ribCortex, 1, Tissue.BONE, SOFT_OR_FAT);
            }
            // clavicle at the top of the sweep, in front
            if (z < an.lungTopZ + 12) {
                double y = an.sternumY - 4 / an.mmPerPx;
                double x0 = an.mx + Anatomy.sign(side) * 16 / an.mmPerPx;
                double x1 = an.body.cx() + Anatomy.sign(side) * an.muscleWall.a() * 0.72;
                double r = 5.5 / an.mmPerPx;
                c.capsule(x0, y, x1, y + 10 / an.mmPerPx, r, an.ribCortex, 1, Tissue.BONE, SOFT_OR_FAT);
                c.capsule(x0, y, x1, y + 10 / an.mmPerPx, r * 0.55, an.marrow, 1, Tissue.BONE, Tissue.bits(Tissue.BONE));
            }
        }
        if (z > an.sternumTopZ && z < an.sternumBottomZ) {
            double w = (z < an.sternumTopZ + 40 ? 20 : 12) / an.mmPerPx;
            double r = 5 / an.mmPerPx;
            c.capsule(an.mx - w, an.sternumY, an.mx + w, an.sternumY, r, an.ribCortex, 1, Tissue.BONE, SOFT_OR_FAT);
            c.capsule(an.mx - w, an.sternumY, an.mx + w, an.sternumY, r * 0.6, an.marrow, 1, Tissue.BONE,
                    Tissue.bits(Tissue.BONE));
        }
    }

    /** The rib cage outline of one side at z: just outside the lung (or where the lung would be). */
    private static SuperEllipse ribRing(Anatomy an, int side, double z) {
        double zz = Math.max(z, an.lungTopZ + an.apexMm * 0.12);
        SuperEllipse l = an.cavitySection(side, zz);
        double m = an.ribR + 1.5 / an.mmPerPx;
        return new SuperEllipse(l.cx(), l.cy(), l.a() + m, l.bTop() + m, l.bBottom() + m, l.pTop(), l.pBottom());
    }

    /** Point of the ring at parameter theta (pi/2 posterior, pi lateral, 3pi/2 anterior), pushed out by d. */
    private static double[] ringPoint(SuperEllipse ring, int side, double theta, double d) {
        double ux = -Anatomy.sign(side) * Math.cos(theta);
        double uy = Math.sin(theta);
        double p = ring.pTop();
        // the superellipse point in direction (ux, uy)
        double k = Math.pow(Math.pow(Math.abs(ux), p) + Math.pow(Math.abs(uy), p), -1 / p);
        double x = ring.cx() + (ring.a() + d) * ux * k;
        double y = ring.cy() + (ring.bTop() + d) * uy * k;
        return new double[] {x, y};
    }

    private static void paintRibArc(Anatomy an, Canvas c, SuperEllipse ring, int side, double p0, double p1) {
        double th0 = Math.PI / 2 - 0.45;
        double th1 = 1.5 * Math.PI + 0.32;
        int steps = Math.max(1, (int) Math.ceil((p1 - p0) * (th1 - th0) / 0.1));
        double[] prev = null;
        for (int s = 0; s <= steps; s++) {
            double p = p0 + (p1 - p0) * s / steps;
            double[] pt = ringPoint(ring, side, th0 + (th1 - th0) * p, 0);
            if (prev == null) {
                prev = pt;
            }
            boolean cartilage = p > 0.8;
            c.capsule(prev[0], prev[1], pt[0], pt[1], an.ribR, cartilage ? an.cartilage : an.ribCortex, 1,
                    cartilage ? Tissue.SOFT_TISSUE : Tissue.BONE, SOFT_OR_FAT);
            if (!cartilage) {
                c.capsule(prev[0], prev[1], pt[0], pt[1], an.ribR * 0.5, an.marrow, 1, Tissue.BONE,
                        Tissue.bits(Tissue.BONE));
            }
            prev = pt;
        }
    }

    // ---------------------------------------------------------------- lungs, diaphragm, abdomen

    private static void paintLungsAndAbdomen(Anatomy an, Canvas c, double z) {
        for (int side = 0; side < 2; side++) {
            SuperEllipse cav = an.cavitySection(side, z);
            if (cav == null) {
                continue;
            }
            float organ = side == 0 ? an.liver : an.spleen;
            if (z >= an.lungBottomZ) {
                c.fill(cav, organ, Tissue.ORGAN, WALL);
                continue;
            }
            double top = an.lungCy[side] - an.lungBy[side];
            c.fillGradient(cav, an.lung, an.lungGradient / (2 * an.lungBy[side]), top, Tissue.LUNG, WALL);
            Ellipse d = an.dome(side, z);
            if (d != null) {
                c.fill(d, organ, Tissue.ORGAN, Tissue.bits(Tissue.LUNG));
            }
        }
    }

    // ---------------------------------------------------------------- mediastinum

    private static void paintMediastinum(Anatomy an, Canvas c, double z) {
        double mm = 1 / an.mmPerPx;
        if (z > an.lungTopZ && z < an.lungBottomZ) {
            c.fill(an.mediastinum(z), an.fat, Tissue.FAT, MEDIASTINAL);
        }
        Ellipse heart = an.heart(z);
        if (heart != null) {
            c.fill(heart.grown(3 * mm), an.fat, Tissue.FAT, MEDIASTINAL);
            c.fill(heart, an.blood, Tissue.BLOOD, MEDIASTINAL);
        }
        int blood = MEDIASTINAL | Tissue.bits(Tissue.BLOOD);
        if (z >= an.archZ - an.ascR * an.mmPerPx && z <= an.heartTopZ + 25) {
            c.fill(Ellipse.circle(an.ascX, an.ascY, an.ascR), an.blood, Tissue.BLOOD, blood);
            if (z < an.heartTopZ + 10) {
                c.fill(Ellipse.circle(an.svcX, an.svcY, an.svcR), an.blood, Tissue.BLOOD, blood);
            }
        }
        if (z < an.archZ) {
            // the supra-aortic branches above the arch
            for (int k = -1; k <= 1; k++) {
                c.fill(Ellipse.circle(an.ascX + k * 11 * mm, an.ascY + (4 + 6 * Math.abs(k)) * mm, 4.5 * mm),
                        an.blood, Tissue.BLOOD, blood);
            }
        }
        // the arch: a tube from the ascending to the descending aorta, cut lengthwise near archZ
        double dz = Math.abs(z - an.archZ);
        double archR = an.ascR * 0.85;
        if (dz < archR * an.mmPerPx) {
            double w = Math.sqrt(1 - Math.pow(dz / (archR * an.mmPerPx), 2));
            c.capsule(an.ascX, an.ascY, an.descX(z), an.descY(z), archR * w, an.blood, 1, Tissue.BLOOD, blood);
        }
        if (z >= an.archZ) {
            c.fill(Ellipse.circle(an.descX(z), an.descY(z), an.descR), an.blood, Tissue.BLOOD, blood);
        }
        if (Math.abs(z - an.ptZ) < 14) {
            double s = Math.sqrt(1 - Math.pow((z - an.ptZ) / 14, 2));
            c.fill(Ellipse.circle(an.ptX, an.ptY, an.ptR * Math.max(s, 0.6)), an.blood, Tissue.BLOOD, blood);
        }
        // oesophagus behind the trachea, with a little air now and then
        c.fill(Ellipse.circle(an.esoX, an.esoY, an.esoR), an.muscle - 15, Tissue.SOFT_TISSUE, blood);
        // trachea down to the carina
        if (z <= an.carinaZ) {
            double ty = an.tracheaY(z);
            c.fill(Ellipse.circle(an.tracheaX, ty, an.tracheaR + an.airwayWall), an.muscle - 30, Tissue.AIRWAY_WALL,
                    blood | Tissue.bits(Tissue.AIRWAY_WALL));
            c.fill(Ellipse.axis(an.tracheaX, ty, an.tracheaR, an.tracheaR * 0.92), an.air, Tissue.AIRWAY,
                    Tissue.bits(Tissue.AIRWAY_WALL));
        }
        // paravertebral soft tissue and the back muscles
        c.fill(Ellipse.circle(an.spineX, an.spineY, an.vertR + 6 * mm), an.muscle, Tissue.SOFT_TISSUE,
                MEDIASTINAL | Tissue.bits(Tissue.BONE));
        c.fill(an.paraspinal(), an.muscle, Tissue.SOFT_TISSUE, MEDIASTINAL | Tissue.bits(Tissue.BONE));
    }

    private static void paintSpine(Anatomy an, Canvas c, double z) {
        double mm = 1 / an.mmPerPx;
        double phase = ((z - an.vertPhase) % an.vertPitch + an.vertPitch) % an.vertPitch;
        boolean discLevel = phase < 5;
        int any = INSIDE;
        Ellipse bodyOuter = Ellipse.axis(an.spineX, an.spineY, an.vertR * 1.05, an.vertR);
        if (discLevel) {
            c.fill(bodyOuter, an.disc, Tissue.SOFT_TISSUE, any);
        } else {
            c.fill(bodyOuter, an.cortex, Tissue.BONE, any);
            c.fill(bodyOuter.grown(-2.2 * mm), an.marrow, Tissue.BONE, Tissue.bits(Tissue.BONE));
        }
        // posterior arch: pedicles and laminae around the canal, spinous and transverse processes
        double cy = an.canalY;
        double r = an.canalR;
        boolean processes = phase > 8 && phase < 22;
        c.fill(Ellipse.circle(an.spineX, cy, r + 3.2 * mm), an.cortex * 0.85f, Tissue.BONE, any);
        c.fill(Ellipse.circle(an.spineX, cy, r), an.muscle - 20, Tissue.SOFT_TISSUE, Tissue.bits(Tissue.BONE));
        if (processes) {
            c.capsule(an.spineX, cy + r + 2 * mm, an.spineX, cy + r + 30 * mm, 3.2 * mm, an.cortex * 0.8f, 1,
                    Tissue.BONE, any);
            for (int side = 0; side < 2; side++) {
                int s = Anatomy.sign(side);
                c.capsule(an.spineX + s * (r + 2 * mm), cy - 2 * mm, an.spineX + s * 30 * mm, cy + 4 * mm, 4 * mm,
                        an.cortex * 0.8f, 1, Tissue.BONE, any);
            }
        }
    }

    // ---------------------------------------------------------------- vessels and airways

    private static void paintTrees(Anatomy an, Canvas c, double z, double half) {
        double lo = z - half;
        double hi = z + half;
        int hilar = Tissue.bits(Tissue.LUNG, Tissue.VESSEL, Tissue.FAT, Tissue.SOFT_TISSUE);
        for (Segment s : an.hilarVessels) {
            paintSegment(an, c, s, lo, hi, 0, an.blood, Tissue.BLOOD, hilar);
        }
        for (Segment s : an.vessels) {
            paintSegment(an, c, s, lo, hi, 0, an.blood, Tissue.VESSEL, LUNGISH);
        }
        int airwayRoom = LUNGISH | Tissue.bits(Tissue.FAT, Tissue.SOFT_TISSUE, Tissue.BLOOD);
        for (Segment s : an.bronchi) {
            // wall thickness about a fifth of the lumen radius, at least 0.5 mm
            paintSegment(an, c, s, lo, hi, Math.max(0.5, 0.22 * s.radiusMm()), an.muscle - 60, Tissue.AIRWAY_WALL,
                    airwayRoom);
        }
        for (Segment s : an.bronchi) {
            paintSegment(an, c, s, lo, hi, 0, an.air, Tissue.AIRWAY, Tissue.bits(Tissue.AIRWAY_WALL));
        }
    }

    /**
     * The part of segment s inside the slab [lo, hi], projected in-plane; a tube crossing the slab
     * obliquely fills only part of its depth, so it is drawn fainter (partial volume).
     */
    private static void paintSegment(Anatomy an, Canvas c, Segment s, double lo, double hi, double extraMm, float v,
                                     Tissue t, int allowed) {
        double r = s.radiusMm() + extraMm;
        if (s.zMax() + r < lo || s.zMin() - r > hi) {
            return;
        }
        double dz = s.z1() - s.z0();
        double u0;
        double u1;
        if (Math.abs(dz) < 1e-9) {
            u0 = 0;
            u1 = 1;
        } else {
            double a = (lo - r - s.z0()) / dz;
            double b = (hi + r - s.z0()) / dz;
            u0 = Math.max(0, Math.min(a, b));
            u1 = Math.min(1, Math.max(a, b));
            if (u0 > u1) {
                return;
            }
        }
        double depth = Math.abs(dz) * (u1 - u0);
        double strength = Math.min(1, (2 * r + depth) / Math.max(hi - lo, 1e-6));
        double x0 = s.x0() + (s.x1() - s.x0()) * u0;
        double y0 = s.y0() + (s.y1() - s.y0()) * u0;
        double x1 = s.x0() + (s.x1() - s.x0()) * u1;
        double y1 = s.y0() + (s.y1() - s.y0()) * u1;
        c.capsule(x0, y0, x1, y1, r / an.mmPerPx, v, strength, t, allowed);
    }

    // ---------------------------------------------------------------- lesions

    private static int paintLesions(Anatomy an, List<Lesion> lesions, Canvas c, double z, double half) {
        int count = 0;
        for (int li = 0; li < lesions.size(); li++) {
            Lesion l = lesions.get(li);
            if (Math.abs(z - l.z()) > half + l.c() * 1.3) {
                continue;
            }
            double reach = l.reach();
            int i0 = Math.max(0, (int) Math.floor((l.y() - reach) * c.scale));
            int i1 = Math.min(c.size - 1, (int) Math.ceil((l.y() + reach) * c.scale));
            int j0 = Math.max(0, (int) Math.floor((l.x() - reach) * c.scale));
            int j1 = Math.min(c.size - 1, (int) Math.ceil((l.x() + reach) * c.scale));
            byte id = (byte) Math.min(127, li + 1);
            for (int i = i0; i <= i1; i++) {
                double y = c.ref(i);
                for (int j = j0; j <= j1; j++) {
                    int k = i * c.size + j;
                    if ((LUNGISH >> c.tissue[k] & 1) == 0) {
                        continue;
                    }
                    double w = l.weight(c.ref(j), y, z, half);
                    if (w <= 0) {
                        continue;
                    }
                    float base = c.tissue[k] == Tissue.LUNG.code() ? c.value[k] : an.lungValueAt(l.side(), y);
                    float target = l.peak();
                    if (l.kind() == Lesion.Kind.CONSOLIDATION && w > 0.6) {
                        double t = Math.min(1, (w - 0.6) / 0.3);
                        target = (float) (l.peak() + (l.corePeak() - l.peak()) * t * t * (3 - 2 * t));
                    }
                    float v = (float) (base + (target - base) * Math.min(1, w));
                    if (v > c.value[k]) {
                        c.value[k] = v;
                    }
                    if (w >= 0.5 && c.lesion[k] == 0) {
                        c.lesion[k] = id;
                        count++;
                    }
                }
            }
        }
        return count;
    }

    // ---------------------------------------------------------------- noise, blur, quantise

    private static short[] finish(Canvas c, double noiseSd, long seed) {
        int n = c.size;
        float[] v = c.value;
        // Irwin-Hall sum of four 16-bit uniforms from one SplitMix64 draw: close to Gaussian and cheap
        float scale = (float) (noiseSd / BLUR_NOISE_GAIN / (65536 * Math.sqrt(4 / 12.0)));
        long state = seed;
        for (int k = 0; k < v.length; k++) {
            state += 0x9E3779B97F4A7C15L;
            long z = state;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            z ^= z >>> 31;
            int sum = (int) (z & 0xFFFF) + (int) (z >>> 16 & 0xFFFF) + (int) (z >>> 32 & 0xFFFF) + (int) (z >>> 48);
            v[k] += (sum - 131070) * scale;
        }
        // [1 2 1] / 4 along rows, then columns; the border pixels repeat
        float[] tmp = new float[v.length];
        for (int i = 0; i < n; i++) {
            int row = i * n;
            tmp[row] = 0.75f * v[row] + 0.25f * v[row + 1];
            for (int j = 1; j < n - 1; j++) {
                tmp[row + j] = 0.25f * (v[row + j - 1] + v[row + j + 1]) + 0.5f * v[row + j];
            }
            tmp[row + n - 1] = 0.75f * v[row + n - 1] + 0.25f * v[row + n - 2];
        }
        short[] out = new short[v.length];
        for (int i = 0; i < n; i++) {
            int up = Math.max(i - 1, 0) * n;
            int row = i * n;
            int down = Math.min(i + 1, n - 1) * n;
            for (int j = 0; j < n; j++) {
                float f = 0.25f * (tmp[up + j] + tmp[down + j]) + 0.5f * tmp[row + j] + 0.5f;
                int q = f <= 0 ? 0 : (int) f;
                out[row + j] = (short) (q > MAX_VALUE ? MAX_VALUE : q);
            }
        }
        return out;
    }
}
