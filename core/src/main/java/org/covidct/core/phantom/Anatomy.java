package org.covidct.core.phantom;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The chest of one synthetic patient: every size, position and tissue value, drawn once from the
 * patient's seed. In-plane lengths are reference pixels (the 512 x 512 grid; the image is scaled to
 * other sizes when painted), positions along the sweep are millimetres from its first (most
 * superior) slice. Side 0 is the patient's right, shown on the image's left (radiological convention).
 *
 * <p>Sizes follow adult chest anatomy (for example a 26-34 mm ascending aorta, 15-20 mm trachea,
 * 24-28 mm vertebral pitch); tissue values follow REFERENCE section 1 (air 0-30, lung 100-250,
 * fat about -100 HU, soft tissue 1000-1100, bone 1300 and up, all as HU + 1024).
 */
final class Anatomy {

    // ---- scanner and sweep
    final double mmPerPx;
    final double sweepMm;

    // ---- tissue values (HU + 1024)
    final float air = 24;
    final float lung;
    final float lungGradient;
    final float fat;
    final float muscle;
    final float skin;
    final float blood;
    final float liver;
    final float spleen;
    final float cortex;
    final float marrow;
    final float ribCortex;
    final float cartilage;
    final float disc;
    final float gland;
    final float table = 980;
    final float tableFoam = 150;

    // ---- body wall
    final SuperEllipse body;
    final SuperEllipse subcutaneous;
    final SuperEllipse muscleWall;
    final double tableY;

    // ---- lungs (index by side)
    final double lungTopZ;
    final double lungBottomZ;
    final double lungLength;
    final double apexMm;
    final double[] lungCx = new double[2];
    final double[] lungCy = new double[2];
    final double[] lungAx = new double[2];
    final double[] lungBy = new double[2];
    final double lungP;

    // ---- diaphragm domes: liver under the right lung, spleen and stomach under the left
    final double[] domeTopZ = new double[2];
    final double[] domeCx = new double[2];
    final double[] domeCy = new double[2];
    final double[] domeA = new double[2];
    final double[] domeB = new double[2];
    static final double DOME_GROWTH = 1.55;

    // ---- mediastinum
    final double mx;
    final double medHwTop;
    final double medHwMid;
    final double heartTopZ;
    final double heartBottomZ;
    final double heartCx;
    final double heartCy;
    final double heartA;
    final double heartB;
    final double heartAngle;
    final double tracheaX;
    final double tracheaTopY;
    final double tracheaCarinaY;
    final double tracheaR;
    final double airwayWall;
    final double carinaZ;
    final double esoX;
    final double esoY;
    final double esoR;
    final double ascX;
    final double ascY;
    final double ascR;
    final double archZ;
    final double descX;
    final double descY;
    final double descR;
    final double ptX;
    final double ptY;
    final double ptR;
    final double ptZ;
    final double svcX;
    final double svcY;
    final double svcR;

    // ---- bones
    final double spineX;
    final double spineY;
    final double vertR;
    final double canalY;
    final double canalR;
    final double vertPitch;
    final double vertPhase;
    final double ribTopZ;
    final double ribSpacing;
    final double ribDrop;
    final double ribR;
    final double sternumY;
    final double sternumTopZ;
    final double sternumBottomZ;
    final double scapulaBottomZ;

    // ---- breasts (0 when absent)
    final double breastSize;

    // ---- trees and lesions
    final List<Segment> vessels = new ArrayList<>();
    final List<Segment> hilarVessels = new ArrayList<>();
    final List<Segment> bronchi = new ArrayList<>();
    final List<Lesion> lesions = new ArrayList<>();

    private static double u(SplittableRandom r, double a, double b) {
        return a + (b - a) * r.nextDouble();
    }

    static int sign(int side) {
        return side == 0 ? -1 : 1;
    }

