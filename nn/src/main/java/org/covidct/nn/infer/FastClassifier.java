package org.covidct.nn.infer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import java.util.HashMap;
import java.util.Map;
import org.covidct.nn.model.Architecture;
import org.covidct.nn.model.KerasLayer;
import org.covidct.nn.model.Network;
import org.covidct.nn.model.TfOps;

/**
 * Inference-only forward pass of a {@link Network} with the algebra done once: every BatchNorm that
 * directly follows a convolution is folded into that convolution's weights and bias (ResNet50V2's
 * {@code _1_bn} and {@code _2_bn}; all of Xception's); the pre-activation BatchNorms (and post_bn), which
 * follow a residual sum and precede a ReLU, stay as one fused inference BatchNorm each, the exact form;
 * the explicit zero padding before valid convolutions becomes the convolution's own padding; dropout is
 * gone. Intermediates are closed as soon as they are consumed. Equals the block forward up to float
 * rounding (tests: within 1e-4 relative).
 *
 * <p>Convolution weights are stored channels-last; PyTorch then runs those convolutions (oneDNN) in NHWC
 * and keeps their outputs NHWC, saving the layout reorders that NCHW costs on every convolution.
 *
 * <p>Optionally float16 weights and activations ({@link Precision#FP16}; folding is done in float32 first,
 * logits are returned as float32).
 */
public final class FastClassifier implements AutoCloseable {

    private static final Shape ONE = new Shape(1, 1);
    private static final Shape NO_PAD = new Shape(0, 0);

    /** A convolution with BatchNorm folded in: y = conv(x, weight) + bias. */
    private record Conv(NDArray weight, NDArray bias, int stride, int pad, int groups) {
        NDArray apply(NDArray x) {
            return Conv2d.conv2d(x, weight, bias, new Shape(stride, stride), new Shape(pad, pad), ONE, groups)
                    .singletonOrThrow();
        }
    }

    /** An inference BatchNorm kept as such (before a ReLU, after a sum). */
    private record Bn(NDArray gamma, NDArray beta, NDArray mean, NDArray var, float epsilon) {
        NDArray apply(NDArray x) {
            return BatchNorm.batchNorm(x, mean, var, gamma, beta, 1, 0.99f, epsilon, false).singletonOrThrow();
        }
    }

    private final NDManager manager;
    private final Network network;
    private final Architecture architecture;
    private final DataType dtype;
    private final boolean channelsLast;
    private final Map<String, KerasLayer> layers = new HashMap<>();
    private final Map<String, Conv> convs = new HashMap<>();
    private final Map<String, Bn> bns = new HashMap<>();
    private final Map<String, NDArray[]> denses = new HashMap<>();

    private FastClassifier(Network network, NDManager parent, Precision precision, boolean channelsLast) {
        this.channelsLast = channelsLast;
        this.network = network;
        this.architecture = network.config().architecture();
        this.manager = parent.newSubManager();
        this.dtype = precision.dataType();
        for (KerasLayer l : network.kerasLayers()) {
            layers.put(l.name(), l);
        }
        if (architecture == Architecture.XCEPTION) {
            prepareXception();
        } else {
            prepareResNet();
        }
        for (KerasLayer l : network.kerasLayers()) {
            if (l.kind() == KerasLayer.Kind.DENSE || l.kind() == KerasLayer.Kind.DENSE_AFTER_FLATTEN) {
                denses.put(l.name(), new NDArray[] {cast(arr(l, 0)), cast(arr(l, 1))});
            } else if (l.kind() == KerasLayer.Kind.CONV2D && !convs.containsKey(l.name())) {
                // convolutions not followed by a BatchNorm (shortcut, _3_conv, pyramid): as they are
                convs.put(l.name(), new Conv(cast(arr(l, 0)), l.parameters().size() > 1 ? cast(arr(l, 1)) : null,
                        1, 0, 1));
            }
        }
        if (architecture == Architecture.FPN) {
            replaceGeometry("P5", 1, 1); // "same" 3x3 stride 1: symmetric
            replaceGeometry("P6", 2, 0); // stride 2: TF padding applied explicitly
            replaceGeometry("P7", 2, 0);
        }
    }

    private void replaceGeometry(String name, int stride, int pad) {
        Conv c = convs.get(name);
        convs.put(name, new Conv(c.weight(), c.bias(), stride, pad, c.groups()));
    }

