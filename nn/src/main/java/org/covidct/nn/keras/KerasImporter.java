package org.covidct.nn.keras;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import com.fasterxml.jackson.databind.JsonNode;
import org.covidct.core.CovidctException;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads a Keras file's weights into an initialised DJL network through a {@link KerasMapping},
 * converting layouts. Fails (one line, naming the file) on a missing layer, a shape or class mismatch or
 * a BatchNorm epsilon that differs from the network's; reports unused Keras layers and blocks left
 * with their own initialisation.
 */
public final class KerasImporter {

    private static final Set<String> PASS_THROUGH = Set.of("Flatten", "Dropout", "Activation", "Reshape");

    private final KerasModelFile file;
    private final KerasMapping mapping;
    private final FirstConvPolicy policy;

    private KerasImporter(KerasModelFile file, KerasMapping mapping, FirstConvPolicy policy) {
        this.file = file;
        this.mapping = mapping;
        this.policy = policy;
    }

    public static ImportReport importInto(KerasModelFile file, KerasMapping mapping, FirstConvPolicy policy) {
        return new KerasImporter(file, mapping, policy).run();
    }

    private ImportReport run() {
        ImportReport.Scope scope = scope();
        if (scope == ImportReport.Scope.WHOLE_MODEL && file.modelConfig().isPresent()) {
            checkExpectedClasses();
        }
        Map<KerasBinding, KerasLayer> resolved = resolve(scope);
        List<String> loaded = new ArrayList<>();
        List<String> uninitialised = new ArrayList<>();
        String firstConvAction = "absent";
        for (KerasBinding b : mapping.bindings()) {
            KerasLayer layer = resolved.get(b);
            if (layer == null) {
                uninitialised.add(b.blockPath());
                continue;
            }
            checkClass(b, layer);
            if (b.firstConv()) {
                firstConvAction = loadFirstConv(b, layer);
                if (firstConvAction.startsWith("skipped")) {
                    uninitialised.add(b.blockPath());
                } else {
                    loaded.add(layer.name());
                }
                continue;
            }
            load(b, layer);
            loaded.add(layer.name());
        }
        Set<String> claimed = new HashSet<>();
        resolved.values().forEach(l -> claimed.add(l.name()));
        List<String> unused = file.layers().stream()
                .filter(KerasLayer::hasWeights)
                .map(KerasLayer::name)
                .filter(n -> !claimed.contains(n))
                .toList();
        return new ImportReport(file.path().toString(), file.sha256(), file.fullModel(), scope, policy,
                firstConvAction, loaded, unused, uninitialised);
    }

    /** A file holding any non-backbone layer (or any dense kernel) must hold the whole network. */
    private ImportReport.Scope scope() {
        for (KerasBinding b : mapping.bindings()) {
            if (!b.backbone() && b.kind() != KerasBinding.Kind.DENSE && file.layer(b.kerasName()).isPresent()) {
                return ImportReport.Scope.WHOLE_MODEL;
            }
        }
        boolean wantsDense = mapping.bindings().stream().anyMatch(b -> b.kind() == KerasBinding.Kind.DENSE && !b.backbone());
        if (wantsDense && !denseLayers().isEmpty()) {
            return ImportReport.Scope.WHOLE_MODEL;
        }
        boolean anyNonBackbone = mapping.bindings().stream().anyMatch(b -> !b.backbone());
        return anyNonBackbone ? ImportReport.Scope.BACKBONE : ImportReport.Scope.WHOLE_MODEL;
    }

    private void checkExpectedClasses() {
        for (Map.Entry<String, String> e : mapping.expectedClasses().entrySet()) {
            KerasLayer layer = file.layer(e.getKey()).orElseThrow(() -> new CovidctException(file.path(),
                    "not the expected architecture: layer '" + e.getKey() + "' (" + e.getValue() + ") is missing"));
            if (layer.className() != null && !layer.className().equals(e.getValue())) {
                throw new CovidctException(file.path(), "not the expected architecture: layer '" + e.getKey()
                        + "' is " + layer.className() + ", expected " + e.getValue());
            }
        }
    }

