package org.covidct.app.server;

import java.nio.file.Path;

/**
 * A series ready to become a job's input: its files in {@code dir} (IM00001.dcm... in sweep order, names of
 * ours) and what the picker said about it.
 */
public record StagedSeries(JobRecord.PickedSeries series, Path dir) {
}
