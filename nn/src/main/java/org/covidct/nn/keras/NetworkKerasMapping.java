package org.covidct.nn.keras;

import org.covidct.nn.model.Architecture;
import org.covidct.nn.model.KerasLayer;
import org.covidct.nn.model.Network;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The Keras mapping of the project's three networks. Every weighted layer already carries its Keras
 * name; what the network cannot say by itself is added here: which Keras layer feeds each flattened
 * dense head (P3..P7 for the FPN's dense_1..dense_5), which layers an ImageNet backbone file holds,
 * the input convolution, and the weightless custom layers a published full-model file must declare.
 */
public final class NetworkKerasMapping {

    /** The FPN's dense heads read P3, P4, P5, P6, P7 in this order (the published code's order). */
    private static final String[] FPN_HEAD_SOURCES = {"P3", "P4", "P5", "P6", "P7"};

    private NetworkKerasMapping() {
    }

    public static KerasMapping of(Network network) {
        Architecture architecture = network.config().architecture();
        Set<String> backbone = network.backboneLayers().stream().map(KerasLayer::name).collect(Collectors.toSet());
        Map<String, KerasBinding.DenseInput> dense = new HashMap<>();
        int order = 0;
        for (KerasLayer layer : network.kerasLayers()) {
            if (layer.kind() == KerasLayer.Kind.DENSE_AFTER_FLATTEN) {
                long[] s = layer.flattenedShape().getShape();
                String source = architecture == Architecture.FPN && order < FPN_HEAD_SOURCES.length
                        ? FPN_HEAD_SOURCES[order] : null;
                dense.put(layer.name(), new KerasBinding.DenseInput(source, new int[] {(int) s[0], (int) s[1], (int) s[2]}, order++));
            } else if (layer.kind() == KerasLayer.Kind.DENSE) {
                dense.put(layer.name(), new KerasBinding.DenseInput(null, null, order++));
            }
        }
        KerasMapping.Builder builder = KerasMapping.builder()
                .setRoot(network)
                .optDenseInputs(dense)
                .optBackbone(backbone::contains)
                .optFirstConv(firstConv(architecture));
        if (architecture == Architecture.FPN) {
            Map<String, String> custom = new java.util.LinkedHashMap<>();
            custom.put("P5_upsampled", "UpsampleLike");
            custom.put("P4_upsampled", "UpsampleLike");
            builder.optExpectedClasses(custom);
        }
        KerasMapping mapping = builder.build();
        checkComplete(network, mapping);
        return mapping;
    }

    /** The convolution that reads the one-channel slice (three channels in ImageNet files). */
    public static String firstConv(Architecture architecture) {
        return architecture == Architecture.XCEPTION ? "block1_conv1" : "conv1_conv";
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
