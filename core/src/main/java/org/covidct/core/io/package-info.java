/**
 * Writing files safely and reading the project's CSVs: {@link org.covidct.core.io.AtomicFiles} (temporary
 * sibling, then atomic move), {@link org.covidct.core.io.OutputFolders} (where an output path leads, what a
 * killed run left) and {@link org.covidct.core.io.CsvTables}.
 *
 * <p>May depend on the root package only.
 */
package org.covidct.core.io;
