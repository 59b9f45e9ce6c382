package org.covidct.nn.data;

import java.util.SplittableRandom;

/**
 * Random geometric augmentation of one slice, as Keras 2 {@code ImageDataGenerator} does it with the
 * paper's settings (REFERENCE section 4), on 16-bit values held as float.
 *
 * <p>Every random draw (rotation, shifts, shear, zoom, flips) is composed into ONE affine map from output
 * pixel (row, column) to input coordinates, and the image is resampled once, bilinearly, with "nearest"
 * fill (coordinates outside the image are clamped to the edge, as scipy's {@code mode='nearest'}). The
 * composition follows Keras {@code apply_affine_transform}: {@code M = Rotation . Shift . Shear . Zoom},
 * conjugated by a translation to the centre {@code (rows/2 + 0.5, cols/2 + 0.5)} (Keras' centre, half a
 * pixel off the geometric centre; kept for parity), then the flips, which Keras applies after the affine
 * resampling, are folded in as index reflections of the output. Draws come from a generator seeded by
 * (seed, epoch, index), so the result does not depend on which worker thread handles the slice.
 */
public final class Augmenter {

    private final double rotationRangeDegrees;
    private final double widthShiftFraction;
    private final double heightShiftFraction;
    private final double shearRangeDegrees;
    private final double zoomLow;
    private final double zoomHigh;
    private final boolean horizontalFlip;
    private final boolean verticalFlip;

    private Augmenter(Builder b) {
        this.rotationRangeDegrees = b.rotationRangeDegrees;
        this.widthShiftFraction = b.widthShiftFraction;
        this.heightShiftFraction = b.heightShiftFraction;
        this.shearRangeDegrees = b.shearRangeDegrees;
        this.zoomLow = b.zoomLow;
        this.zoomHigh = b.zoomHigh;
        this.horizontalFlip = b.horizontalFlip;
        this.verticalFlip = b.verticalFlip;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The paper's settings: flips, rotation 360, zoom 0.05, shifts 0.05, shear 0.05 degrees. */
    public static Augmenter paper() {
        return builder().optRotationRange(360).optShiftRange(0.05, 0.05).optShearRange(0.05)
                .optZoomRange(0.95, 1.05).optFlips(true, true).build();
    }

    /**
     * The random parameters of one image. Angles in degrees; {@code rowShift}/{@code columnShift} in pixels
     * (Keras tx, ty); zooms are factors (a zoom above 1 samples a larger input area, shrinking the content).
     */
    public record Transform(double rotationDegrees, double rowShift, double columnShift, double shearDegrees,
                            double rowZoom, double columnZoom, boolean flipHorizontal, boolean flipVertical) {

        public static final Transform IDENTITY = new Transform(0, 0, 0, 0, 1, 1, false, false);
    }

    /** Draws the transform of image {@code index} in {@code epoch}, in Keras' draw order. */
    public Transform draw(long seed, int epoch, long index, int rows, int columns) {
        SplittableRandom rng = new SplittableRandom(mix(seed, epoch, index));
        double theta = rotationRangeDegrees > 0 ? uniform(rng, -rotationRangeDegrees, rotationRangeDegrees) : 0;
        double tx = heightShiftFraction > 0 ? uniform(rng, -heightShiftFraction, heightShiftFraction) * rows : 0;
        double ty = widthShiftFraction > 0 ? uniform(rng, -widthShiftFraction, widthShiftFraction) * columns : 0;
        double shear = shearRangeDegrees > 0 ? uniform(rng, -shearRangeDegrees, shearRangeDegrees) : 0;
        double zx = 1;
        double zy = 1;
        if (zoomLow != 1 || zoomHigh != 1) {
            zx = uniform(rng, zoomLow, zoomHigh);
            zy = uniform(rng, zoomLow, zoomHigh);
        }
        boolean flipH = horizontalFlip && rng.nextDouble() < 0.5;
        boolean flipV = verticalFlip && rng.nextDouble() < 0.5;
        return new Transform(theta, tx, ty, shear, zx, zy, flipH, flipV);
    }

    /** Augments image {@code index} of {@code epoch}: draws its transform and applies it. */
    public float[] augment(float[] image, int rows, int columns, long seed, int epoch, long index) {
        return apply(image, rows, columns, draw(seed, epoch, index, rows, columns));
    }

    /** Resamples {@code image} (row-major rows x columns) through {@code t}; returns a new array. */
    public static float[] apply(float[] image, int rows, int columns, Transform t) {
        if (image.length != rows * columns) {
            throw new IllegalArgumentException(image.length + " values for " + rows + "x" + columns);
        }
        double[] m = matrix(t, rows, columns);
        float[] out = new float[image.length];
        int lastRow = rows - 1;
        int lastColumn = columns - 1;
        for (int r = 0; r < rows; r++) {
            // Keras flips the resampled image: output (r, c) is the affine image at the reflected index
            int sr = t.flipVertical() ? lastRow - r : r;
            for (int c = 0; c < columns; c++) {
                int sc = t.flipHorizontal() ? lastColumn - c : c;
                double inRow = m[0] * sr + m[1] * sc + m[2];
                double inColumn = m[3] * sr + m[4] * sc + m[5];
                out[r * columns + c] = bilinearNearestFill(image, rows, columns, inRow, inColumn);
            }
        }
        return out;
    }

    /**
     * The 2x3 map (row-major: a, b, offset for the input row; then for the input column) from output
     * index to input coordinate, Keras' {@code transform_matrix_offset_center(R . S . Sh . Z)}.
     */
    static double[] matrix(Transform t, int rows, int columns) {
        double[][] m = identity();
        if (t.rotationDegrees() != 0) {
            double a = Math.toRadians(t.rotationDegrees());
            m = times(m, new double[][] {{Math.cos(a), -Math.sin(a), 0}, {Math.sin(a), Math.cos(a), 0}, {0, 0, 1}});
        }
        if (t.rowShift() != 0 || t.columnShift() != 0) {
            m = times(m, new double[][] {{1, 0, t.rowShift()}, {0, 1, t.columnShift()}, {0, 0, 1}});
        }
        if (t.shearDegrees() != 0) {
            double s = Math.toRadians(t.shearDegrees());
            m = times(m, new double[][] {{1, -Math.sin(s), 0}, {0, Math.cos(s), 0}, {0, 0, 1}});
        }
        if (t.rowZoom() != 1 || t.columnZoom() != 1) {
            m = times(m, new double[][] {{t.rowZoom(), 0, 0}, {0, t.columnZoom(), 0}, {0, 0, 1}});
        }
        double oRow = rows / 2.0 + 0.5;
        double oColumn = columns / 2.0 + 0.5;
        m = times(times(new double[][] {{1, 0, oRow}, {0, 1, oColumn}, {0, 0, 1}}, m),
                new double[][] {{1, 0, -oRow}, {0, 1, -oColumn}, {0, 0, 1}});
        return new double[] {m[0][0], m[0][1], m[0][2], m[1][0], m[1][1], m[1][2]};
    }

    private static float bilinearNearestFill(float[] image, int rows, int columns, double row, double column) {
        double y = Math.min(Math.max(row, 0), rows - 1);
        double x = Math.min(Math.max(column, 0), columns - 1);
        int y0 = (int) Math.floor(y);
        int x0 = (int) Math.floor(x);
        int y1 = Math.min(y0 + 1, rows - 1);
        int x1 = Math.min(x0 + 1, columns - 1);
        double fy = y - y0;
        double fx = x - x0;
        double top = image[y0 * columns + x0] + fx * (image[y0 * columns + x1] - image[y0 * columns + x0]);
        if (fy == 0) {
            return (float) top;
        }
        double bottom = image[y1 * columns + x0] + fx * (image[y1 * columns + x1] - image[y1 * columns + x0]);
        return (float) (top + fy * (bottom - top));
    }

    private static double uniform(SplittableRandom rng, double low, double high) {
        return low + (high - low) * rng.nextDouble();
    }

    /** A well-spread 64-bit seed of (seed, epoch, index) (SplitMix64 finaliser over a combination). */
    public static long mix(long seed, int epoch, long index) {
        long z = seed * 0x9E3779B97F4A7C15L + epoch * 0xBF58476D1CE4E5B9L + index * 0x94D049BB133111EBL + 0x632BE59BD9B4E019L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static double[][] identity() {
        return new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
    }

    private static double[][] times(double[][] a, double[][] b) {
        double[][] c = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                c[i][j] = a[i][0] * b[0][j] + a[i][1] * b[1][j] + a[i][2] * b[2][j];
            }
        }
        return c;
    }

