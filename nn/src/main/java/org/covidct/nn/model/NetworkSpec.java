package org.covidct.nn.model;

import java.util.List;
import java.util.Map;

/**
 * Everything the project knows about one architecture, in one place: how to build it, which input sizes it
 * can take, where Grad-CAM looks, and what the Keras importer cannot read off the network itself. The forward
 * pass is not here but in the architecture's blocks, written once against {@link LayerOps}: it is the training
 * forward, and with folded layer operations the fast inference path ({@link FoldedNetwork}), so neither needs
 * anything from the spec.
 *
 * <p>Adding a network: its blocks (each a {@link LayerGraphBlock} whose weight-carrying layers carry their Keras
 * names), an implementation of this interface, and one constant in {@link Architecture} naming it.
 */
public interface NetworkSpec {

    /** Whether a square input of {@code size} pixels passes every layer (all maps at least 1x1). */
    boolean fits(int size);

    /** Why the smallest sizes do not fit, for the error message (" (...)"), or "" when it needs no saying. */
    default String smallSizeNote() {
        return "";
    }

    /** The uninitialised network; initialise it ({@link Network#initialize}) or load weights next. */
    Network build(ModelConfig config);

    /**
     * The Keras names of the layers Grad-CAM computes its maps on: the features block's outputs, in order (the
     * last is the coarsest).
     */
    List<String> gradCamLayers();

    /** The Keras name of the convolution that reads the slice (three channels in ImageNet files). */
    String kerasFirstConv();

    /**
     * The Keras layers whose flattened outputs feed the network's flattened dense layers, in the dense layers'
     * order (the FPN's dense_1..dense_5 read P3..P7); empty when no dense layer reads a flattened map.
     */
    default List<String> kerasFlattenSources() {
        return List.of();
    }

    /** Weightless custom Keras layers a published full-model file declares, name to class (FPN: UpsampleLike). */
    default Map<String, String> kerasCustomLayers() {
        return Map.of();
    }

    /** The smallest square input the architecture takes. */
    default int smallestInputSize() {
        int s = 1;
        while (!fits(s)) {
            s++;
        }
        return s;
    }
}