    /** Prepares the folded weights of a trained (or initialised) network. */
    public static FastClassifier of(Network network, NDManager manager, Precision precision) {
        return of(network, manager, precision, true);
    }

    /**
     * As {@link #of(Network, NDManager, Precision)}, choosing the memory layout of the convolution weights:
     * channels-last (the default; measured faster on this project's 2-core benchmark machine, see
     * docs/benchmarks/infer.md) or PyTorch's default NCHW.
     */
    public static FastClassifier of(Network network, NDManager manager, Precision precision, boolean channelsLast) {
        return new FastClassifier(network, manager, precision, channelsLast);
    }

    private static NDArray arr(KerasLayer l, int i) {
        return l.parameters().get(i).getArray();
    }

    private NDArray cast(NDArray a) {
        NDArray c = a.toType(dtype, true);
        c.attach(manager);
        if (channelsLast && c.getShape().dimension() == 4) {
            NDArray cl = channelsLast(c);
            c.close();
            return cl;
        }
        return c;
    }

    /**
     * The same logical (O,I,kh,kw) array stored channels-last (strides of O,kh,kw,I): PyTorch then runs
     * the convolutions that use it, and their outputs, in NHWC, which oneDNN prefers.
     */
    static NDArray channelsLast(NDArray w) {
        Shape s = w.getShape();
        NDArray permuted = w.transpose(0, 2, 3, 1);
        NDArray packed = permuted.reshape(s.get(0), s.get(2), s.get(3) * s.get(1)); // forces an NHWC copy
        NDArray view = packed.reshape(s.get(0), s.get(2), s.get(3), s.get(1));
        NDArray logical = view.transpose(0, 3, 1, 2);
        permuted.close();
        packed.close();
        view.close();
        return logical;
    }

    private Bn keepBn(String name, float eps) {
        KerasLayer l = layers.get(name);
        Bn bn = new Bn(cast(arr(l, 0)), cast(arr(l, 1)), cast(arr(l, 2)), cast(arr(l, 3)), eps);
        bns.put(name, bn);
        return bn;
    }

    /** Folds BatchNorm {@code bnName} into convolution weight {@code w} (out, in/groups, kh, kw) and bias. */
    private Conv fold(String convName, NDArray w, NDArray bias, String bnName, float eps, int stride, int pad,
                      int groups) {
        KerasLayer bn = layers.get(bnName);
        try (NDManager tmp = manager.newSubManager()) {
            NDArray gamma = arr(bn, 0);
            NDArray beta = arr(bn, 1);
            NDArray mean = arr(bn, 2);
            NDArray var = arr(bn, 3);
            NDArray scale = gamma.div(var.add(eps).sqrt());
            scale.attach(tmp);
            NDArray fw = w.mul(scale.reshape(-1, 1, 1, 1));
            NDArray fb = (bias == null ? mean.neg() : bias.sub(mean)).mul(scale).add(beta);
            Conv c = new Conv(cast(fw), cast(fb), stride, pad, groups);
            fw.close();
            fb.close();
            convs.put(convName, c);
            return c;
        }
    }

    private Conv foldConv(String convName, String bnName, float eps, int stride, int pad) {
        KerasLayer c = layers.get(convName);
        return fold(convName, arr(c, 0), c.parameters().size() > 1 ? arr(c, 1) : null, bnName, eps, stride, pad, 1);
    }

    private void prepareResNet() {
        float eps = 1.001e-5f;
        KerasLayer conv1 = layers.get("conv1_conv");
        convs.put("conv1_conv", new Conv(cast(arr(conv1, 0)), cast(arr(conv1, 1)), 2, 3, 1));
        for (KerasLayer l : network.kerasLayers()) {
            String n = l.name();
            if (n.endsWith("_preact_bn") || n.equals("post_bn")) {
                keepBn(n, eps);
            } else if (n.endsWith("_1_conv")) {
                foldConv(n, n.replace("_1_conv", "_1_bn"), eps, 1, 0);
            } else if (n.endsWith("_2_conv")) {
                foldConv(n, n.replace("_2_conv", "_2_bn"), eps, strideOf(n), 1);
            } else if (n.endsWith("_0_conv")) {
                convs.put(n, new Conv(cast(arr(l, 0)), cast(arr(l, 1)), strideOf(n), 0, 1));
            }
        }
    }

