package org.covidct.nn.keras;

import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.util.Pair;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The correspondence between a DJL network's weighted layers and Keras layers, found by walking the
 * block tree: our sub-blocks carry the Keras layer names (DJL prefixes each child name with its
 * two-digit position, which is stripped). A block whose children are a grouped convolution followed by
 * a 1x1 convolution is one Keras SeparableConv2D. Dense layers, whose Keras names are generated, are
 * described by {@link KerasBinding.DenseInput}s supplied by the architecture.
 */
public final class KerasMapping {

    private final List<KerasBinding> bindings;
    private final Map<String, String> expectedClasses;

    private KerasMapping(List<KerasBinding> bindings, Map<String, String> expectedClasses) {
        this.bindings = List.copyOf(bindings);
        this.expectedClasses = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(expectedClasses));
    }

    public static Builder builder() {
        return new Builder();
    }

    public List<KerasBinding> bindings() {
        return bindings;
    }

    /** Weightless Keras layers whose class a full-model file must declare (e.g. UpsampleLike). */
    public Map<String, String> expectedClasses() {
        return expectedClasses;
    }

    public Optional<KerasBinding> binding(String kerasName) {
        return bindings.stream().filter(b -> b.kerasName().equals(kerasName)).findFirst();
    }

    /**
     * The child name without the position prefix DJL adds ({@code %02d} of the 1-based position:
     * "03conv1_conv", "117post_bn").
     */
    public static String layerName(String childName, int index) {
        String prefix = String.format(java.util.Locale.ROOT, "%02d", index + 1);
        return childName.startsWith(prefix) ? childName.substring(prefix.length()) : childName;
    }

    /** Builds a mapping; {@link #setRoot} is required. */
    public static final class Builder {
        private Block root;
        private Map<String, KerasBinding.DenseInput> denseInputs = Map.of();
        private Map<String, String> denseExportNames = Map.of();
        private Predicate<String> backbone = name -> true;
        private String firstConv;
        private Map<String, String> expectedClasses = Map.of();

        public Builder setRoot(Block root) {
            this.root = root;
            return this;
        }

        /** Dense layers by our block name: input description (default: not flattened, creation order). */
        public Builder optDenseInputs(Map<String, KerasBinding.DenseInput> inputs) {
            this.denseInputs = Map.copyOf(inputs);
            return this;
        }

        /** Keras names our dense layers are exported under (default: our block names). */
        public Builder optDenseExportNames(Map<String, String> names) {
            this.denseExportNames = Map.copyOf(names);
            return this;
        }

        /** Which Keras layer names belong to the ImageNet backbone (default: all). */
        public Builder optBackbone(Predicate<String> isBackbone) {
            this.backbone = isBackbone;
            return this;
        }

        /** The Keras name of the convolution reading the input image. */
        public Builder optFirstConv(String kerasName) {
            this.firstConv = kerasName;
            return this;
        }

        public Builder optExpectedClasses(Map<String, String> classes) {
            this.expectedClasses = new java.util.LinkedHashMap<>(classes);
            return this;
        }

        public KerasMapping build() {
            if (root == null) {
                throw new IllegalArgumentException("root block is required");
            }
            List<KerasBinding> out = new ArrayList<>();
            int[] denseCount = {0};
            walk(root, "", out, denseCount);
            return new KerasMapping(out, expectedClasses);
        }

        private void walk(Block block, String path, List<KerasBinding> out, int[] denseCount) {
            int index = 0;
            for (Pair<String, Block> child : block.getChildren()) {
                String name = layerName(child.getKey(), index++);
                String childPath = path.isEmpty() ? name : path + "/" + name;
                Block b = child.getValue();
                if (b instanceof Convolution conv) {
                    out.add(new KerasBinding(KerasBinding.Kind.CONV, childPath, name, conv, null, null, null, null,
                            backbone.test(name), name.equals(firstConv)));
                } else if (b instanceof BatchNorm bn) {
                    out.add(new KerasBinding(KerasBinding.Kind.BATCH_NORM, childPath, name, null, null, bn, null, null,
                            backbone.test(name), false));
                } else if (b instanceof Linear linear) {
                    KerasBinding.DenseInput in = denseInputs.getOrDefault(name,
                            new KerasBinding.DenseInput(null, null, denseCount[0]));
                    denseCount[0]++;
                    out.add(new KerasBinding(KerasBinding.Kind.DENSE, childPath, denseExportNames.getOrDefault(name, name),
                            null, null, null, linear, in, backbone.test(name), false));
                } else if (separable(b) != null) {
                    Convolution[] dp = separable(b);
                    out.add(new KerasBinding(KerasBinding.Kind.SEPARABLE_CONV, childPath, name, dp[0], dp[1], null, null,
                            null, backbone.test(name), false));
                } else {
                    walk(b, childPath, out, denseCount);
                }
            }
        }

        /** A depthwise + pointwise pair: exactly two convolution children, the first grouped, the second 1x1. */
        private static Convolution[] separable(Block b) {
            List<Convolution> convs = new ArrayList<>();
            for (Pair<String, Block> c : b.getChildren()) {
                if (c.getValue() instanceof Convolution conv) {
                    convs.add(conv);
                } else if (!c.getValue().getChildren().isEmpty() || !c.getValue().getDirectParameters().isEmpty()) {
                    return null;
                }
            }
            if (convs.size() != 2 || convs.get(0).getGroups() <= 1 || !isOneByOne(convs.get(1))) {
                return null;
            }
            return new Convolution[] {convs.get(0), convs.get(1)};
        }

        private static boolean isOneByOne(Convolution c) {
            long[] k = c.getKernelShape().getShape();
            return k.length == 2 && k[0] == 1 && k[1] == 1;
        }
    }
}
