/**
 * The {@code import-keras} and {@code export-keras} commands.
 *
 * <p>May depend on: {@code app.options}, {@code nn.keras}, {@code nn.model}, {@code core}.
 */
package org.covidct.app.keras;
