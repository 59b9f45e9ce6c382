package org.covidct.nn.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.function.Function;

/** {@link LayerOps} through the DJL blocks: what training and the plain forward run (autograd sees every step). */
final class BlockOps implements LayerOps {

    private final Function<String, Block> layers;
    private final ParameterStore ps;
    private final boolean training;
    private final PairList<String, Object> params;

    BlockOps(Function<String, Block> layers, ParameterStore ps, boolean training, PairList<String, Object> params) {
        this.layers = layers;
        this.ps = ps;
        this.training = training;
        this.params = params;
    }

    private NDArray run(String name, NDArray x) {
        Block b = layers.apply(name);
        if (b == null) {
            throw new IllegalStateException("no layer " + name);
        }
        return b.forward(ps, new NDList(x), training, params).singletonOrThrow();
    }

    @Override
    public NDArray conv(String name, NDArray x, int pad) {
        if (pad == 0) {
            return run(name, x);
        }
        // explicit zero padding then a valid convolution, as the Keras definitions write it
        NDArray padded = x.pad(new Shape(pad, pad, pad, pad), 0);
        NDArray y = run(name, padded);
        padded.close();
        return y;
    }

    @Override
    public NDArray convBn(String conv, String bn, NDArray x, int pad) {
        NDArray y = conv(conv, x, pad);
        NDArray z = run(bn, y);
        y.close();
        return z;
    }

    @Override
    public NDArray batchNorm(String name, NDArray x) {
        return run(name, x);
    }

    @Override
    public NDArray dense(String name, NDArray x) {
        return run(name, x);
    }

    @Override
    public NDArray dropout(NDArray x, float rate) {
        return Dropout.dropout(x, rate, training).singletonOrThrow();
    }

    @Override
    public NDArray addResidual(NDArray branch, NDArray shortcut) {
        NDArray sum = shortcut.add(branch);
        shortcut.close();
        branch.close();
        return sum;
    }
}
