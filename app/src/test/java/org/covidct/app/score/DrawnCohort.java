package org.covidct.app.score;

import org.covidct.core.image.CtSlice;
import org.covidct.core.tiff.TiffSlices;
import org.covidct.nn.explain.Heatmap;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * A cohort in the COVID-CT-MD layout drawn so that every score can be counted by hand: three series (covid/P1,
 * normal/N1, cap/C1) of 12 slices at 128 x 128, each a body (1,050) with two dark lungs (100) side by side in the
 * selection window (columns 30-92, rows 60-84 at 128 px), 16 columns of mediastinum between them.
 *
 * <p>Lung widths per slice (columns, both lungs together): 0 0 2 10 30 40 40 38 30 8 0 0, 25 rows each, so the
 * window's dark counts are 0 0 50 250 750 1000 1000 950 750 200 0 0: the reference rule (threshold 1000 / 1.5 =
 * 666.7) keeps slices 5-9. Slices 4 and 10 also have a dark region above the window (320 and 608 pixels), which the
 * lung-aware rule counts (scores 570 and 808 against its threshold 0.25 x 1000 = 250; slice 3's 50 stays below): it keeps slices 4-10.
 *
 * <p>Pixel (0, 0) holds a marker, outside the body and the window: 10 + slice for P1, 30 + slice for N1, 50 + slice
 * for C1 (slices numbered 1-12), so stand-in models know which slice they score.
 */
final class DrawnCohort {

    static final int SIZE = 128;
    static final int[] WIDTHS = {0, 0, 2, 10, 30, 40, 40, 38, 30, 8, 0, 0};

    private DrawnCohort() {
    }

    static CtSlice slice(int number, int markerBase) {
        short[] v = new short[SIZE * SIZE];
        int w = WIDTHS[number - 1];
        int leftWidth = w / 2;
        int rightWidth = w - leftWidth;
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                double dx = (x - 64) / 60.0;
                double dy = (y - 64) / 55.0;
                int value = 10;
                if (dx * dx + dy * dy < 1) {
                    value = 1050;
                    boolean window = y >= 60 && y < 85;
                    if (window && ((x >= 56 - leftWidth && x < 56) || (x >= 72 && x < 72 + rightWidth))) {
                        value = 100;
                    }
                    boolean above = y >= 30 && y < 46;
                    if (above && ((number == 4 && x >= 40 && x < 60) || (number == 10 && x >= 40 && x < 78))) {
                        value = 100;
                    }
                }
                v[y * SIZE + x] = (short) value;
            }
        }
        v[0] = (short) (markerBase + number);
        return new CtSlice(SIZE, SIZE, v, "drawn " + number);
    }

    /** Writes the three series and the labels of P1 and C1 under {@code root}. */
    static Path write(Path root) throws IOException {
        series(root.resolve("covid/P1"), 10);
        series(root.resolve("normal/N1"), 30);
        series(root.resolve("cap/C1"), 50);
        Files.createDirectories(root.resolve("labels"));
        // P1: infected slices 4 (lll), 6 (rll), 7 (lll + rll), 10 (rul), 11 (lul)
        Files.writeString(root.resolve("labels/P1.slice-labels.csv"), labels(Map.of(
                4, "1,0,0,0,0", 6, "0,0,1,0,0", 7, "1,0,1,0,0", 10, "0,0,0,0,1", 11, "0,1,0,0,0")));
        // C1: infected slices 5 (rul) and 6 (lul)
        Files.writeString(root.resolve("labels/C1.slice-labels.csv"), labels(Map.of(5, "0,0,0,0,1", 6, "0,1,0,0,0")));
        return root;
    }

    private static void series(Path dir, int markerBase) throws IOException {
        Files.createDirectories(dir);
        for (int n = 1; n <= 12; n++) {
            TiffSlices.write(dir.resolve(String.format(Locale.ROOT, "IM%05d.tif", n)), slice(n, markerBase),
                    TiffSlices.Compression.NONE);
        }
    }

    private static String labels(Map<Integer, String> infectedLobes) {
        StringBuilder b = new StringBuilder("instance,infection,lll,lul,rll,rml,rul\n");
        for (int n = 1; n <= 12; n++) {
            String lobes = infectedLobes.get(n);
            b.append(n).append(',').append(lobes == null ? "0,0,0,0,0,0" : "1," + lobes).append('\n');
        }
        return b.toString();
    }

    /** The marker of a drawn slice. */
    static int marker(CtSlice s) {
        return s.values()[0] & 0xFFFF;
    }

    /** A map whose only non-zero cell is (x, y). */
    static Heatmap peakAt(int x, int y) {
        float[] values = new float[SIZE * SIZE];
        values[y * SIZE + x] = 1f;
        return new Heatmap(SIZE, SIZE, values, 4, 4, 1f, 0.5f);
    }
}
