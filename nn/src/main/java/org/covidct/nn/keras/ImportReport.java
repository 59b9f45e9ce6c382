package org.covidct.nn.keras;

import java.util.List;

/**
 * What an import did.
 *
 * @param source            the Keras file
 * @param sha256            its SHA-256
 * @param fullModel         true for a model.save file, false for a weights-only file
 * @param scope             WHOLE_MODEL when the file held the whole network, BACKBONE for a backbone-only file
 * @param firstConvPolicy   the policy for a first convolution with more input channels
 * @param firstConvAction   what happened to the first convolution ("loaded", "skipped: ...", "summed: ...", "absent")
 * @param loaded            Keras layers whose weights were loaded (our order)
 * @param unusedKerasLayers Keras layers with weights that no block took
 * @param uninitialised     our blocks (paths) left with their own initialisation
 */
public record ImportReport(String source, String sha256, boolean fullModel, Scope scope, FirstConvPolicy firstConvPolicy,
                           String firstConvAction, List<String> loaded, List<String> unusedKerasLayers,
                           List<String> uninitialised) {

    /** Which part of the network the file was expected to cover. */
    public enum Scope {
        WHOLE_MODEL,
        BACKBONE
    }

    public ImportReport {
        loaded = List.copyOf(loaded);
        unusedKerasLayers = List.copyOf(unusedKerasLayers);
        uninitialised = List.copyOf(uninitialised);
    }

    /** Human-readable summary, one fact per line. */
    public List<String> lines() {
        return List.of(
                "source=" + source,
                "source_sha256=" + sha256,
                "layout=" + (fullModel ? "full-model" : "weights-only"),
                "scope=" + scope.name().toLowerCase(java.util.Locale.ROOT),
                "first_conv=" + firstConvAction,
                "layers_loaded=" + loaded.size(),
                "keras_layers_unused=" + unusedKerasLayers.size() + (unusedKerasLayers.isEmpty() ? "" : " " + String.join(",", unusedKerasLayers)),
                "blocks_uninitialised=" + uninitialised.size() + (uninitialised.isEmpty() ? "" : " " + String.join(",", uninitialised)));
    }
}
