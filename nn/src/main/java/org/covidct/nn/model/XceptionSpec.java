package org.covidct.nn.model;

import java.util.List;

/** The Xception baseline: the Keras backbone without top, global average pooling, dense 2. */
final class XceptionSpec implements NetworkSpec {

    @Override
    public boolean fits(int size) {
        return size >= 1 && XceptionFeatures.stem(size) >= 1;
    }

    @Override
    public Network build(ModelConfig config) {
        XceptionFeatures f = new XceptionFeatures(config);
        return new Network(config, f, new PoolingHead((int) f.outputShape().get(0)));
    }

    @Override
    public List<String> gradCamLayers() {
        return List.of(XceptionFeatures.OUTPUT);
    }

    @Override
    public String kerasFirstConv() {
        return "block1_conv1";
    }
}
