package org.covidct.nn.keras;

import org.covidct.nn.model.NetworkSpec;
import org.covidct.nn.model.KerasLayer;
import org.covidct.nn.model.Network;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The Keras mapping of a network. Every weighted layer already carries its Keras name; what the block tree
 * cannot say by itself comes from the architecture's {@link NetworkSpec}: which Keras layer feeds each
 * flattened dense head (P3..P7 for the FPN's dense_1..dense_5), the input convolution and the weightless
 * custom layers a published full-model file must declare; the backbone is the network's features block.
 */
public final class NetworkKerasMapping {

    private NetworkKerasMapping() {
    }

    public static KerasMapping of(Network network) {
        NetworkSpec spec = network.config().architecture().spec();
        List<String> flattenSources = spec.kerasFlattenSources();
        Set<String> backbone = network.backboneLayers().stream().map(KerasLayer::name).collect(Collectors.toSet());
        Map<String, KerasBinding.DenseInput> dense = new HashMap<>();
        int order = 0;
        for (KerasLayer layer : network.kerasLayers()) {
            if (layer.kind() == KerasLayer.Kind.DENSE_AFTER_FLATTEN) {
                long[] s = layer.flattenedShape().getShape();
                String source = order < flattenSources.size() ? flattenSources.get(order) : null;
                dense.put(layer.name(), new KerasBinding.DenseInput(source, new int[] {(int) s[0], (int) s[1], (int) s[2]}, order++));
            } else if (layer.kind() == KerasLayer.Kind.DENSE) {
                dense.put(layer.name(), new KerasBinding.DenseInput(null, null, order++));
            }
        }
        KerasMapping.Builder builder = KerasMapping.builder()
                .setRoot(network)
                .optDenseInputs(dense)
                .optBackbone(backbone::contains)
                .optFirstConv(spec.kerasFirstConv())
                .optExpectedClasses(spec.kerasCustomLayers());
        KerasMapping mapping = builder.build();
        checkComplete(network, mapping);
        return mapping;
    }

    /** Every Keras layer the network declares must have been found in the block tree, and nothing else. */
    private static void checkComplete(Network network, KerasMapping mapping) {
        Set<String> declared = network.kerasLayers().stream().map(KerasLayer::name).collect(Collectors.toSet());
        Set<String> found = mapping.bindings().stream().map(KerasBinding::kerasName).collect(Collectors.toSet());
        if (!declared.equals(found)) {
            throw new IllegalStateException("Keras mapping out of step with the network: declared " + declared.size()
                    + " layers, found " + found.size());
        }
        for (KerasLayer layer : network.kerasLayers()) {
            KerasBinding.Kind kind = mapping.binding(layer.name()).orElseThrow().kind();
            KerasBinding.Kind expected = switch (layer.kind()) {
                case CONV2D -> KerasBinding.Kind.CONV;
                case SEPARABLE_CONV2D -> KerasBinding.Kind.SEPARABLE_CONV;
                case BATCH_NORM -> KerasBinding.Kind.BATCH_NORM;
                case DENSE, DENSE_AFTER_FLATTEN -> KerasBinding.Kind.DENSE;
            };
            if (kind != expected) {
                throw new IllegalStateException(layer.name() + ": the network declares " + layer.kind() + ", the block tree gives " + kind);
            }
        }
    }
}
