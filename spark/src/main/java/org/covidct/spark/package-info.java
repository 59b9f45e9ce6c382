/**
 * The Spark engine of {@code covidct screen} ({@code --engine spark}): the screen's folders as a Spark job whose tasks
 * run {@code covidct detect}'s detection ({@code org.covidct.app.screen.FolderScreening}) with one model per executor
 * process, the ledger written by the executors, progress from the driver, Parquet output. A module of its own, so that
 * the CLI's artifact does not carry Spark; the app finds it through {@link java.util.ServiceLoader}.
 *
 * <p>May depend on: {@code org.covidct.app.screen} (and what it gives: app.detect's types), {@code core}, Spark.
 */
package org.covidct.spark;