    /** Stride of a ResNet50V2 block's strided layers: the last block of conv2..conv4. */
    private static int strideOf(String layer) {
        return layer.startsWith("conv2_block3_") || layer.startsWith("conv3_block4_")
                || layer.startsWith("conv4_block6_") ? 2 : 1;
    }

    private void prepareXception() {
        float eps = 1e-3f;
        foldConv("block1_conv1", "block1_conv1_bn", eps, 2, 0);
        foldConv("block1_conv2", "block1_conv2_bn", eps, 1, 0);
        String[] residual = {"conv2d", "conv2d_1", "conv2d_2", "conv2d_3"};
        String[] residualBn = {"batch_normalization", "batch_normalization_1", "batch_normalization_2",
                "batch_normalization_3"};
        for (int i = 0; i < 4; i++) {
            foldConv(residual[i], residualBn[i], eps, 2, 0);
        }
        for (KerasLayer l : network.kerasLayers()) {
            if (l.kind() == KerasLayer.Kind.SEPARABLE_CONV2D) {
                NDArray depthwise = arr(l, 0);
                long in = depthwise.getShape().get(0);
                convs.put(l.name() + "/depthwise", new Conv(cast(depthwise), null, 1, 1, (int) in));
                fold(l.name(), arr(l, 1), null, l.name() + "_bn", eps, 1, 0, 1);
            }
        }
    }

    /** Logits (N, 2) as float32, in the input's manager. */
    public NDArray logits(NDArray input) {
        NDArray x = input.getDataType() == dtype ? input.duplicate() : input.toType(dtype, true);
        NDList features = architecture == Architecture.XCEPTION ? xception(x) : resnet(x);
        NDArray logits = architecture == Architecture.FPN ? fpnHead(features) : poolingHead(features.get(0));
        features.close();
        if (logits.getDataType() != DataType.FLOAT32) {
            NDArray f = logits.toType(DataType.FLOAT32, false);
            logits.close();
            return f;
        }
        return logits;
    }

    private NDArray conv(String name, NDArray x) {
        NDArray y = convs.get(name).apply(x);
        x.close();
        return y;
    }

    private static NDArray relu(NDArray x) {
        NDArray y = x.getNDArrayInternal().relu();
        x.close();
        return y;
    }

    private NDList resnet(NDArray x) {
        boolean fpn = architecture == Architecture.FPN;
        NDArray c3 = null;
        NDArray c4 = null;
        x = conv("conv1_conv", x);
        NDArray padded = x.pad(new Shape(1, 1, 1, 1), 0); // zeros, as Keras' pool1_pad (not -inf)
        x.close();
        x = Pool.maxPool2d(padded, new Shape(3, 3), new Shape(2, 2), NO_PAD, false);
        padded.close();
        int[][] stacks = {{2, 3}, {3, 4}, {4, 6}, {5, 3}};
        for (int[] st : stacks) {
            for (int b = 1; b <= st[1]; b++) {
                String n = "conv" + st[0] + "_block" + b;
                NDArray preact = bns.get(n + "_preact_bn").apply(x);
                preact = relu(preact);
                boolean tap = fpn && b == 1 && (st[0] == 4 || st[0] == 5);
                if (tap && st[0] == 4) {
                    c3 = preact;
                } else if (tap) {
                    c4 = preact;
                }
                int stride = b == st[1] && st[0] < 5 ? 2 : 1;
                NDArray shortcut;
                if (b == 1) {
                    shortcut = convs.get(n + "_0_conv").apply(preact);
                    x.close();
                } else if (stride > 1) {
                    shortcut = Pool.maxPool2d(x, ONE, new Shape(2, 2), NO_PAD, false);
                    x.close();
                } else {
                    shortcut = x;
                }
                NDArray y = convs.get(n + "_1_conv").apply(preact);
                if (!tap) {
                    preact.close();
                }
                y = relu(y);
                y = relu(conv(n + "_2_conv", y));
                y = conv(n + "_3_conv", y);
                y.addi(shortcut);
                shortcut.close();
                x = y;
            }
        }
        NDArray post = relu(bns.get("post_bn").apply(x));
        x.close();
        return fpn ? new NDList(c3, c4, post) : new NDList(post);
    }

