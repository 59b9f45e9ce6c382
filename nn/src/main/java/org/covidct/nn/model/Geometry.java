package org.covidct.nn.model;

/**
 * Spatial size arithmetic of the three networks, shared by construction (parameter shapes of the
 * dense heads), validation of input sizes and the padding applied at run time.
 */
public final class Geometry {

    private Geometry() {
    }

    /** Output size of a "valid" (unpadded) window. */
    public static int valid(int size, int kernel, int stride) {
        return size < kernel ? 0 : (size - kernel) / stride + 1;
    }

    /** Output size of a TensorFlow "same" window: ceil(size / stride). */
    public static int same(int size, int stride) {
        return (size + stride - 1) / stride;
    }

    /**
     * TensorFlow "same" padding as {before, after}: the total is split with the odd pixel AFTER, so a
     * stride-2 window on an even size pads 0 before and 1 after (PyTorch's symmetric padding would
     * shift the sampling grid by one pixel).
     */
    public static int[] samePadding(int size, int kernel, int stride) {
        int total = Math.max((same(size, stride) - 1) * stride + kernel - size, 0);
        return new int[] {total / 2, total - total / 2};
    }

    /** ResNet50V2: spatial size after conv1 + pool1 (the input of stack conv2). */
    static int resnetStem(int input) {
        return valid(valid(input + 6, 7, 2) + 2, 3, 2);
    }

    /** ResNet50V2: a stack's last block strides 2 with explicit zero padding 1 then a valid 3x3. */
    static int resnetStride2(int size) {
        return valid(size + 2, 3, 2);
    }

    /** ResNet50V2 feature sizes {conv2 out, conv3 out (= C3), conv4 out (= C4 = C5)}. */
    public static int[] resnetStages(int input) {
        int c2 = resnetStride2(resnetStem(input));
        int c3 = resnetStride2(c2);
        int c4 = resnetStride2(c3);
        return new int[] {c2, c3, c4};
    }

    /** FPN pyramid sizes P3, P4, P5, P6, P7 (square). */
    public static int[] pyramid(int input) {
        int[] st = resnetStages(input);
        int c3 = st[1];
        int c5 = st[2];
        int p6 = same(c5, 2);
        return new int[] {valid(c3, 3, 1), valid(c5, 3, 1), c5, p6, same(p6, 2)};
    }

    /** Xception: size after block1_conv1 and block1_conv2 (both valid). */
    static int xceptionStem(int input) {
        return valid(valid(input, 3, 2), 3, 1);
    }

    /** Xception: final feature size (four stride-2 "same" poolings after the stem). */
    public static int xceptionOutput(int input) {
        int s = xceptionStem(input);
        for (int i = 0; i < 4; i++) {
            s = same(s, 2);
        }
        return s;
    }

    static boolean fits(Architecture architecture, int input) {
        if (input < 1) {
            return false;
        }
        return switch (architecture) {
            case RESNET50V2 -> resnetStages(input)[2] >= 1;
            case XCEPTION -> xceptionStem(input) >= 1;
            case FPN -> {
                int[] p = pyramid(input);
                yield resnetStages(input)[2] >= 1 && p[0] >= 1 && p[1] >= 1;
            }
        };
    }

    /** The smallest square input the architecture can take (FPN: 65, ResNet50V2: 1, Xception: 7). */
    public static int smallestInputSize(Architecture architecture) {
        int s = 1;
        while (!fits(architecture, s)) {
            s++;
        }
        return s;
    }
}
