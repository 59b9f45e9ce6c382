package org.covidct.nn.keras;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.covidct.core.CovidctException;
import org.covidct.nn.model.Architecture;
import org.covidct.nn.model.ModelConfig;
import org.covidct.nn.model.Network;
import org.covidct.nn.model.Networks;
import org.covidct.nn.run.LoadedRun;
import org.covidct.nn.run.RunDir;
import org.covidct.nn.run.RunManifest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Keras file to RUN_DIR and back: what {@code import-keras} and {@code export-keras} do. */
public final class KerasRuns {

    private static final ObjectMapper JSON = new ObjectMapper();

    private KerasRuns() {
    }

    /** The result of an import: the report and the manifest as written. */
    public record Imported(ImportReport report, RunManifest manifest, ModelConfig config) {
    }

    /** The result of an export. */
    public record Exported(Path file, int layers, long weights, String sha256) {
    }

    /**
     * The network shape for a file: explicit values win; otherwise what the file says (our export's
     * covidct_model attribute, or the InputLayer of a full-model file), else the defaults given.
     *
     * @param size  the --size given, or null
     * @param width the --width given, or null
     */
    public static ModelConfig configFor(KerasModelFile file, Architecture architecture, Integer size, Double width) {
        Integer fileSize = null;
        Double fileWidth = null;
        if (file.covidctConfig().isPresent()) {
            try {
                JsonNode c = JSON.readTree(file.covidctConfig().get());
                String arch = c.path("architecture").asText();
                if (!arch.equals(architecture.cliName())) {
                    throw new CovidctException(file.path(), "was exported from model '" + arch + "', not '"
                            + architecture.cliName() + "'");
                }
                fileSize = c.path("inputSize").asInt();
                fileWidth = c.path("widthMultiplier").asDouble();
            } catch (IOException e) {
                throw new CovidctException(file.path(), "unreadable " + KerasModelFile.COVIDCT_CONFIG + " attribute");
            }
        } else if (file.inputShape().isPresent()) {
            int[] hwc = file.inputShape().get();
            if (hwc[2] != 1 || hwc[0] != hwc[1]) {
                throw new CovidctException(file.path(), "model input is " + hwc[0] + "x" + hwc[1] + "x" + hwc[2]
                        + ": only square one-channel inputs are supported");
            }
            fileSize = hwc[0];
        }
        if (size != null && fileSize != null && !size.equals(fileSize)) {
            throw new CovidctException(file.path(), "the model's input size is " + fileSize + " but --size is " + size);
        }
        if (width != null && fileWidth != null && Math.abs(width - fileWidth) > 1e-12) {
            throw new CovidctException(file.path(), "the model's width multiplier is " + fileWidth + " but --width is " + width);
        }
        int s = size != null ? size : fileSize != null ? fileSize : ModelConfig.DEFAULT_INPUT_SIZE;
        double w = width != null ? width : fileWidth != null ? fileWidth : 1.0;
        return new ModelConfig(architecture, s, w);
    }

    /**
     * Reads a Keras file into a new network of the given shape (layers the file does not hold keep a
     * seeded Keras-style initialisation) and writes it as a RUN_DIR whose manifest records the source.
     */
    public static Imported importToRun(KerasModelFile file, ModelConfig config, FirstConvPolicy policy, long seed,
                                       Path out, String createdBy) {
        try (NDManager manager = NDManager.newBaseManager()) {
            Network network = Networks.initialised(config, seed, manager);
            ImportReport report = KerasImporter.importInto(file, NetworkKerasMapping.of(network), policy);
            Map<String, Object> settings = new LinkedHashMap<>();
            settings.put("keras_source", file.path().toAbsolutePath().toString());
            settings.put("keras_source_sha256", file.sha256());
            settings.put("keras_layout", file.fullModel() ? "full-model" : "weights-only");
            file.kerasVersion().ifPresent(v -> settings.put("keras_version", v));
            settings.put("keras_scope", report.scope().name().toLowerCase(Locale.ROOT));
            settings.put("first_conv_policy", policy.name().toLowerCase(Locale.ROOT));
            settings.put("first_conv", report.firstConvAction());
            settings.put("layers_loaded", report.loaded().size());
            settings.put("keras_layers_unused", report.unusedKerasLayers());
            settings.put("blocks_uninitialised", report.uninitialised());
            RunManifest manifest = RunManifest.of(config, seed, "keras-import:" + file.path().getFileName(), createdBy)
                    .withConfig(settings);
            RunManifest written = RunDir.save(out, network, manifest);
            return new Imported(report, written, config);
        }
    }

    /** Writes a RUN_DIR's network in the Keras 2 weights layout (atomic). */
    public static Exported exportRun(Path runDir, Path target) {
        try (NDManager manager = NDManager.newBaseManager()) {
            LoadedRun run = RunDir.load(runDir, manager);
            List<KerasLayer> layers = KerasExporter.export(NetworkKerasMapping.of(run.network()));
            ModelConfig c = run.network().config();
            Map<String, Object> shape = new LinkedHashMap<>();
            shape.put("architecture", c.architecture().cliName());
            shape.put("inputSize", c.inputSize());
            shape.put("widthMultiplier", c.widthMultiplier());
            try {
                KerasWeightsWriter.write(target, layers, Map.of(KerasModelFile.COVIDCT_CONFIG, JSON.writeValueAsString(shape)));
            } catch (IOException e) {
                throw new CovidctException(target, "cannot write: " + e.getMessage(), e);
            }
            long weights = layers.stream().flatMap(l -> l.weights().stream()).mapToLong(t -> t.data().length).sum();
            return new Exported(target, layers.size(), weights, RunDir.sha256Of(target));
        }
    }
}
