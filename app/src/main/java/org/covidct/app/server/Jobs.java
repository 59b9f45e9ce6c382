package org.covidct.app.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.covidct.app.detect.DetectionFiles;
import org.covidct.core.CovidctException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The jobs: admission into the bounded queue, the one worker thread that runs them through the
 * {@link SeriesDetector}, and recovery at start. A run commits by renaming its result folder into place; a
 * job interrupted before that point is run again from its stored input, one interrupted after it is only
 * finished (its record, and for a PACS job the idempotent store back), so no study is lost and none is
 * analysed or reported twice.
 */
public final class Jobs implements AutoCloseable {

    /** Told when a job starts running (the server's tests use it to stop a child at a known point). */
    public interface Listener {
        void running(JobRecord job);
    }

    /** What became of a submission. */
    public enum Submitted { CREATED, EXISTS, FULL }

    /** Runs of a job that failed to reach the PACS before it is given up. */
    static final int MAX_ATTEMPTS = 5;
    static final long RETRY_SECONDS = 20;

    private final JobStore store;
    private final JobQueue queue;
    private final SeriesDetector detector;
    private final ServerLog log;
    private volatile PacsHooks pacs;
    private volatile Listener listener = job -> { };
    private final Thread worker;
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "covidct-retry");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean closed;

    public Jobs(JobStore store, int capacity, SeriesDetector detector, ServerLog log) {
        this.store = store;
        this.queue = new JobQueue(capacity);
        this.detector = detector;
        this.log = log;
        this.worker = new Thread(this::work, "covidct-worker");
        this.worker.setDaemon(true);
    }

    public void setPacs(PacsHooks pacs) {
        this.pacs = pacs;
    }

    public void setListener(Listener listener) {
        this.listener = listener;
    }

    public JobStore store() {
        return store;
    }

    public SeriesDetector detector() {
        return detector;
    }

    public int waiting() {
        return queue.size();
    }

    /** Queues the jobs left queued or running by the previous process, oldest first, and starts the worker. */
    public void start() {
        int restored = 0;
        for (JobRecord r : store.all()) {
            if (!r.over()) {
                queue.restore(r.job());
                restored++;
            }
        }
        if (restored > 0) {
            log.info("restored " + restored + " unfinished job(s) from the store");
        }
        worker.start();
    }

    /** Reserves a place in the queue before an upload is read; false when full. */
    public boolean reserve() {
        return queue.reserve();
    }

    /** Gives back a reservation whose upload was refused. */
    public void cancel() {
        queue.cancel();
    }

    /** Creates and queues a job for an upload on a reserved place; returns its ID. */
    String submitUpload(String source, StagedSeries staged) {
        String id = UUID.randomUUID().toString();
        JobRecord rec = JobRecord.queued(id, source, staged.series(), null);
        if (!store.create(rec, staged.dir())) {
            throw new IllegalStateException("job ID collision: " + id);
        }
        log.info("job " + id + " queued (" + source + ", " + staged.series().label() + ", "
                + staged.series().slices() + " slices; " + (queue.size() + 1) + " waiting)");
        queue.put(id);
        return id;
    }

    /** Creates and queues the job of a PACS series, unless it exists or the queue is full. */
    public Submitted submitPacs(String id, JobRecord.OrthancLink link) {
        if (store.get(id).isPresent()) {
            return Submitted.EXISTS;
        }
        if (!queue.reserve()) {
            return Submitted.FULL;
        }
        if (!store.create(JobRecord.queued(id, "orthanc", null, link), null)) {
            queue.cancel();
            return Submitted.EXISTS;
        }
        log.info("job " + id + " queued (orthanc series " + link.series() + "; " + (queue.size() + 1) + " waiting)");
        queue.put(id);
        return Submitted.CREATED;
    }

    private void work() {
        while (!closed) {
            String id;
            try {
                id = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            try {
                run(id);
            } catch (RuntimeException | Error e) {
                log.warn("job " + id + ": " + e);
            }
        }
    }

    private void run(String id) {
        JobRecord rec = store.get(id).orElse(null);
        if (rec == null || rec.over()) {
            return;
        }
        rec = rec.running();
        store.update(rec);
        listener.running(rec);
        long t0 = System.nanoTime();
        log.info("job " + id + " running (attempt " + rec.attempts() + ")");
        try {
            boolean fromPacs = "orthanc".equals(rec.source());
            if (fromPacs && pacs == null) {
                throw new CovidctException("a job from Orthanc, but the server runs without --orthanc");
            }
            if (rec.series() == null) {
                rec = fetch(rec);
            }
            Path seriesDir = store.input(id).resolve(rec.series().label());
            Path result = store.result(id);
            if (!Files.isDirectory(result)) {
                Path scratch = store.scratch(id);
                try {
                    detector.detect(seriesDir, scratch);
                    Files.move(scratch, result, StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    JobStore.deleteTree(scratch);
                }
            }
            JsonNode decision = Json.FILES.readTree(result.resolve(DetectionFiles.JSON).toFile());
            if (fromPacs) {
                rec = rec.withOrthanc(pacs.publish(rec, seriesDir, result));
                store.update(rec);
            }
            JsonNode f = decision.get("fraction");
            rec = rec.done(decision.path("decision").isTextual() ? decision.get("decision").asText() : null,
                    f != null && f.isNumber() ? f.asDouble() : null);
            store.update(rec);
            log.info(String.format(Locale.ROOT, "job %s done in %.1f s: %s", id, (System.nanoTime() - t0) / 1e9,
                    rec.decision() == null ? "no decision" : rec.decision()));
        } catch (IOException e) {
            retryOrFail(rec, e);
        } catch (HttpFailure e) {
            fail(rec, e.getMessage());
        } catch (CovidctException e) {
            fail(rec, e.getMessage());
        } catch (UncheckedIOException e) {
            fail(rec, "storage error: " + e.getCause().getMessage());
        }
    }

    /** Fetches a PACS job's series into its input folder (replacing any partial fetch of an earlier run). */
    private JobRecord fetch(JobRecord rec) throws IOException {
        Path input = store.input(rec.job());
        JobStore.deleteTree(input);
        Files.createDirectories(input);
        Path staging = store.staging();
        try {
            StagedSeries s = pacs.fetch(rec, staging);
            Files.move(s.dir(), input.resolve(s.series().label()), StandardCopyOption.ATOMIC_MOVE);
            JobRecord withSeries = rec.withSeries(s.series());
            store.update(withSeries);
            return withSeries;
        } finally {
            JobStore.deleteTree(staging);
        }
    }

    private void retryOrFail(JobRecord rec, IOException e) {
        String why = "the PACS could not be reached (" + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")";
        if (rec.attempts() >= MAX_ATTEMPTS || closed) {
            if (!closed) {
                fail(rec, why);
            }
            return;
        }
        log.warn("job " + rec.job() + ": " + why + "; trying again in " + RETRY_SECONDS + " s");
        JobRecord back = new JobRecord(rec.job(), JobRecord.QUEUED, rec.source(), rec.created(), rec.started(), null,
                rec.attempts(), null, rec.series(), null, null, rec.orthanc());
        store.update(back);
        retries.schedule(() -> queue.restore(back.job()), RETRY_SECONDS, TimeUnit.SECONDS);
    }

    private void fail(JobRecord rec, String why) {
        store.update(rec.failed(why));
        log.warn("job " + rec.job() + " failed: " + why);
    }

    /**
     * Stops the worker: it takes no further job; one running is waited for up to {@code wait}, then left to the
     * next start. Returns true when the worker has stopped (the detector is then free).
     */
    public boolean stop(java.time.Duration wait) {
        closed = true;
        worker.interrupt();
        retries.shutdownNow();
        try {
            worker.join(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !worker.isAlive();
    }

    @Override
    public void close() {
        stop(java.time.Duration.ofSeconds(10));
    }
}
