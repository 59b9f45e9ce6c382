package org.covidct.nn.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
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
        s = Geometry.resnetStem(s);
        for (Stack st : STACKS) {
            int filters = config.channels(st.filters());
            for (int b = 1; b <= st.blocks(); b++) {
                String name = st.name() + "_block" + b;
                int stride = b == st.blocks() ? st.stride() : 1;
                boolean convShortcut = b == 1;
                tapShapes.put(name + "_preact_relu", new Shape(c, s, s));
                batchNorm(name + "_preact_bn", EPSILON, new Shape(c, s, s));
                int sOut = stride == 1 ? s : Geometry.resnetStride2(s);
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

    /** Shape (C,H,W) of a tap. */
    Shape tapShape(String tap) {
        return tapShapes.get(tap);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray[] out = new NDArray[taps.size()];
        NDArray padded = inputs.singletonOrThrow().pad(new Shape(3, 3, 3, 3), 0);
        NDArray x = applyAndClose("conv1_conv", ps, padded, training, params);
        NDArray xp = x.pad(new Shape(1, 1, 1, 1), 0);
        x.close();
        x = Pool.maxPool2d(xp, new Shape(3, 3), new Shape(2, 2), new Shape(0, 0), false);
        xp.close();
        for (Unit u : units) {
            x = block(u, x, ps, training, params, out);
        }
        NDArray post = applyAndClose("post_bn", ps, x, training, params);
        NDArray postRelu = Activation.relu(post);
        post.close();
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

    private NDArray block(Unit u, NDArray x, ParameterStore ps, boolean training, PairList<String, Object> params,
                          NDArray[] out) {
        String n = u.name();
        NDArray bn = apply(n + "_preact_bn", ps, x, training, params);
        NDArray preact = Activation.relu(bn);
        bn.close();
        boolean tapped = keep(n + "_preact_relu", preact, out);

        NDArray shortcut;
        if (u.convShortcut()) {
            shortcut = apply(n + "_0_conv", ps, preact, training, params);
            x.close();
        } else if (u.stride() > 1) {
            shortcut = Pool.maxPool2d(x, new Shape(1, 1), new Shape(u.stride(), u.stride()), new Shape(0, 0), false);
            x.close();
        } else {
            shortcut = x;
        }
        NDArray y = apply(n + "_1_conv", ps, preact, training, params);
        if (!tapped) {
            preact.close();
        }
        y = applyAndClose(n + "_1_bn", ps, y, training, params);
        NDArray r = Activation.relu(y);
        y.close();
        NDArray rp = r.pad(new Shape(1, 1, 1, 1), 0);
        r.close();
        y = applyAndClose(n + "_2_conv", ps, rp, training, params);
        y = applyAndClose(n + "_2_bn", ps, y, training, params);
        r = Activation.relu(y);
        y.close();
        y = applyAndClose(n + "_3_conv", ps, r, training, params);
        NDArray sum = shortcut.add(y);
        shortcut.close();
        y.close();
        return sum;
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
