package org.covidct.nn.run;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.covidct.nn.model.Architecture;
import org.covidct.nn.model.InputTransform;
import org.covidct.nn.model.ModelConfig;

/**
 * The {@code run.json} of a RUN_DIR: what network the weights belong to and where they came from.
 *
 * @param formatVersion   version of this manifest format ({@link #FORMAT_VERSION})
 * @param architecture    {@code fpn}, {@code resnet50v2} or {@code xception}
 * @param inputSize       square input size in pixels
 * @param widthMultiplier channel width multiplier (1 = published)
 * @param classes         class names by output index: [covid, normal]
 * @param seed            the seed of initialisation / training, or null when not seeded (imports)
 * @param dataHash        SHA-256 of the training data file list, or null when not trained here
 * @param config          free-form settings of the producing command (epochs, batch, learning rate, fold...)
 * @param versions        library versions (covidct, djl, pytorch, java)
 * @param weightsFile     file name of the weights inside the RUN_DIR
 * @param weightsSha256   SHA-256 (hex) of the weights file
 * @param createdBy       the command line or tool that wrote the run
 * @param source          what the weights are: {@code init}, {@code train}, {@code keras-import:<file>} ...
 * @param createdAt       ISO-8601 UTC time of writing
 * @param inputTransform  what slices go through before they become input ({@code raw}, {@code lung-window});
 *                        absent in run.json files written before it existed, which are raw
 * @param card            the model card: what the model was trained on, its validation and real-CT scores, its
 *                        intended use; null in run.json files written before cards ({@link #modelCard()} then
 *                        derives one)
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonIgnoreProperties(ignoreUnknown = true)
public record RunManifest(int formatVersion, String architecture, int inputSize, double widthMultiplier,
                          List<String> classes, Long seed, String dataHash, Map<String, Object> config,
                          Map<String, String> versions, String weightsFile, String weightsSha256,
                          String createdBy, String source, String createdAt, String inputTransform,
                          ModelCard card) {

    public static final int FORMAT_VERSION = 1;
    /** Output index order of every network: 0 = covid, 1 = normal (Keras' alphabetical order). */
    public static final List<String> CLASSES = List.of("covid", "normal");

    public RunManifest {
        classes = classes == null ? CLASSES : List.copyOf(classes);
        config = config == null ? Map.of() : new LinkedHashMap<>(config);
        versions = versions == null ? Map.of() : new LinkedHashMap<>(versions);
        inputTransform = InputTransform.fromCliName(inputTransform).cliName();
    }

    /** A manifest for a network, before its weights are written (RunDir fills in file and hash). */
    public static RunManifest of(ModelConfig model, Long seed, String source, String createdBy) {
        return new RunManifest(FORMAT_VERSION, model.architecture().cliName(), model.inputSize(),
                model.widthMultiplier(), CLASSES, seed, null, Map.of(), Versions.current(), null, null,
                createdBy, source, Instant.now().toString(), model.input().cliName(), null);
    }

    /** The network shape this manifest describes (validated like any ModelConfig). */
    public ModelConfig modelConfig() {
        return new ModelConfig(Architecture.fromCliName(architecture), inputSize, widthMultiplier,
                InputTransform.fromCliName(inputTransform));
    }

    public RunManifest withDataHash(String hash) {
        return new RunManifest(formatVersion, architecture, inputSize, widthMultiplier, classes, seed, hash, config,
                versions, weightsFile, weightsSha256, createdBy, source, createdAt, inputTransform, card);
    }

    public RunManifest withConfig(Map<String, Object> settings) {
        return new RunManifest(formatVersion, architecture, inputSize, widthMultiplier, classes, seed, dataHash,
                settings, versions, weightsFile, weightsSha256, createdBy, source, createdAt, inputTransform, card);
    }

    public RunManifest withWeights(String file, String sha256) {
        return new RunManifest(formatVersion, architecture, inputSize, widthMultiplier, classes, seed, dataHash,
                config, versions, file, sha256, createdBy, source, Instant.now().toString(), inputTransform, card);
    }

    /** The same manifest with a model card. */
    public RunManifest withCard(ModelCard newCard) {
        return new RunManifest(formatVersion, architecture, inputSize, widthMultiplier, classes, seed, dataHash,
                config, versions, weightsFile, weightsSha256, createdBy, source, createdAt, inputTransform, newCard);
    }

    /** The card written in run.json, or one derived from the manifest when it has none ({@link ModelCard#legacy}). */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public ModelCard modelCard() {
        return card != null ? card : ModelCard.legacy(this);
    }
}