    private Map<KerasBinding, KerasLayer> resolve(ImportReport.Scope scope) {
        Map<KerasBinding, KerasLayer> out = new LinkedHashMap<>();
        Set<String> claimed = new HashSet<>();
        Map<KerasBinding, KerasLayer> autoNamed = resolveAutoNamed();
        for (KerasBinding b : mapping.bindings()) {
            if (b.kind() == KerasBinding.Kind.DENSE) {
                continue;
            }
            KerasLayer layer = autoPrefix(b.kerasName()) != null ? autoNamed.get(b)
                    : file.layer(b.kerasName()).filter(KerasLayer::hasWeights).orElse(null);
            if (layer == null) {
                requireOptional(b, scope);
                continue;
            }
            out.put(b, layer);
            claimed.add(layer.name());
        }
        List<KerasBinding> dense = mapping.bindings().stream()
                .filter(b -> b.kind() == KerasBinding.Kind.DENSE)
                .sorted(Comparator.comparingInt(b -> b.dense().order()))
                .toList();
        List<KerasLayer> candidates = new ArrayList<>(denseLayers());
        candidates.removeIf(l -> claimed.contains(l.name()));
        for (KerasBinding b : dense) {
            KerasLayer layer = matchDense(b, candidates);
            if (layer == null) {
                requireOptional(b, scope);
                continue;
            }
            candidates.remove(layer);
            out.put(b, layer);
        }
        return out;
    }

    /** Keras' generated names ("conv2d_3"): the numbering depends on the session that built the model. */
    private static final java.util.regex.Pattern AUTO_NAME =
            java.util.regex.Pattern.compile("^(conv2d|batch_normalization|separable_conv2d)(_\\d+)?$");

    private static String autoPrefix(String name) {
        java.util.regex.Matcher m = AUTO_NAME.matcher(name);
        return m.matches() ? m.group(1) : null;
    }