    static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    Anatomy(SplittableRandom rnd, boolean female) {
        SplittableRandom r = rnd.split();
        // the field of view is fitted to the body (as a technologist does), so the body fills a similar
        // part of every image and the pixel spacing varies with the patient's width
        double bodyA = u(r, 208, 240);
        double chestWidthMm = u(r, 290, 360);
        mmPerPx = chestWidthMm / 2 / bodyA;
        double cx = 256 + u(r, -10, 10);
        double cy = 238 + u(r, -10, 10);
        double bAnt = bodyA * u(r, 0.70, 0.80);
        double bPost = Math.min(bAnt * u(r, 0.92, 1.04), 452 - cy - 16);
        body = new SuperEllipse(cx, cy, bodyA, bAnt, bPost, u(r, 2.0, 2.3), u(r, 2.6, 3.3));
        double skinPx = 1.6 / mmPerPx;
        subcutaneous = body.inset(skinPx, skinPx);
        double fatMm = u(r, 6, 24);
        double fatPx = fatMm / mmPerPx;
        muscleWall = body.inset(skinPx + fatPx * 1.15, skinPx + fatPx * 0.8);
        tableY = cy + bPost + 2;

        lung = (float) u(r, 128, 172);
        lungGradient = (float) u(r, 18, 50);
        fat = (float) u(r, 900, 935);
        muscle = (float) u(r, 1062, 1082);
        skin = muscle + 8;
        blood = (float) u(r, 1052, 1066);
        liver = (float) u(r, 1080, 1098);
        spleen = (float) u(r, 1066, 1078);
        cortex = (float) u(r, 1800, 2100);
        marrow = (float) u(r, 1340, 1430);
        ribCortex = (float) u(r, 1600, 1850);
        cartilage = (float) u(r, 1120, 1170);
        disc = (float) u(r, 1090, 1110);
        gland = (float) u(r, 990, 1040);

        // lungs sit inside the muscle wall: lateral edge 8-12 mm inside it, posterior recess deep
        double aM = muscleWall.a();
        double bMa = muscleWall.bTop();
        double bMp = muscleWall.bBottom();
        lungTopZ = u(r, 14, 34);
        lungLength = u(r, 240, 285);
        // the sweep ends around the bases: sometimes just above their last tip, sometimes a little below
        sweepMm = lungTopZ + lungLength + u(r, -8, 22);
        lungBottomZ = lungTopZ + lungLength;
        apexMm = u(r, 45, 65);
        lungP = u(r, 2.2, 2.6);
        mx = cx + u(r, -4, 4);
        for (int side = 0; side < 2; side++) {
            int s = sign(side);
            double lateralGap = u(r, 7, 11) / mmPerPx;
            double ax = u(r, 0.42, 0.47) * aM;
            lungAx[side] = ax;
            lungCx[side] = cx + s * (aM - lateralGap - ax);
            double anteriorEdge = cy - bMa + u(r, 9, 14) / mmPerPx;
            double posteriorEdge = cy + bMp - u(r, 12, 18) / mmPerPx;
            lungCy[side] = (anteriorEdge + posteriorEdge) / 2;
            lungBy[side] = (posteriorEdge - anteriorEdge) / 2;
        }

        // diaphragm: the right dome stands higher than the left; both anterior of the lung centre, so
        // the posterior costophrenic recess is the last lung to close
        domeTopZ[0] = lungTopZ + lungLength * u(r, 0.61, 0.69);
        domeTopZ[1] = domeTopZ[0] + u(r, 8, 22);
        for (int side = 0; side < 2; side++) {
            domeCx[side] = lungCx[side] - sign(side) * lungAx[side] * 0.12;
            domeCy[side] = lungCy[side] - lungBy[side] * u(r, 0.30, 0.40);
            domeA[side] = lungAx[side] * u(r, 0.95, 1.05);
            domeB[side] = lungBy[side] * u(r, 0.95, 1.05);
        }

        // mediastinum
        medHwTop = u(r, 8, 12) / mmPerPx;
        medHwMid = u(r, 17, 22) / mmPerPx;
        heartTopZ = lungTopZ + lungLength * u(r, 0.36, 0.42);
        heartBottomZ = domeTopZ[1] + u(r, 20, 35);
        heartA = u(r, 48, 58) / mmPerPx;
        heartB = u(r, 34, 41) / mmPerPx;
        heartAngle = -Math.toRadians(u(r, 28, 42));
        heartCx = mx + u(r, 18, 30) / mmPerPx;
        heartCy = cy - bAnt * u(r, 0.26, 0.34);

        spineY = cy + bPost * u(r, 0.34, 0.40);
        spineX = mx;
        vertR = u(r, 15, 18) / mmPerPx;
        canalR = u(r, 6.5, 8) / mmPerPx;
        canalY = spineY + vertR + canalR + 2 / mmPerPx;
        vertPitch = u(r, 24, 28);
        vertPhase = u(r, 0, vertPitch);

        tracheaR = u(r, 7.5, 10) / mmPerPx;
        airwayWall = 1.6 / mmPerPx;
        tracheaX = mx + u(r, -3, 3) / mmPerPx;
        tracheaTopY = spineY - vertR - tracheaR - u(r, 14, 22) / mmPerPx;
        carinaZ = lungTopZ + lungLength * u(r, 0.26, 0.32);
        tracheaCarinaY = tracheaTopY + u(r, 6, 14) / mmPerPx;
        esoR = u(r, 6, 8) / mmPerPx;
        esoX = mx + u(r, 4, 10) / mmPerPx;
        esoY = spineY - vertR - esoR - 2 / mmPerPx;

        ascR = u(r, 13, 17) / mmPerPx;
        ascX = mx + u(r, 2, 10) / mmPerPx;
        ascY = tracheaCarinaY - tracheaR - ascR - u(r, 4, 12) / mmPerPx;
        archZ = lungTopZ + lungLength * u(r, 0.17, 0.22);
        descR = u(r, 11, 13) / mmPerPx;
        descX = spineX + vertR * 0.75 + descR * 0.6;
        descY = spineY - vertR * 0.55;
        ptR = u(r, 12, 15) / mmPerPx;
        ptX = ascX + ascR + ptR * 0.7;
        ptY = ascY + ascR * 0.3;
        ptZ = lungTopZ + lungLength * u(r, 0.31, 0.35);
        svcR = u(r, 8, 10) / mmPerPx;
        svcX = ascX - ascR - svcR - 1 / mmPerPx;
        svcY = ascY + 2 / mmPerPx;

        ribTopZ = lungTopZ + u(r, -4, 6);
        ribSpacing = u(r, 21, 25);
        ribDrop = u(r, 95, 120);
        ribR = u(r, 2.8, 3.5) / mmPerPx;
        sternumY = Math.min(lungCy[0] - lungBy[0], lungCy[1] - lungBy[1]) - 6 / mmPerPx;
        sternumTopZ = lungTopZ + u(r, 8, 20);
        sternumBottomZ = lungTopZ + lungLength * u(r, 0.68, 0.76);
        scapulaBottomZ = lungTopZ + lungLength * u(r, 0.40, 0.50);

        breastSize = female && r.nextDouble() < 0.85 ? u(r, 0.6, 1.25) : 0;

        VesselTrees.grow(this, rnd.split());
    }

