package org.covidct.app.server;

import java.io.IOException;
import java.nio.file.Path;

/**
 * What a job that came from a PACS needs beyond an upload: its series fetched before the detection, and
 * the results stored back after it. Implemented by {@code org.covidct.app.pacs}.
 */
public interface PacsHooks {

    /**
     * Fetches the job's series into {@code staging} (see {@link StudyIntake#stageFiles}).
     *
     * @throws IOException when the PACS cannot be reached (the job is tried again later)
     */
    StagedSeries fetch(JobRecord job, Path staging) throws IOException;

    /**
     * Stores the results of a finished detection into the source's study; must be idempotent (a restart may
     * repeat it after a kill between storing and recording).
     *
     * @return the job's Orthanc link with the stored instances
     * @throws IOException when the PACS cannot be reached (the job is tried again later)
     */
    JobRecord.OrthancLink publish(JobRecord job, Path seriesDir, Path resultDir) throws IOException;
}
