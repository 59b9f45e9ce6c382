package org.covidct.core.lesion;

import java.util.Random;

/** Smooth random fields (white noise blurred by a Gaussian, scaled to unit standard deviation) and blurs. */
final class Noise {

    private Noise() {
    }

    static float[] smoothField(int w, int h, double sigma, Random rng) {
        float[] f = new float[w * h];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) rng.nextGaussian();
        }
        blur(f, w, h, sigma);
        double sum = 0;
        double sum2 = 0;
        for (float v : f) {
            sum += v;
            sum2 += v * v;
        }
        double mean = sum / f.length;
        double sd = Math.sqrt(Math.max(1e-12, sum2 / f.length - mean * mean));
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) ((f[i] - mean) / sd);
        }
        return f;
    }

    /** Separable Gaussian blur in place; borders repeat the edge value. */
    static void blur(float[] f, int w, int h, double sigma) {
        if (sigma <= 0) {
            return;
        }
        int r = (int) Math.ceil(3 * sigma);
        float[] k = new float[2 * r + 1];
        double total = 0;
        for (int i = -r; i <= r; i++) {
            k[i + r] = (float) Math.exp(-0.5 * i * i / (sigma * sigma));
            total += k[i + r];
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= (float) total;
        }
        float[] tmp = new float[f.length];
        for (int y = 0; y < h; y++) {
            int row = y * w;
            for (int x = 0; x < w; x++) {
                float s = 0;
                for (int i = -r; i <= r; i++) {
                    int xx = Math.min(w - 1, Math.max(0, x + i));
                    s += k[i + r] * f[row + xx];
                }
                tmp[row + x] = s;
            }
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float s = 0;
                for (int i = -r; i <= r; i++) {
                    int yy = Math.min(h - 1, Math.max(0, y + i));
                    s += k[i + r] * tmp[yy * w + x];
                }
                f[y * w + x] = s;
            }
        }
    }
}