    // ------------------------------------------------------------------ cross-sections at z

    /** The lung of one side at z (apex rounded, growing toward the bases), or null above/below it. */
    SuperEllipse lungSection(int side, double z) {
        if (z <= lungTopZ || z >= lungBottomZ) {
            return null;
        }
        return cavitySection(side, z);
    }

    /** The lung's outline at z ignoring the lower end: below the lungs, the upper abdomen fills it. */
    SuperEllipse cavitySection(int side, double z) {
        double d = z - lungTopZ;
        if (d <= 0) {
            return null;
        }
        double s = d < apexMm ? Math.sqrt(1 - Math.pow(1 - d / apexMm, 2)) : 1;
        double grow = 0.82 + 0.18 * clamp(d / (0.65 * lungLength), 0, 1);
        double sg = s * grow;
        double ax = lungAx[side] * sg;
        double by = lungBy[side] * sg;
        // the posterior edge stays put: the lungs grow forward and outward from the apex
        double cyz = lungCy[side] + lungBy[side] * (1 - sg) * 0.25;
        double cxz = lungCx[side] - sign(side) * lungAx[side] * (1 - sg) * 0.35;
        return new SuperEllipse(cxz, cyz, ax, by, by, lungP, lungP);
    }

    /** The diaphragm dome of one side at z (the liver or spleen rising into the lung), or null. */
    Ellipse dome(int side, double z) {
        double dz = z - domeTopZ[side];
        if (dz <= 0) {
            return null;
        }
        double g = DOME_GROWTH * Math.pow(dz / (lungBottomZ - domeTopZ[side]), 0.7);
        return Ellipse.axis(domeCx[side], domeCy[side], domeA[side] * g, domeB[side] * g);
    }

