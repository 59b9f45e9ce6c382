/**
 * Checks that a series looks like what the networks were trained on (size, value range, a whole chest sweep),
 * giving warnings for people instead of silent decisions.
 *
 * <p>May depend on the root package and image.
 */
package org.covidct.core.sanity;
