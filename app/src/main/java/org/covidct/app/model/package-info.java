/**
 * The commands about networks themselves: {@code model-info}, {@code init-model},
 * {@code bench infer}.
 *
 * <p>May depend on: {@code app.options}, {@code nn}, {@code core}.
 */
package org.covidct.app.model;