    /** Builder: every range is optional and off (0, or zoom 1..1, no flips) unless set. */
    public static final class Builder {
        private double rotationRangeDegrees;
        private double widthShiftFraction;
        private double heightShiftFraction;
        private double shearRangeDegrees;
        private double zoomLow = 1;
        private double zoomHigh = 1;
        private boolean horizontalFlip;
        private boolean verticalFlip;

        private Builder() {
        }

        /** Rotation uniform in [-degrees, degrees]. */
        public Builder optRotationRange(double degrees) {
            this.rotationRangeDegrees = degrees;
            return this;
        }

        /** Shifts uniform in [-fraction, fraction] of the width (columns) and height (rows). */
        public Builder optShiftRange(double widthFraction, double heightFraction) {
            this.widthShiftFraction = widthFraction;
            this.heightShiftFraction = heightFraction;
            return this;
        }

        /** Shear angle uniform in [-degrees, degrees] (Keras' shear_range is in degrees). */
        public Builder optShearRange(double degrees) {
            this.shearRangeDegrees = degrees;
            return this;
        }

        /** Row and column zoom factors drawn independently, uniform in [low, high]. */
        public Builder optZoomRange(double low, double high) {
            this.zoomLow = low;
            this.zoomHigh = high;
            return this;
        }

        public Builder optFlips(boolean horizontal, boolean vertical) {
            this.horizontalFlip = horizontal;
            this.verticalFlip = vertical;
            return this;
        }

        public Augmenter build() {
            if (rotationRangeDegrees < 0 || widthShiftFraction < 0 || heightShiftFraction < 0
                    || shearRangeDegrees < 0 || !(zoomLow > 0) || zoomHigh < zoomLow) {
                throw new IllegalArgumentException("augmentation ranges must be non-negative, 0 < zoom low <= high");
            }
            return new Augmenter(this);
        }
    }
}
