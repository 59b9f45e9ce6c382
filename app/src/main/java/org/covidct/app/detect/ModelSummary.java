package org.covidct.app.detect;

import org.covidct.nn.run.ModelCard;

import java.util.Objects;

/**
 * What a report says about the model that classified the slices.
 *
 * @param runDir          the RUN_DIR given with --model
 * @param architecture    fpn, resnet50v2 or xception
 * @param inputSize       network input in pixels (slices are resized to it)
 * @param widthMultiplier channel width multiplier (1 = the published network)
 * @param weightsSha256   SHA-256 of the weights file
 * @param card            what the model was trained on and how it scored (its run.json card, or one derived)
 */
public record ModelSummary(String runDir, String architecture, int inputSize, double widthMultiplier, String weightsSha256,
                           ModelCard card) {

    public ModelSummary {
        Objects.requireNonNull(card, "card");
    }

    /** SHA-256 of the card, as decision.json records it. */
    public String cardSha256() {
        return card.sha256();
    }
}
