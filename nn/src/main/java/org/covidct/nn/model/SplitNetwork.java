package org.covidct.nn.model;

import ai.djl.nn.Block;

/**
 * A classifier split for Grad-CAM: {@code network(x) = head(features(x))}. The LAST element of the
 * features' output NDList is the Grad-CAM target map (ResNet50V2 and FPN: {@code post_relu}, i.e. C5;
 * Xception: {@code block14_sepconv2_act}); the head takes that whole NDList and returns (N, 2) logits.
 */
public interface SplitNetwork {

    Block features();

    Block head();
}
