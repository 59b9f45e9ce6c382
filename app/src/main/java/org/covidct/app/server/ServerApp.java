package org.covidct.app.server;

import org.covidct.core.CovidctException;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A running covidct server: the store, the detector, the jobs and their worker, the HTTP server and, with a
 * {@link PacsSetup}, the PACS watcher. {@code covidct serve} starts one; tests start them in-process the same way.
 */
public final class ServerApp implements AutoCloseable {

    private final Jobs jobs;
    private final CovidctServer http;
    private final PacsSetup.Watcher watcher;
    private final SeriesDetector detector;
    private final String orthancUrl;

    private ServerApp(Builder b) {
        if (Files.exists(b.store) && !Files.isDirectory(b.store)) {
            throw new CovidctException(b.store, "exists and is not a folder");
        }
        ServerLog log = new ServerLog(b.log, b.quiet);
        // the model first: a bad --model is refused before anything is written
        this.detector = new SeriesDetector(b.model, b.batch, b.allowUnvalidated);
        JobStore store;
        try {
            store = new JobStore(b.store, log);
        } catch (RuntimeException e) {
            detector.close();
            throw e;
        }
        this.jobs = new Jobs(store, b.queue, detector, log);
        if (b.listener != null) {
            jobs.setListener(b.listener);
        }
        if (b.pacs != null) {
            PacsSetup.Connection pacs = b.pacs.connect(jobs, detector, b.store, log);
            jobs.setPacs(pacs.hooks());
            this.watcher = pacs.watcher();
            this.orthancUrl = pacs.url();
        } else {
            this.watcher = null;
            this.orthancUrl = null;
        }
        this.http = new CovidctServer(new CovidctServer.Settings(b.host, b.port, b.maxUploadBytes, b.token), jobs, log);
    }

    public static Builder builder() {
        return new Builder();
    }

    private ServerApp startAll() {
        try {
            http.start();
        } catch (RuntimeException e) {
            detector.close();
            throw e;
        }
        jobs.start();
        if (watcher != null) {
            watcher.start();
        }
        return this;
    }

    public int port() {
        return http.port();
    }

    public Jobs jobs() {
        return jobs;
    }

    public JobStore store() {
        return jobs.store();
    }

    /** The PACS's URL without credentials, or null. */
    public String orthancUrl() {
        return orthancUrl;
    }

    /**
     * Stops taking requests and changes, then the worker. A job still running is left for the next start (its
     * input and state are on disk); the model is released only when the worker has stopped.
     */
    @Override
    public void close() {
        if (watcher != null) {
            watcher.close();
        }
        http.close();
        if (jobs.stop(Duration.ofSeconds(10))) {
            detector.close();
        }
    }

    /** Configures a server; {@code setModel} and {@code setStore} are required. */
    public static final class Builder {
        private Path model;
        private Path store;
        private String host = "127.0.0.1";
        private int port = 8080;
        private PacsSetup pacs;
        private String token;
        private boolean allowUnvalidated;
        private long maxUploadBytes = 2048L << 20;
        private int queue = 32;
        private int batch = 4;
        private boolean quiet;
        private PrintStream log = System.err;
        private Jobs.Listener listener;

        public Builder setModel(Path model) {
            this.model = model;
            return this;
        }

        public Builder setStore(Path store) {
            this.store = store;
            return this;
        }

        public Builder optHost(String host) {
            this.host = host;
            return this;
        }

        public Builder optPort(int port) {
            this.port = port;
            return this;
        }

        /** A PACS to watch and to store results into (none by default). */
        public Builder optPacs(PacsSetup pacs) {
            this.pacs = pacs;
            return this;
        }

        public Builder optToken(String token) {
            this.token = token;
            return this;
        }

        public Builder optAllowUnvalidated(boolean allow) {
            this.allowUnvalidated = allow;
            return this;
        }

        public Builder optMaxUploadBytes(long bytes) {
            this.maxUploadBytes = bytes;
            return this;
        }

        public Builder optQueue(int capacity) {
            this.queue = capacity;
            return this;
        }

        public Builder optBatch(int batch) {
            this.batch = batch;
            return this;
        }

        public Builder optLog(PrintStream log, boolean quiet) {
            this.log = log;
            this.quiet = quiet;
            return this;
        }

        public Builder optListener(Jobs.Listener listener) {
            this.listener = listener;
            return this;
        }

        /** Builds and starts the server. */
        public ServerApp start() {
            if (model == null || store == null) {
                throw new IllegalStateException("model and store are required");
            }
            return new ServerApp(this).startAll();
        }
    }
}
