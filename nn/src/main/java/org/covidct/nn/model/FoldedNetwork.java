package org.covidct.nn.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/**
 * A network's fast inference path: the network's own forward code (the one training runs) with each
 * BatchNorm that follows a convolution folded into it, padding folded into the convolutions and the weights
 * prepared once in one data type and layout ({@link FoldedOps}). Nothing in it is specific to an architecture,
 * so a new network gets its fast path by being written once against {@link LayerOps}. Equals the block forward
 * up to float rounding. Not thread-safe.
 */
public final class FoldedNetwork implements AutoCloseable {

    private final Network network;
    private final FoldedOps ops;

    private FoldedNetwork(Network network, FoldedOps ops) {
        this.network = network;
        this.ops = ops;
    }

    /**
     * @param manager      parent of the manager holding the prepared weights (closed with this object)
     * @param dataType     arithmetic of weights and activations (float32, or float16 where the CPU has it)
     * @param channelsLast store convolution weights channels-last (NHWC convolutions in oneDNN)
     */
    public static FoldedNetwork of(Network network, NDManager manager, DataType dataType, boolean channelsLast) {
        return new FoldedNetwork(network, new FoldedOps(network, manager, dataType, channelsLast));
    }

    /** Logits (N, 2) in the path's data type, in the input's manager; the input is left intact. */
    public NDArray logits(NDArray input) {
        if (input.getDataType() == ops.dataType()) {
            return network.logits(ops, input);
        }
        NDArray x = input.toType(ops.dataType(), true);
        NDArray y = network.logits(ops, x);
        x.close();
        return y;
    }

    @Override
    public void close() {
        ops.close();
    }
}
