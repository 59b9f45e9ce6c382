package org.covidct.app.detect;

/**
 * What a report says about the model that classified the slices.
 *
 * @param runDir          the RUN_DIR given with --model
 * @param architecture    fpn, resnet50v2 or xception
 * @param inputSize       network input in pixels (slices are resized to it)
 * @param widthMultiplier channel width multiplier (1 = the published network)
 * @param weightsSha256   SHA-256 of the weights file
 */
public record ModelSummary(String runDir, String architecture, int inputSize, double widthMultiplier, String weightsSha256) {
}
