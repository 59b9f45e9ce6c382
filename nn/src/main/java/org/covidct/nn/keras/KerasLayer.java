package org.covidct.nn.keras;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Optional;

/**
 * One layer of a Keras HDF5 file: its weights in file order and, when the file holds the model
 * configuration, its class and config.
 *
 * @param name      Keras layer name
 * @param className Keras class ("Conv2D", "UpsampleLike"), null for a weights-only file
 * @param config    the layer's "config" object from model_config, null for a weights-only file
 * @param weights   weights in the order of the layer's weight_names attribute
 */
public record KerasLayer(String name, String className, JsonNode config, List<KerasTensor> weights) {

    public KerasLayer {
        weights = List.copyOf(weights);
    }

    public Optional<KerasTensor> weight(String shortName) {
        return weights.stream().filter(w -> w.name().equals(shortName)).findFirst();
    }

    public boolean hasWeights() {
        return !weights.isEmpty();
    }
}
