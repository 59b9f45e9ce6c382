package org.covidct.app.pacs;

import com.fasterxml.jackson.databind.JsonNode;
import org.covidct.app.server.JobRecord;
import org.covidct.app.server.Jobs;
import org.covidct.app.server.PacsSetup;
import org.covidct.app.server.ServerLog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.OptionalLong;

/**
 * Follows Orthanc's change log and turns every StableSeries of modality CT into a job. Orthanc reports a
 * series stable once no instance arrived for its StableAge seconds. The position in the log is saved after
 * each series taken on; on its very first start the watcher begins at the end of the log (it analyses
 * series that become stable from then on, not the PACS's history). When the queue is full it waits and reads
 * the same changes again.
 */
public final class OrthancWatcher implements PacsSetup.Watcher {

    static final int PAGE = 100;

    private final OrthancClient orthanc;
    private final Jobs jobs;
    private final ProcessedLedger ledger;
    private final Duration poll;
    private final ServerLog log;
    private final Thread thread;
    private volatile boolean closed;
    private boolean reachable = true;

    public OrthancWatcher(OrthancClient orthanc, Jobs jobs, ProcessedLedger ledger, Duration poll, ServerLog log) {
        this.orthanc = orthanc;
        this.jobs = jobs;
        this.ledger = ledger;
        this.poll = poll;
        this.log = log;
        this.thread = new Thread(this::loop, "covidct-orthanc-watcher");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** The job ID of an Orthanc series: the same for the same series, whatever process creates it. */
    public static String jobId(String orthancSeries) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(orthancSeries.getBytes(StandardCharsets.US_ASCII));
            return "orthanc-" + HexFormat.of().formatHex(h, 0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void loop() {
        while (!closed) {
            boolean more;
            try {
                more = pollOnce();
                if (!reachable) {
                    log.info("Orthanc at " + orthanc.url() + " answers again");
                    reachable = true;
                }
            } catch (IOException e) {
                if (reachable) {
                    log.warn("Orthanc at " + orthanc.url() + " cannot be read (" + e.getMessage() + "); retrying every "
                            + poll.toSeconds() + " s");
                    reachable = false;
                }
                more = false;
            }
            if (!more) {
                try {
                    Thread.sleep(poll.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** Reads one page of changes; true when more may follow at once. */
    boolean pollOnce() throws IOException {
        OptionalLong saved = ledger.cursor();
        long cursor;
        if (saved.isEmpty()) {
            cursor = orthanc.lastChange();
            ledger.cursor(cursor);
            log.info("watching Orthanc at " + orthanc.url() + " from change " + cursor);
        } else {
            cursor = saved.getAsLong();
        }
        OrthancClient.Changes page = orthanc.changes(cursor, PAGE);
        for (OrthancClient.Change c : page.changes()) {
            if ("StableSeries".equals(c.type()) && !take(c.id())) {
                return false; // the queue is full: read this change again later
            }
            cursor = c.seq();
            ledger.cursor(cursor);
        }
        if (page.changes().isEmpty() && page.last() > cursor) {
            ledger.cursor(page.last());
        }
        return !page.done();
    }

    /** Takes a stable series on if it is CT and new; false when the queue is full. */
    private boolean take(String series) throws IOException {
        if (!ProcessedLedger.validId(series) || ledger.contains(series)) {
            return true;
        }
        JsonNode s = orthanc.get("/series/" + series);
        String modality = s.path("MainDicomTags").path("Modality").asText("");
        if (!"CT".equals(modality)) {
            return true;
        }
        String id = jobId(series);
        JobRecord.OrthancLink link = new JobRecord.OrthancLink(series, s.path("ParentStudy").asText(null), null, null);
        Jobs.Submitted r = jobs.submitPacs(id, link);
        if (r == Jobs.Submitted.FULL) {
            return false;
        }
        ledger.taken(series, id);
        return true;
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
