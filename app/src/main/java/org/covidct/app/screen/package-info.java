/**
 * {@code covidct screen}: detect's detection over every series under a folder, resumably: finding the series
 * folders, the per-folder detection ({@link org.covidct.app.screen.FolderScreening}, detect's own {@code Detector}),
 * the ledger of done folders, results.csv, progress, and the engines that run it ({@code local} here; {@code spark}
 * in the covidct-spark module, found through {@link java.util.ServiceLoader}).
 *
 * <p>May depend on: {@code detect}, {@code options} (detect's options as arguments for other processes), {@code nn},
 * {@code core}.
 */
package org.covidct.app.screen;
