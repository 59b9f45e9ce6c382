/**
 * Grad-CAM on a network split into features and head: where a network looked.
 *
 * <p>May depend on: {@code nn.model} and DJL.
 */
package org.covidct.nn.explain;
