package org.covidct.nn.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import java.util.HashMap;
import java.util.Map;

/**
 * {@link LayerOps} for inference with the algebra done once, derived from the network's own blocks (nothing here
 * knows an architecture): a BatchNorm that directly follows a convolution ({@link #convBn}) is folded into that
 * convolution's weights and bias; a BatchNorm on its own (after a residual sum, before a ReLU) stays one fused
 * inference BatchNorm, the exact form; explicit zero padding before a convolution becomes the convolution's own;
 * dropout is gone; residual sums are in place. Each layer is prepared on first use and kept, in {@code dtype},
 * convolution weights optionally stored channels-last (oneDNN then runs the convolutions in NHWC without reorders).
 * Not thread-safe.
 */
final class FoldedOps implements LayerOps, AutoCloseable {

    private static final Shape ONE = new Shape(1, 1);

    /** A convolution with any BatchNorm folded in, and the depthwise half of a separable one before it. */
    private record Conv(NDArray weight, NDArray bias, Shape stride, Shape padding, int groups, Conv before) {
        NDArray apply(NDArray x) {
            NDArray in = before == null ? x : before.apply(x);
            NDArray y = Conv2d.conv2d(in, weight, bias, stride, padding, ONE, groups).singletonOrThrow();
            if (in != x) {
                in.close();
            }
            return y;
        }
    }

    /** An inference BatchNorm kept as such. */
    private record Bn(NDArray gamma, NDArray beta, NDArray mean, NDArray var, float epsilon) {
        NDArray apply(NDArray x) {
            return BatchNorm.batchNorm(x, mean, var, gamma, beta, 1, 0.99f, epsilon, false).singletonOrThrow();
        }
    }

    private final Network network;
    private final NDManager manager;
    private final DataType dtype;
    private final boolean channelsLast;
    private final Map<String, Conv> convs = new HashMap<>();
    private final Map<String, Bn> bns = new HashMap<>();
    private final Map<String, NDArray[]> denses = new HashMap<>();

    FoldedOps(Network network, NDManager parent, DataType dtype, boolean channelsLast) {
        this.network = network;
        this.manager = parent.newSubManager();
        this.dtype = dtype;
        this.channelsLast = channelsLast;
    }

    DataType dataType() {
        return dtype;
    }

    @Override
    public NDArray conv(String name, NDArray x, int pad) {
        return convs.computeIfAbsent(name + "@" + pad, k -> prepare(name, null, pad)).apply(x);
    }

    @Override
    public NDArray convBn(String conv, String bn, NDArray x, int pad) {
        return convs.computeIfAbsent(conv + "+" + bn + "@" + pad, k -> prepare(conv, bn, pad)).apply(x);
    }

    @Override
    public NDArray batchNorm(String name, NDArray x) {
        return bns.computeIfAbsent(name, k -> {
            NDArray[] p = parameters(name, "gamma", "beta", "runningMean", "runningVar");
            return new Bn(cast(p[0]), cast(p[1]), cast(p[2]), cast(p[3]), network.epsilon(name));
        }).apply(x);
    }

    @Override
    public NDArray dense(String name, NDArray x) {
        NDArray[] wb = denses.computeIfAbsent(name, k -> {
            NDArray[] p = parameters(name, "weight", "bias");
            return new NDArray[] {cast(p[0]), cast(p[1])};
        });
        return Linear.linear(x, wb[0], wb[1]).singletonOrThrow();
    }

    @Override
    public NDArray dropout(NDArray x, float rate) {
        return x;
    }

    @Override
    public NDArray addResidual(NDArray branch, NDArray shortcut) {
        branch.addi(shortcut);
        shortcut.close();
        return branch;
    }

    private NDArray[] parameters(String layer, String... names) {
        Block b = network.layer(layer);
        NDArray[] out = new NDArray[names.length];
        for (int i = 0; i < names.length; i++) {
            out[i] = b.getParameters().get(names[i]).getArray();
        }
        return out;
    }

    private Conv prepare(String convName, String bnName, int pad) {
        Block b = network.layer(convName);
        if (b instanceof SeparableConv2d s) {
            // the padding asked for reads the input, which the depthwise half does; the BatchNorm follows the pointwise
            return folded(s.pointwise(), bnName, 0, folded(s.depthwise(), null, pad, null));
        }
        return folded((Convolution) b, bnName, pad, null);
    }

    private Conv folded(Convolution c, String bnName, int pad, Conv before) {
        NDArray weight = c.getParameters().get("weight").getArray();
        NDArray bias = c.isIncludeBias() ? c.getParameters().get("bias").getArray() : null;
        Shape padding = new Shape(c.getPadding().get(0) + pad, c.getPadding().get(1) + pad);
        if (bnName == null) {
            return new Conv(cast(weight), bias == null ? null : cast(bias), c.getStride(), padding, c.getGroups(), before);
        }
        float eps = network.epsilon(bnName);
        try (NDManager tmp = manager.newSubManager()) {
            NDArray[] bn = parameters(bnName, "gamma", "beta", "runningMean", "runningVar");
            NDArray gamma = in(tmp, bn[0]);
            NDArray mean = in(tmp, bn[2]);
            NDArray scale = gamma.div(in(tmp, bn[3]).add(eps).sqrt());
            NDArray fw = in(tmp, weight).mul(scale.reshape(-1, 1, 1, 1));
            NDArray fb = (bias == null ? mean.neg() : in(tmp, bias).sub(mean)).mul(scale).add(in(tmp, bn[1]));
            return new Conv(cast(fw), cast(fb), c.getStride(), padding, c.getGroups(), before);
        }
    }

    /** A copy of {@code a} in {@code scope}, so that the arithmetic on it is freed with the scope. */
    private static NDArray in(NDManager scope, NDArray a) {
        NDArray copy = a.duplicate();
        copy.attach(scope);
        return copy;
    }

    /** A copy of {@code a} in this path's type and manager; a 4-d weight stored channels-last when asked. */
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

    @Override
    public void close() {
        manager.close();
    }
}
