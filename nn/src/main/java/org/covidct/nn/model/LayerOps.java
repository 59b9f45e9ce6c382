package org.covidct.nn.model;

import ai.djl.ndarray.NDArray;

/**
 * The layer operations a network's forward pass is written against, so that the pass exists once: run
 * through the DJL blocks ({@link BlockOps}: training, Grad-CAM, the plain inference path) or with the
 * algebra folded once for inference ({@link FoldedOps}: the fast path). Layers are named as in Keras.
 * Unless said otherwise an operation leaves its input open; the forward code closes what it no longer needs.
 */
interface LayerOps {

    /** Convolution {@code name} of the input zero-padded by {@code pad} pixels on every side. */
    NDArray conv(String name, NDArray x, int pad);

    /** Convolution {@code conv} (or separable convolution) then the BatchNorm {@code bn} that directly follows it. */
    NDArray convBn(String conv, String bn, NDArray x, int pad);

    /** BatchNorm {@code name} on its own (one that follows a sum, not a convolution). */
    NDArray batchNorm(String name, NDArray x);

    /** Dense layer {@code name} of a (N, in) input. */
    NDArray dense(String name, NDArray x);

    /** Dropout at {@code rate}: the input itself where nothing is dropped (inference). */
    NDArray dropout(NDArray x, float rate);

    /** The residual sum {@code branch + shortcut}; closes both inputs. */
    NDArray addResidual(NDArray branch, NDArray shortcut);
}
