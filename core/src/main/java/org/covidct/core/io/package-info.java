/**
 * Writing files safely and reading the project's CSVs: {@link org.covidct.core.io.AtomicFiles} (temporary
 * sibling, then atomic move) and {@link org.covidct.core.io.CsvTables}.
 *
 * <p>May depend on the root package only.
 */
package org.covidct.core.io;
