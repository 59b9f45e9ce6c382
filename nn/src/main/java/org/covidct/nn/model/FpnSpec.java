package org.covidct.nn.model;

import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The paper's model: ResNet50V2 tapped at C3, C4, C5, the modified feature pyramid and its five heads
 * ({@link FpnHead}).
 */
final class FpnSpec implements NetworkSpec {

    /** The backbone taps the pyramid reads, [C3, C4, C5] (C5 last: the coarsest Grad-CAM layer). */
    static final List<String> TAPS =
            List.of("conv4_block1_preact_relu", "conv5_block1_preact_relu", ResNet50V2Features.POST_RELU);

    /** The FPN's dense heads read P3, P4, P5, P6, P7 in this order (the published code's order). */
    private static final List<String> HEAD_SOURCES = List.of("P3", "P4", "P5", "P6", "P7");

    @Override
    public boolean fits(int size) {
        if (size < 1 || ResNet50V2Features.stages(size)[2] < 1) {
            return false;
        }
        int[] p = FpnHead.pyramid(size);
        return p[0] >= 1 && p[1] >= 1;
    }

    @Override
    public String smallSizeNote() {
        return " (the valid 3x3 convolution of P4 needs C5 of at least 3x3)";
    }

    @Override
    public Network build(ModelConfig config) {
        ResNet50V2Features f = new ResNet50V2Features(config, TAPS);
        Shape c3 = f.tapShape(TAPS.get(0));
        Shape c4 = f.tapShape(TAPS.get(1));
        Shape c5 = f.tapShape(TAPS.get(2));
        return new Network(config, f, new FpnHead(config, c3, c4, c5));
    }

    @Override
    public List<String> gradCamLayers() {
        return TAPS;
    }

    @Override
    public String kerasFirstConv() {
        return "conv1_conv";
    }

    @Override
    public List<String> kerasFlattenSources() {
        return HEAD_SOURCES;
    }

    @Override
    public Map<String, String> kerasCustomLayers() {
        Map<String, String> custom = new LinkedHashMap<>();
        custom.put("P5_upsampled", "UpsampleLike");
        custom.put("P4_upsampled", "UpsampleLike");
        return custom;
    }
}
