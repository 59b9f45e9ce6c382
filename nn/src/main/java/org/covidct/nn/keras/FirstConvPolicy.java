package org.covidct.nn.keras;

/**
 * What to do with a first convolution whose kernel has more input channels (ImageNet: 3) than the
 * one-channel network: skip it, as the paper does (the layer keeps its own initialisation), or sum
 * the kernel over its input channels (the response to a grey image fed to all three channels).
 */
public enum FirstConvPolicy {
    SKIP,
    SUM
}
