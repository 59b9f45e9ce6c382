package org.covidct.nn.keras;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import org.covidct.core.CovidctException;

import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Keras 2 HDF5 file read with jHDF: either a full model saved by {@code model.save} (root attribute
 * {@code model_config}, weights under {@code model_weights/<layer>/<weight name>}) or a weights-only
 * file saved by {@code save_weights} (the ImageNet files of keras-applications: one group per layer at
 * the root). In both, the {@code layer_names} attribute lists the layers and each layer group's
 * {@code weight_names} attribute lists its weights in order, as paths relative to the layer group.
 */
public final class KerasModelFile {

    /** Root attribute our exports add: the network's shape as JSON (architecture, input size, width). */
    public static final String COVIDCT_CONFIG = "covidct_model";

    private final Path path;
    private final String sha256;
    private final boolean fullModel;
    private final String kerasVersion;
    private final JsonNode modelConfig;
    private final Map<String, KerasLayer> layers;
    private final Map<String, List<String>> inbound;
    private final String covidctConfig;

    private KerasModelFile(Path path, String sha256, boolean fullModel, String kerasVersion, JsonNode modelConfig,
                           Map<String, KerasLayer> layers, Map<String, List<String>> inbound, String covidctConfig) {
        this.covidctConfig = covidctConfig;
        this.path = path;
        this.sha256 = sha256;
        this.fullModel = fullModel;
        this.kerasVersion = kerasVersion;
        this.modelConfig = modelConfig;
        this.layers = layers;
        this.inbound = inbound;
    }