    /**
     * Layers with generated names (Xception's residual conv2d / batch_normalization) are paired by order,
     * not by name: a tf.keras session numbers them conv2d, conv2d_1, ..., standalone Keras 2 conv2d_1,
     * conv2d_2, ... With unequal counts, each of ours takes the first remaining one of its shape.
     */
    private Map<KerasBinding, KerasLayer> resolveAutoNamed() {
        Map<String, List<KerasBinding>> ours = new LinkedHashMap<>();
        for (KerasBinding b : mapping.bindings()) {
            String prefix = b.kind() == KerasBinding.Kind.DENSE ? null : autoPrefix(b.kerasName());
            if (prefix != null) {
                ours.computeIfAbsent(prefix, k -> new ArrayList<>()).add(b);
            }
        }
        Map<KerasBinding, KerasLayer> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<KerasBinding>> e : ours.entrySet()) {
            List<KerasLayer> theirs = new ArrayList<>(file.layers().stream()
                    .filter(KerasLayer::hasWeights)
                    .filter(l -> e.getKey().equals(autoPrefix(l.name())))
                    .sorted(Comparator.comparing(KerasLayer::name, KerasImporter::naturalOrder))
                    .toList());
            List<KerasBinding> mine = e.getValue();
            if (theirs.size() == mine.size()) {
                for (int i = 0; i < mine.size(); i++) {
                    out.put(mine.get(i), theirs.get(i));
                }
                continue;
            }
            for (KerasBinding b : mine) {
                long[] shape = firstWeightShape(b);
                for (KerasLayer l : theirs) {
                    if (!l.weights().isEmpty() && l.weights().get(0).hasShape(shape)) {
                        out.put(b, l);
                        theirs.remove(l);
                        break;
                    }
                }
            }
        }
        return out;
    }

    /** The Keras shape of a binding's first weight (kernel, depthwise_kernel or gamma). */
    private static long[] firstWeightShape(KerasBinding b) {
        return switch (b.kind()) {
            case CONV -> {
                long[] w = shape(param(b.conv(), "weight"));
                yield new long[] {w[2], w[3], w[1], w[0]};
            }
            case SEPARABLE_CONV -> {
                long[] d = shape(param(b.conv(), "weight"));
                int in = b.conv().getGroups();
                yield new long[] {d[2], d[3], in, d[0] / in};
            }
            case BATCH_NORM -> new long[] {shape(param(b.batchNorm(), "gamma"))[0]};
            case DENSE -> denseKernelShape(b);
        };
    }

    private void requireOptional(KerasBinding b, ImportReport.Scope scope) {
        if (scope == ImportReport.Scope.WHOLE_MODEL || b.backbone()) {
            String what = b.kind() == KerasBinding.Kind.DENSE
                    ? "no dense layer for our " + b.blockPath() + " (input " + describe(b.dense()) + ")"
                    : "layer '" + b.kerasName() + "' is missing";
            throw new CovidctException(file.path(), what);
        }
    }

    private static String describe(KerasBinding.DenseInput in) {
        return (in.source() == null ? "not from a Flatten" : "Flatten of " + in.source())
                + (in.chw() == null ? "" : " " + in.chw()[0] + "x" + in.chw()[1] + "x" + in.chw()[2]);
    }

    /** Dense layers with weights, in the order of their generated names (dense, dense_1, dense_2, ...). */
    private List<KerasLayer> denseLayers() {
        return file.layers().stream()
                .filter(l -> l.weight("kernel").map(k -> k.shape().length == 2).orElse(false))
                .sorted(Comparator.comparing(KerasLayer::name, KerasImporter::naturalOrder))
                .toList();
    }

    /**
     * By where its input comes from when the model_config graph says so unambiguously (the flattened
     * layer, e.g. P3), else by name (our exports), else the first of our kernel shape in name order.
     */
    private KerasLayer matchDense(KerasBinding b, List<KerasLayer> candidates) {
        if (file.modelConfig().isPresent()) {
            List<KerasLayer> wired = candidates.stream()
                    .filter(l -> !file.inbound(l.name()).isEmpty())
                    .filter(l -> java.util.Objects.equals(traceSource(l.name()), b.dense().source()))
                    .toList();
            if (wired.size() == 1) {
                return wired.get(0);
            }
        }
        for (KerasLayer l : candidates) {
            if (l.name().equals(b.kerasName())) {
                return l;
            }
        }
        long[] expected = denseKernelShape(b);
        for (KerasLayer l : candidates) {
            if (l.weight("kernel").orElseThrow().hasShape(expected)) {
                return l;
            }
        }
        return null;
    }

    private static long[] denseKernelShape(KerasBinding b) {
        long[] w = shape(param(b.linear(), "weight"));
        return new long[] {w[1], w[0]};
    }

    /** Follows Flatten/Dropout/Activation back to the first weighted layer; null for anything else. */
    private String traceSource(String dense) {
        List<String> in = file.inbound(dense);
        Set<String> seen = new HashSet<>();
        while (in.size() == 1 && seen.add(in.get(0))) {
            KerasLayer l = file.layer(in.get(0)).orElse(null);
            if (l == null) {
                return null;
            }
            if (l.hasWeights() || !PASS_THROUGH.contains(l.className())) {
                return l.hasWeights() ? l.name() : null;
            }
            in = file.inbound(l.name());
        }
        return null;
    }

    static int naturalOrder(String a, String b) {
        String pa = a.replaceAll("_?\\d+$", "");
        String pb = b.replaceAll("_?\\d+$", "");
        int c = pa.compareTo(pb);
        if (c != 0) {
            return c;
        }
        return Long.compare(suffix(a), suffix(b));
    }

    private static long suffix(String s) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("_(\\d+)$").matcher(s);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    private void checkClass(KerasBinding b, KerasLayer layer) {
        if (layer.className() != null && !layer.className().equals(b.kind().kerasClass())) {
            throw new CovidctException(file.path(), "layer '" + layer.name() + "' is a " + layer.className()
                    + " but our " + b.blockPath() + " is a " + b.kind().kerasClass());
        }
    }

    private String loadFirstConv(KerasBinding b, KerasLayer layer) {
        KerasTensor kernel = tensor(layer, "kernel");
        long[] ours = shape(param(b.conv(), "weight"));
        long keep = ours[1];
        if (kernel.shape().length == 4 && kernel.shape()[2] != keep && kernel.shape()[3] == ours[0]
                && kernel.shape()[0] == ours[2] && kernel.shape()[1] == ours[3]) {
            String channels = kernel.shape()[2] + "-channel";
            if (policy == FirstConvPolicy.SKIP) {
                return "skipped: " + layer.name() + " has a " + channels + " kernel, the network reads " + keep
                        + " channel (as the paper does; --first-conv sum to sum it over the channels)";
            }
            if (keep != 1) {
                throw new CovidctException(file.path(), "layer '" + layer.name() + "': cannot sum a " + channels
                        + " kernel into " + keep + " channels");
            }
            int kh = (int) kernel.shape()[0];
            int kw = (int) kernel.shape()[1];
            int in = (int) kernel.shape()[2];
            int out = (int) kernel.shape()[3];
            float[] summed = LayoutConversions.sumInputChannels(kernel.data(), kh, kw, in, out);
            set(b.conv(), "weight", LayoutConversions.hwioToOihw(summed, kh, kw, 1, out));
            loadBias(b.conv(), layer);
            return "summed: " + layer.name() + " " + channels + " kernel summed over its input channels";
        }
        load(b, layer);
        return "loaded: " + layer.name();
    }

    private void load(KerasBinding b, KerasLayer layer) {
        switch (b.kind()) {
            case CONV -> {
                long[] w = shape(param(b.conv(), "weight"));
                KerasTensor kernel = expect(layer, "kernel", w[2], w[3], w[1], w[0]);
                set(b.conv(), "weight", LayoutConversions.hwioToOihw(kernel.data(), (int) w[2], (int) w[3], (int) w[1], (int) w[0]));
                loadBias(b.conv(), layer);
            }
            case SEPARABLE_CONV -> {
                long[] d = shape(param(b.conv(), "weight"));
                int in = b.conv().getGroups();
                long multiplier = d[0] / in;
                KerasTensor depthwise = expect(layer, "depthwise_kernel", d[2], d[3], in, multiplier);
                set(b.conv(), "weight", LayoutConversions.depthwiseToGrouped(depthwise.data(), (int) d[2], (int) d[3], in, (int) multiplier));
                if (b.conv().getDirectParameters().contains("bias")) {
                    set(b.conv(), "bias", new float[(int) d[0]]);
                }
                long[] p = shape(param(b.pointwise(), "weight"));
                KerasTensor pointwise = expect(layer, "pointwise_kernel", 1, 1, p[1], p[0]);
                set(b.pointwise(), "weight", LayoutConversions.hwioToOihw(pointwise.data(), 1, 1, (int) p[1], (int) p[0]));
                loadBias(b.pointwise(), layer);
            }
            case BATCH_NORM -> {
                checkEpsilon(b, layer);
                long c = shape(param(b.batchNorm(), "gamma"))[0];
                set(b.batchNorm(), "gamma", expect(layer, "gamma", c).data());
                set(b.batchNorm(), "beta", expect(layer, "beta", c).data());
                set(b.batchNorm(), "runningMean", expect(layer, "moving_mean", c).data());
                set(b.batchNorm(), "runningVar", expect(layer, "moving_variance", c).data());
            }
            case DENSE -> {
                long[] w = shape(param(b.linear(), "weight"));
                KerasTensor kernel = expect(layer, "kernel", w[1], w[0]);
                int[] chw = b.dense().chw();
                if (chw != null && (long) chw[0] * chw[1] * chw[2] != w[1]) {
                    throw new IllegalStateException(b.blockPath() + ": flatten shape " + Arrays.toString(chw) + " vs " + w[1] + " inputs");
                }
                set(b.linear(), "weight", LayoutConversions.denseToLinear(kernel.data(), (int) w[1], (int) w[0], chw));
                loadBias(b.linear(), layer);
            }
            default -> throw new IllegalStateException(b.kind().name());
        }
    }

    private void loadBias(Block block, KerasLayer layer) {
        boolean ours = block.getDirectParameters().contains("bias");
        boolean theirs = layer.weight("bias").isPresent();
        if (ours != theirs) {
            throw new CovidctException(file.path(), "layer '" + layer.name() + "' " + (theirs ? "has" : "has no")
                    + " bias but the network's layer " + (ours ? "has one" : "has none"));
        }
        if (ours) {
            long n = shape(param(block, "bias"))[0];
            set(block, "bias", expect(layer, "bias", n).data());
        }
    }

    private void checkEpsilon(KerasBinding b, KerasLayer layer) {
        JsonNode cfg = layer.config();
        if (cfg == null || !cfg.has("epsilon")) {
            return;
        }
        double theirs = cfg.get("epsilon").asDouble();
        double ours = epsilon(b.batchNorm());
        if (Math.abs(theirs - ours) > 1e-6 * Math.max(theirs, ours)) {
            throw new CovidctException(file.path(), "layer '" + layer.name() + "': BatchNorm epsilon " + theirs
                    + " but the network uses " + ours);
        }
    }

    /** DJL keeps BatchNorm's epsilon private; it decides whether imported statistics give Keras' outputs. */
    static float epsilon(BatchNorm bn) {
        try {
            Field f = BatchNorm.class.getDeclaredField("epsilon");
            f.setAccessible(true);
            return f.getFloat(bn);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot read BatchNorm epsilon of this DJL version", e);
        }
    }

    private KerasTensor tensor(KerasLayer layer, String name) {
        return layer.weight(name).orElseThrow(() -> new CovidctException(file.path(),
                "layer '" + layer.name() + "' has no weight '" + name + "' (has " + layer.weights().stream().map(KerasTensor::name).toList() + ")"));
    }

    private KerasTensor expect(KerasLayer layer, String name, long... shape) {
        KerasTensor t = tensor(layer, name);
        if (!t.hasShape(shape)) {
            throw new CovidctException(file.path(), "layer '" + layer.name() + "': " + name + " shape " + t.shapeText()
                    + " does not match the network's " + Arrays.toString(shape));
        }
        return t;
    }

    static Parameter param(Block block, String name) {
        Parameter p = block.getDirectParameters().get(name);
        if (p == null) {
            throw new IllegalStateException(block.getClass().getSimpleName() + " has no parameter " + name);
        }
        return p;
    }

    static long[] shape(Parameter p) {
        if (!p.isInitialized()) {
            throw new IllegalStateException("parameter " + p.getName() + " is not initialised: initialise the network first");
        }
        return p.getArray().getShape().getShape();
    }

    private static void set(Block block, String name, float[] values) {
        NDArray array = param(block, name).getArray();
        if (array.size() != values.length) {
            throw new IllegalStateException(name + ": " + values.length + " values for " + array.getShape());
        }
        array.set(values);
    }
}
