/**
 * {@code covidct serve}: the HTTP API (Javalin), uploads (zip and DICOMweb STOW-RS), the persistent job store
 * and queue, the choice of the series to analyse in a study, and the web viewer. Detection goes through
 * {@link org.covidct.app.server.SeriesDetector} only; the PACS side lives in {@code org.covidct.app.pacs}.
 */
package org.covidct.app.server;
