package org.covidct.nn.infer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.covidct.nn.model.FoldedNetwork;
import org.covidct.nn.model.Network;

/**
 * The inference path {@link SliceClassifier} uses by default: the network's {@link FoldedNetwork} (its own
 * forward with BatchNorm folded into the convolutions, weights channels-last) in a {@link Precision}, returning
 * float32 logits. Equals the block forward within 1e-4 relative in float32 (FastClassifierTest). Why it exists:
 * docs/NETWORKS.md, "Inference" (its speed against the plain block forward, measured with
 * {@code covidct bench infer} and {@code --plain}).
 */
public final class FastClassifier implements AutoCloseable {

    private final FoldedNetwork folded;

    private FastClassifier(FoldedNetwork folded) {
        this.folded = folded;
    }

    /** The folded path of a trained (or initialised) network, weights stored channels-last. */
    public static FastClassifier of(Network network, NDManager manager, Precision precision) {
        return of(network, manager, precision, true);
    }

    /**
     * As {@link #of(Network, NDManager, Precision)}, choosing the memory layout of the convolution weights:
     * channels-last (the default; measured faster on this project's 2-core benchmark machine, see
     * docs/benchmarks/infer.md) or PyTorch's default NCHW.
     */
    public static FastClassifier of(Network network, NDManager manager, Precision precision, boolean channelsLast) {
        return new FastClassifier(FoldedNetwork.of(network, manager, precision.dataType(), channelsLast));
    }

    /** Logits (N, 2) as float32, in the input's manager; the input is left intact. */
    public NDArray logits(NDArray input) {
        NDArray logits = folded.logits(input);
        if (logits.getDataType() != DataType.FLOAT32) {
            NDArray f = logits.toType(DataType.FLOAT32, false);
            logits.close();
            return f;
        }
        return logits;
    }

    @Override
    public void close() {
        folded.close();
    }
}