    /** Reads every layer and weight; fails with a one-line {@link CovidctException} on anything else. */
    public static KerasModelFile read(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new CovidctException(path, "no such file");
        }
        String sha = org.covidct.nn.run.RunDir.sha256Of(path);
        try (HdfFile file = open(path)) {
            Group weightsRoot;
            boolean full;
            if (file.getChild("model_weights") instanceof Group g) {
                weightsRoot = g;
                full = true;
            } else if (hasListAttribute(file, "layer_names")) {
                weightsRoot = file;
                full = false;
            } else {
                throw new CovidctException(path, "not a Keras model or weights file (HDF5 without "
                        + "'model_weights' group or 'layer_names' attribute)");
            }
            JsonNode config = null;
            if (full || file.getAttribute("model_config") != null) {
                config = parseConfig(path, file);
            }
            Map<String, JsonNode> layerConfigs = new LinkedHashMap<>();
            Map<String, List<String>> inbound = new LinkedHashMap<>();
            if (config != null) {
                readGraph(config, layerConfigs, inbound);
            }
            Map<String, KerasLayer> layers = new LinkedHashMap<>();
            for (String name : listAttribute(path, weightsRoot, "layer_names")) {
                if (!(weightsRoot.getChild(name) instanceof Group layerGroup)) {
                    throw new CovidctException(path, "layer '" + name + "' is listed in layer_names but has no group");
                }
                List<KerasTensor> weights = new ArrayList<>();
                for (String weightName : listAttribute(path, layerGroup, "weight_names")) {
                    weights.add(readTensor(path, layerGroup, name, weightName));
                }
                JsonNode layerConfig = layerConfigs.get(name);
                String className = layerConfig == null ? null : layerConfig.path("class_name").asText(null);
                JsonNode inner = layerConfig == null ? null : layerConfig.get("config");
                layers.put(name, new KerasLayer(name, className, inner, weights));
            }
            // layers without weights appear in the config only; keep them so the graph can be followed
            for (Map.Entry<String, JsonNode> e : layerConfigs.entrySet()) {
                layers.computeIfAbsent(e.getKey(), n -> new KerasLayer(n, e.getValue().path("class_name").asText(null),
                        e.getValue().get("config"), List.of()));
            }
            String version = stringAttribute(file, "keras_version");
            if (version == null) {
                version = stringAttribute(weightsRoot, "keras_version");
            }
            return new KerasModelFile(path, sha, full, version, config,
                    Collections.unmodifiableMap(layers), Collections.unmodifiableMap(inbound),
                    stringAttribute(file, COVIDCT_CONFIG));
        } catch (CovidctException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CovidctException(path, "unreadable HDF5 content (" + e.getClass().getSimpleName()
                    + ": " + e.getMessage() + ")", e);
        }
    }

    private static HdfFile open(Path path) {
        try {
            return new HdfFile(path);
        } catch (RuntimeException e) {
            throw new CovidctException(path, "not an HDF5 file (" + e.getMessage() + ")", e);
        }
    }

    private static JsonNode parseConfig(Path path, HdfFile file) {
        String text = stringAttribute(file, "model_config");
        if (text == null) {
            throw new CovidctException(path, "full-model Keras file without a 'model_config' attribute");
        }
        try {
            return new ObjectMapper().readTree(text);
        } catch (IOException e) {
            throw new CovidctException(path, "model_config is not valid JSON (" + e.getMessage() + ")");
        }
    }

    /** Collects each layer's config and the names of the layers feeding its first call (Keras 2 format). */
    private static void readGraph(JsonNode config, Map<String, JsonNode> layerConfigs, Map<String, List<String>> inbound) {
        JsonNode inner = config.path("config");
        JsonNode list = inner.isArray() ? inner : inner.path("layers");
        String previous = null;
        boolean sequential = "Sequential".equals(config.path("class_name").asText());
        for (JsonNode layer : list) {
            String name = layer.path("config").path("name").asText(layer.path("name").asText(null));
            if (name == null) {
                continue;
            }
            layerConfigs.put(name, layer);
            List<String> sources = new ArrayList<>();
            JsonNode nodes = layer.path("inbound_nodes");
            if (nodes.isArray() && !nodes.isEmpty() && nodes.get(0).isArray()) {
                for (JsonNode in : nodes.get(0)) {
                    if (in.isArray() && !in.isEmpty()) {
                        sources.add(in.get(0).asText());
                    }
                }
            } else if (sequential && previous != null) {
                sources.add(previous);
            }
            inbound.put(name, List.copyOf(sources));
            previous = name;
        }
    }

    private static KerasTensor readTensor(Path path, Group layerGroup, String layer, String weightName) {
        Node node;
        try {
            node = layerGroup.getByPath(weightName);
        } catch (RuntimeException e) {
            node = null;
        }
        if (!(node instanceof Dataset ds)) {
            throw new CovidctException(path, "layer '" + layer + "': weight '" + weightName + "' is listed but missing");
        }
        int[] dims = ds.getDimensions();
        long[] shape = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
            shape[i] = dims[i];
        }
        Object flat = ds.isScalar() ? new Object[] {ds.getData()} : ds.getDataFlat();
        float[] data = toFloats(path, layer, weightName, flat);
        return new KerasTensor(shortName(weightName), shape, data);
    }

    private static float[] toFloats(Path path, String layer, String weightName, Object flat) {
        if (flat instanceof float[] f) {
            return f;
        }
        if (flat instanceof double[] d) {
            float[] r = new float[d.length];
            for (int i = 0; i < d.length; i++) {
                r[i] = (float) d[i];
            }
            return r;
        }
        if (flat != null && flat.getClass().isArray()) {
            int n = Array.getLength(flat);
            float[] r = new float[n];
            for (int i = 0; i < n; i++) {
                Object v = Array.get(flat, i);
                if (!(v instanceof Number num)) {
                    throw new CovidctException(path, "layer '" + layer + "': weight '" + weightName + "' is not numeric");
                }
                r[i] = num.floatValue();
            }
            return r;
        }
        throw new CovidctException(path, "layer '" + layer + "': weight '" + weightName + "' is not numeric");
    }

    /** "conv1_conv/kernel:0" and "model/conv1_conv/kernel:0" give "kernel". */
    static String shortName(String weightName) {
        String s = weightName.substring(weightName.lastIndexOf('/') + 1);
        int colon = s.lastIndexOf(':');
        return colon < 0 ? s : s.substring(0, colon);
    }

    private static boolean hasListAttribute(Node node, String name) {
        return node.getAttribute(name) != null || node.getAttribute(name + "0") != null;
    }

    /** A string-list attribute; Keras splits lists above the 64 KB header limit into name0, name1, ... */
    private static List<String> listAttribute(Path path, Node node, String name) {
        List<String> out = new ArrayList<>();
        Attribute whole = node.getAttribute(name);
        if (whole != null) {
            if (whole.isEmpty() || whole.getSize() == 0) {
                return out; // Keras writes an empty array for a layer without weights
            }
            addStrings(path, node, name, whole.getData(), out);
            return out;
        }
        for (int chunk = 0; node.getAttribute(name + chunk) != null; chunk++) {
            addStrings(path, node, name, node.getAttribute(name + chunk).getData(), out);
        }
        return out;
    }

    private static void addStrings(Path path, Node node, String name, Object data, List<String> out) {
        if (data instanceof String s) {
            out.add(s);
        } else if (data instanceof String[] a) {
            Collections.addAll(out, a);
        } else if (data != null && data.getClass().isArray() && Array.getLength(data) == 0) {
            return;
        } else {
            throw new CovidctException(path, node.getPath() + ": attribute '" + name + "' is not a list of strings");
        }
    }

    private static String stringAttribute(Node node, String name) {
        Attribute a = node.getAttribute(name);
        if (a == null) {
            return null;
        }
        Object d = a.getData();
        if (d instanceof String s) {
            return s;
        }
        if (d instanceof String[] arr && arr.length == 1) {
            return arr[0];
        }
        return null;
    }

    public Path path() {
        return path;
    }

    public String sha256() {
        return sha256;
    }

    /** True for a file saved by model.save (with model_config), false for a weights-only file. */
    public boolean fullModel() {
        return fullModel;
    }

    public Optional<String> kerasVersion() {
        return Optional.ofNullable(kerasVersion);
    }

    public Optional<JsonNode> modelConfig() {
        return Optional.ofNullable(modelConfig);
    }

    /** All layers: those with weights in file order, then weightless layers known from the config. */
    public List<KerasLayer> layers() {
        return List.copyOf(layers.values());
    }

    public Optional<KerasLayer> layer(String name) {
        return Optional.ofNullable(layers.get(name));
    }

    /** The covidct_model attribute of a file exported by covidct, if any. */
    public Optional<String> covidctConfig() {
        return Optional.ofNullable(covidctConfig);
    }

    /**
     * The model's input (height, width, channels) from model_config: the InputLayer's batch_input_shape
     * (Keras 2), or empty when the file has no config or the shape is not fixed.
     */
    public Optional<int[]> inputShape() {
        for (KerasLayer l : layers.values()) {
            if ("InputLayer".equals(l.className()) && l.config() != null) {
                JsonNode s = l.config().path("batch_input_shape");
                if (s.isArray() && s.size() == 4 && s.get(1).isInt() && s.get(2).isInt() && s.get(3).isInt()) {
                    return Optional.of(new int[] {s.get(1).asInt(), s.get(2).asInt(), s.get(3).asInt()});
                }
            }
        }
        return Optional.empty();
    }

    /** Names of the layers feeding the given layer (empty without a model config). */
    public List<String> inbound(String layer) {
        return inbound.getOrDefault(layer, List.of());
    }
}
