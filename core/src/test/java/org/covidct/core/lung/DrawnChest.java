package org.covidct.core.lung;

import org.covidct.core.image.CtSlice;

import java.util.Random;

/**
 * A drawn 256 x 256 slice (1.25 mm pixels) whose lungs are known exactly: air around a body ellipse of soft tissue
 * (+40 HU), two lung ellipses (-850 HU) of 30 x 45 px semi-axes centred at (80, 115) and (176, 115), a vessel
 * (+40 HU, radius 3 px) at (176, 115), optionally a ground-glass lesion (-500 HU) against the lateral pleura of the
 * patient's right lung at (56, 130), a small airway (-1000 HU, radius 5 px) and a large gas bubble (-1000 HU) below
 * the lungs; uniform noise of +-10 HU.
 */
public final class DrawnChest {

    public static final int N = 256;
    public static final double SPACING = 1.25;

    private DrawnChest() {
    }

    public static boolean inEllipse(int x, int y, double cx, double cy, double a, double b) {
        double dx = (x + 0.5 - cx) / a;
        double dy = (y + 0.5 - cy) / b;
        return dx * dx + dy * dy <= 1;
    }

    public static boolean inLung(int x, int y) {
        return inEllipse(x, y, 80, 115, 30, 45) || inEllipse(x, y, 176, 115, 30, 45);
    }

    public static CtSlice slice(boolean withLesion) {
        short[] v = new short[N * N];
        Random noise = new Random(5);
        for (int y = 0; y < N; y++) {
            for (int x = 0; x < N; x++) {
                int hu = -1000;
                if (inEllipse(x, y, 128, 128, 115, 95)) {
                    hu = 40;
                }
                if (inLung(x, y)) {
                    hu = -850;
                }
                if (inEllipse(x, y, 176, 115, 3, 3)) {
                    hu = 40;
                }
                if (withLesion && inEllipse(x, y, 56, 130, 9, 12)) {
                    hu = -500;
                }
                if (inEllipse(x, y, 128, 100, 5, 5)) {
                    hu = -1000;
                }
                if (inEllipse(x, y, 128, 190, 22, 10)) {
                    hu = -1000;
                }
                v[y * N + x] = (short) Math.max(0, hu + 1024 + noise.nextInt(21) - 10);
            }
        }
        return new CtSlice(N, N, v, "drawn");
    }
}
