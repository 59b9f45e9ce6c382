package org.covidct.nn.model;

import java.util.List;

/** The ResNet50V2 baseline: the Keras backbone without top, global average pooling, dense 2. */
final class ResNet50V2Spec implements NetworkSpec {

    @Override
    public boolean fits(int size) {
        return size >= 1 && ResNet50V2Features.stages(size)[2] >= 1;
    }

    @Override
    public Network build(ModelConfig config) {
        ResNet50V2Features f = new ResNet50V2Features(config, gradCamLayers());
        return new Network(config, f, new PoolingHead((int) f.tapShape(ResNet50V2Features.POST_RELU).get(0)));
    }

    @Override
    public List<String> gradCamLayers() {
        return List.of(ResNet50V2Features.POST_RELU);
    }

    @Override
    public String kerasFirstConv() {
        return "conv1_conv";
    }
}
