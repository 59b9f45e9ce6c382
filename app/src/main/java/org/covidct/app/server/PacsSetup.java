package org.covidct.app.server;

import java.nio.file.Path;

/**
 * How a server connects to a PACS, given by whoever assembles it ({@code covidct serve} passes the Orthanc one), so
 * that this package knows no PACS: it hands over its jobs, detector, store and log, and gets back the hooks jobs
 * call and a watcher it starts and stops.
 */
@FunctionalInterface
public interface PacsSetup {

    /** A connected PACS: what jobs call after a run, what watches it for new series, and its address for messages. */
    record Connection(PacsHooks hooks, Watcher watcher, String url) {
    }

    /** Watches the PACS for work; started after the HTTP server, closed before it. */
    interface Watcher extends AutoCloseable {
        void start();

        @Override
        void close();
    }

    Connection connect(Jobs jobs, SeriesDetector detector, Path store, ServerLog log);
}
