package org.covidct.nn.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Keras ResNet50V2 definition without its top, for one input channel: zero-pad 3, conv1_conv 7x7/2
 * with bias, zero-pad 1, max-pool 3/2, four stacks of pre-activation bottleneck blocks (the stride sits
 * in the last block of conv2..conv4), post_bn + post_relu.
 *
 * <p>Output: the NDList of the requested taps, in the order asked (e.g. {@code conv4_block1_preact_relu,
 * conv5_block1_preact_relu, post_relu} for the FPN; {@code post_relu} alone for the baseline).
 */
final class ResNet50V2Features extends LayerGraphBlock {

    static final float EPSILON = 1.001e-5f;
    static final String POST_RELU = "post_relu";

    /** A stack of the Keras definition: name, filters, blocks, stride of its last block. */
    private record Stack(String name, int filters, int blocks, int stride) {
    }

    private static final List<Stack> STACKS = List.of(
            new Stack("conv2", 64, 3, 2),
            new Stack("conv3", 128, 4, 2),
            new Stack("conv4", 256, 6, 2),
            new Stack("conv5", 512, 3, 1));

    /** A bottleneck block as built: its Keras name prefix, stride, shortcut kind. */
    private record Unit(String name, int stride, boolean convShortcut) {
    }

    private final List<Unit> units = new ArrayList<>();
    private final List<String> taps;
    private final Map<String, Shape> tapShapes = new TreeMap<>();

    ResNet50V2Features(ModelConfig config, List<String> taps) {
        this.taps = List.copyOf(taps);
        int s = config.inputSize();
        int c = config.channels(64);
        conv("conv1_conv", c, 7, 2, 0, true, new Shape(1, s + 6, s + 6));
        s = stem(s);
        for (Stack st : STACKS) {
            int filters = config.channels(st.filters());
            for (int b = 1; b <= st.blocks(); b++) {
                String name = st.name() + "_block" + b;
                int stride = b == st.blocks() ? st.stride() : 1;
                boolean convShortcut = b == 1;
                tapShapes.put(name + "_preact_relu", new Shape(c, s, s));
                batchNorm(name + "_preact_bn", EPSILON, new Shape(c, s, s));
                int sOut = stride == 1 ? s : stride2(s);
                if (convShortcut) {
                    conv(name + "_0_conv", 4 * filters, 1, stride, 0, true, new Shape(c, s, s));
                }
                conv(name + "_1_conv", filters, 1, 1, 0, false, new Shape(c, s, s));
                batchNorm(name + "_1_bn", EPSILON, new Shape(filters, s, s));
                conv(name + "_2_conv", filters, 3, stride, 0, false, new Shape(filters, s + 2, s + 2));
                batchNorm(name + "_2_bn", EPSILON, new Shape(filters, sOut, sOut));
                conv(name + "_3_conv", 4 * filters, 1, 1, 0, true, new Shape(filters, sOut, sOut));
                units.add(new Unit(name, stride, convShortcut));
                c = 4 * filters;
                s = sOut;
            }
        }
        batchNorm("post_bn", EPSILON, new Shape(c, s, s));
        tapShapes.put(POST_RELU, new Shape(c, s, s));
        for (String t : taps) {
            if (!tapShapes.containsKey(t)) {
                throw new IllegalArgumentException("no tap " + t);
            }
        }
    }

    /** Spatial size after conv1 + pool1 (the input of stack conv2). */
    static int stem(int input) {
        return Geometry.valid(Geometry.valid(input + 6, 7, 2) + 2, 3, 2);
    }

    /** A stack's last block strides 2 with explicit zero padding 1 then a valid 3x3. */
    static int stride2(int size) {
        return Geometry.valid(size + 2, 3, 2);
    }

    /** Feature sizes {conv2 out, conv3 out (= C3), conv4 out (= C4 = C5)} of a square input. */
    static int[] stages(int input) {
        int c2 = stride2(stem(input));
        int c3 = stride2(c2);
        int c4 = stride2(c3);
        return new int[] {c2, c3, c4};
    }

    /** Shape (C,H,W) of a tap. */
    Shape tapShape(String tap) {
        return tapShapes.get(tap);
    }

    @Override
    protected NDList forward(LayerOps ops, NDList inputs) {
        NDArray[] out = new NDArray[taps.size()];
        NDArray x = ops.conv("conv1_conv", inputs.singletonOrThrow(), 3); // conv1_pad: zeros, 3
        NDArray xp = x.pad(new Shape(1, 1, 1, 1), 0); // pool1_pad pads zeros, not -inf: conv1 can be negative
        x.close();
        x = Pool.maxPool2d(xp, new Shape(3, 3), new Shape(2, 2), new Shape(0, 0), false);
        xp.close();
        for (Unit u : units) {
            x = block(u, x, ops, out);
        }
        NDArray post = ops.batchNorm("post_bn", x);
        x.close();
        NDArray postRelu = reluAndClose(post);
        keep(POST_RELU, postRelu, out);
        if (taps.indexOf(POST_RELU) < 0) {
            postRelu.close();
        }
        return new NDList(out);
    }

    /** Stores a tap if it is requested; returns whether it was. */
    private boolean keep(String name, NDArray value, NDArray[] out) {
        int i = taps.indexOf(name);
        if (i >= 0) {
            out[i] = value;
            return true;
        }
        return false;
    }

    /** A pre-activation bottleneck block; closes {@code x}. */
    private NDArray block(Unit u, NDArray x, LayerOps ops, NDArray[] out) {
        String n = u.name();
        NDArray preact = reluAndClose(ops.batchNorm(n + "_preact_bn", x));
        boolean tapped = keep(n + "_preact_relu", preact, out);

        NDArray shortcut;
        if (u.convShortcut()) {
            shortcut = ops.conv(n + "_0_conv", preact, 0);
            x.close();
        } else if (u.stride() > 1) {
            shortcut = Pool.maxPool2d(x, new Shape(1, 1), new Shape(u.stride(), u.stride()), new Shape(0, 0), false);
            x.close();
        } else {
            shortcut = x;
        }
        NDArray y = ops.convBn(n + "_1_conv", n + "_1_bn", preact, 0);
        if (!tapped) {
            preact.close();
        }
        NDArray r = reluAndClose(y);
        y = ops.convBn(n + "_2_conv", n + "_2_bn", r, 1); // _2_pad: zeros, 1
        r.close();
        r = reluAndClose(y);
        y = ops.conv(n + "_3_conv", r, 0);
        r.close();
        return ops.addResidual(y, shortcut);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long batch = inputShapes[0].get(0);
        Shape[] out = new Shape[taps.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = new Shape(batch).addAll(tapShapes.get(taps.get(i)));
        }
        return out;
    }
}