    private NDList xception(NDArray x) {
        x = relu(conv("block1_conv1", x));
        x = relu(conv("block1_conv2", x));
        x = xceptionStrided(2, "conv2d", false, x);
        x = xceptionStrided(3, "conv2d_1", true, x);
        x = xceptionStrided(4, "conv2d_2", true, x);
        for (int b = 5; b <= 12; b++) {
            NDArray y = x.getNDArrayInternal().relu();
            for (int j = 1; j <= 3; j++) {
                if (j > 1) {
                    y = relu(y);
                }
                y = sepConv("block" + b + "_sepconv" + j, y);
            }
            y.addi(x);
            x.close();
            x = y;
        }
        x = xceptionStrided(13, "conv2d_3", true, x);
        x = relu(sepConv("block14_sepconv1", x));
        x = relu(sepConv("block14_sepconv2", x));
        return new NDList(x);
    }

    private NDArray sepConv(String name, NDArray x) {
        return conv(name, conv(name + "/depthwise", x));
    }

    private NDArray xceptionStrided(int block, String residualConv, boolean activateFirst, NDArray x) {
        NDArray residual = convs.get(residualConv).apply(x);
        NDArray y = activateFirst ? relu(x) : x;
        y = relu(sepConv("block" + block + "_sepconv1", y));
        y = sepConv("block" + block + "_sepconv2", y);
        NDArray pooled = TfOps.maxPoolSame(y, 3, 2);
        y.close();
        pooled.addi(residual);
        residual.close();
        return pooled;
    }

    private NDArray dense(String name, NDArray x) {
        NDArray[] wb = denses.get(name);
        NDArray y = Linear.linear(x, wb[0], wb[1]).singletonOrThrow();
        x.close();
        return y;
    }

    private NDArray poolingHead(NDArray features) {
        return dense("predictions", Pool.globalAvgPool2d(features));
    }

    private NDArray fpnHead(NDList c) {
        NDArray c3 = c.get(0);
        NDArray c4 = c.get(1);
        NDArray c5 = c.get(2);
        NDArray p5r = convs.get("C5_reduced").apply(c5);
        NDArray p5Up = TfOps.resizeNearest(p5r, c4.getShape().get(2), c4.getShape().get(3));
        NDArray p5 = convs.get("P5").apply(p5r);
        if (p5Up != p5r) {
            p5r.close();
        }
        NDArray c4r = convs.get("C4_reduced").apply(c4);
        NDArray p4cat = NDArrays.concat(new NDList(p5Up, c4r), 1);
        p5Up.close();
        c4r.close();
        NDArray p4Up = TfOps.resizeNearest(p4cat, c3.getShape().get(2), c3.getShape().get(3));
        NDArray p4 = convs.get("P4").apply(p4cat);
        if (p4Up != p4cat) {
            p4cat.close();
        }
        NDArray c3r = convs.get("C3_reduced").apply(c3);
        NDArray p3cat = NDArrays.concat(new NDList(p4Up, c3r), 1);
        p4Up.close();
        c3r.close();
        NDArray p3 = conv("P3", p3cat);
        NDArray c5p = TfOps.padSame(c5, 3, 2, 0);
        NDArray p6 = convs.get("P6").apply(c5p);
        if (c5p != c5) {
            c5p.close();
        }
        NDArray p6Relu = p6.getNDArrayInternal().relu();
        NDArray p6p = TfOps.padSame(p6Relu, 3, 2, 0);
        if (p6p != p6Relu) {
            p6Relu.close();
        }
        NDArray p7 = conv("P7", p6p);
        String[] heads = {"dense_1", "dense_2", "dense_3", "dense_4", "dense_5"};
        NDArray[] pyramid = {p3, p4, p5, p6, p7};
        NDList votes = new NDList(5);
        for (int i = 0; i < 5; i++) {
            NDArray flat = pyramid[i].reshape(pyramid[i].getShape().get(0), -1);
            pyramid[i].close();
            votes.add(relu(dense(heads[i], flat)));
        }
        NDArray concat = NDArrays.concat(votes, 1);
        votes.close();
        return dense("dense_6", concat);
    }

    @Override
    public void close() {
        manager.close();
    }

}