    /** Cross-section scale (0..1) of the heart at z. */
    double heartScale(double z) {
        double u = (z - heartTopZ) / (heartBottomZ - heartTopZ);
        if (u <= 0 || u >= 1) {
            return 0;
        }
        return u < 0.3 ? Math.sqrt(u / 0.3) : u > 0.8 ? Math.sqrt((1 - u) / 0.2) : 1;
    }

    Ellipse heart(double z) {
        double s = heartScale(z);
        if (s == 0) {
            return null;
        }
        return new Ellipse(heartCx, heartCy, heartA * s, heartB * s, heartAngle);
    }

    Band mediastinum(double z) {
        double top = Math.min(lungCy[0] - lungBy[0], lungCy[1] - lungBy[1]) - 4 / mmPerPx;
        double bottom = spineY;
        double hw = medHwMid;
        return new Band(mx, top, bottom, medHwTop, hw, tracheaTopY - tracheaR);
    }

    double tracheaY(double z) {
        double t = clamp(z / carinaZ, 0, 1);
        return tracheaTopY + (tracheaCarinaY - tracheaTopY) * t;
    }

    /** Centre of the descending aorta at z: it drifts toward the midline as it descends. */
    double descX(double z) {
        double t = clamp((z - archZ) / (sweepMm - archZ), 0, 1);
        return descX + (spineX - descX) * 0.45 * t;
    }

    double descY(double z) {
        double t = clamp((z - archZ) / (sweepMm - archZ), 0, 1);
        return descY - vertR * 0.4 * t;
    }

    /** Structures between and around the lungs that cut into the lung outline at z. */
    List<RowShape> mediastinalShapes(double z) {
        List<RowShape> out = new ArrayList<>(8);
        out.add(mediastinum(z));
        Ellipse h = heart(z);
        if (h != null) {
            out.add(h.grown(3 / mmPerPx));
        }
        if (z >= archZ - ascR * mmPerPx && z <= heartTopZ + 25) {
            out.add(Ellipse.circle(ascX, ascY, ascR + 1 / mmPerPx));
        }
        if (z >= archZ) {
            out.add(Ellipse.circle(descX(z), descY(z), descR + 1 / mmPerPx));
        }
        if (Math.abs(z - ptZ) < 14) {
            out.add(Ellipse.circle(ptX, ptY, ptR));
        }
        out.add(Ellipse.circle(spineX, spineY, vertR + 6 / mmPerPx));
        out.add(paraspinal());
        return out;
    }

    Ellipse paraspinal() {
        return Ellipse.axis(spineX, canalY + 10 / mmPerPx, 40 / mmPerPx, 24 / mmPerPx);
    }

    /** True where (x, y, z) is lung parenchyma (vessels and lesions aside). */
    boolean isLung(double x, double y, double z) {
        int side = x < mx ? 0 : 1;
        SuperEllipse l = lungSection(side, z);
        if (l == null || !l.contains(x, y)) {
            return false;
        }
        Ellipse d = dome(side, z);
        if (d != null && d.contains(x, y)) {
            return false;
        }
        for (RowShape m : mediastinalShapes(z)) {
            if (m.contains(x, y)) {
                return false;
            }
        }
        return true;
    }

    /** Lung value at row y of a side (dependent lung is denser: the posterior gradient). */
    float lungValueAt(int side, double y) {
        double top = lungCy[side] - lungBy[side];
        double t = clamp((y - top) / (2 * lungBy[side]), 0, 1);
        return (float) (lung + lungGradient * t);
    }
}
