package org.covidct.app.server;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * One job as stored in {@code jobs/ID/job.json} and shown by {@code GET /api/jobs/ID} (snake_case fields).
 * Holds no value read from DICOM files but the series number, modality, kernel and counts of the picked
 * series: what the viewer and an engineer need, nothing that identifies a person.
 *
 * @param job       the job ID
 * @param state     queued, running, done or failed
 * @param source    upload (zip), stow (DICOMweb) or orthanc (watched PACS)
 * @param created   when the study was accepted (ISO-8601)
 * @param started   when the last run started, or null
 * @param finished  when it finished, or null
 * @param attempts  runs started (more than 1 after a restart interrupted a run)
 * @param error     why it failed, or null
 * @param series    the series analysed and why (null until known: an Orthanc job before its fetch)
 * @param decision  the result's decision (copied from decision.json when done), or null
 * @param fraction  the result's COVID fraction, or null
 * @param orthanc   the Orthanc resources of an orthanc job, or null
 */
public record JobRecord(String job, String state, String source, String created, String started, String finished,
                        int attempts, String error, PickedSeries series, String decision, Double fraction,
                        OrthancLink orthanc) {

    public static final String QUEUED = "queued";
    public static final String RUNNING = "running";
    public static final String DONE = "done";
    public static final String FAILED = "failed";

    /** The series a job analyses, and the candidates it was chosen from. */
    public record PickedSeries(String label, Integer seriesNumber, int slices, String modality, String kernel,
                               String reason, List<Candidate> candidates) {
    }

    /** One image series of a study as the picker saw it. */
    public record Candidate(Integer seriesNumber, String modality, int slices, boolean axial, boolean ctImage,
                            boolean lungHint) {
    }

    /** Orthanc's IDs of the source series and study, and of what covidct stored back (null until stored). */
    public record OrthancLink(String series, String study, String srInstance, String scInstance) {
    }

    /** UTC with milliseconds always written, so that the strings sort as the instants do. */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    static String now() {
        return TIME.format(Instant.now());
    }

    static JobRecord queued(String id, String source, PickedSeries series, OrthancLink orthanc) {
        return new JobRecord(id, QUEUED, source, now(), null, null, 0, null, series, null, null, orthanc);
    }

    JobRecord running() {
        return new JobRecord(job, RUNNING, source, created, now(), null, attempts + 1, null, series, null, null, orthanc);
    }

    JobRecord withSeries(PickedSeries s) {
        return new JobRecord(job, state, source, created, started, finished, attempts, error, s, decision, fraction, orthanc);
    }

    JobRecord withOrthanc(OrthancLink o) {
        return new JobRecord(job, state, source, created, started, finished, attempts, error, series, decision, fraction, o);
    }

    JobRecord done(String decision, Double fraction) {
        return new JobRecord(job, DONE, source, created, started, now(), attempts, null, series, decision, fraction, orthanc);
    }

    JobRecord failed(String why) {
        return new JobRecord(job, FAILED, source, created, started, now(), attempts, why, series, null, null, orthanc);
    }

    boolean over() {
        return DONE.equals(state) || FAILED.equals(state);
    }
}
