/**
 * {@code covidct serve}: the HTTP API (Javalin), uploads (zip and DICOMweb STOW-RS), the persistent job store
 * and queue, the choice of the series to analyse in a study, and the web viewer. Detection goes through
 * {@link org.covidct.app.server.SeriesDetector} only; a PACS is plugged in through {@link org.covidct.app.server.PacsSetup}
 * (the Orthanc one lives in {@code org.covidct.app.pacs}, and {@code covidct serve} wires the two).
 *
 * <p>May depend on {@code detect}, {@code report} and {@code io}; never on {@code pacs}.
 */
package org.covidct.app.server;
