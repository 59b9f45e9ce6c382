package org.covidct.app.pacs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.covidct.app.server.Json;
import org.covidct.core.io.AtomicFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * The series of a PACS covidct has taken on, one small file per series under {@code STORE/ledger/orthanc}
 * (named by Orthanc's series ID, which Orthanc derives from the DICOM UIDs), plus the position reached in
 * Orthanc's change log. A series is entered when its job is created, before the change that announced it is
 * passed; once entered it is never taken on again, even if its job folder is deleted later. Every write is an
 * atomic replace, so a kill leaves the previous or the new state, never half of one.
 */
public final class ProcessedLedger {

    private static final Pattern ORTHANC_ID = Pattern.compile("[0-9a-f][0-9a-f-]{0,63}");
    private static final String CURSOR = "changes-cursor";

    private final Path dir;

    public ProcessedLedger(Path store) {
        this.dir = store.resolve("ledger").resolve("orthanc");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean validId(String id) {
        return id != null && ORTHANC_ID.matcher(id).matches();
    }

    private Path entry(String seriesId) {
        if (!validId(seriesId)) {
            throw new IllegalArgumentException("not an Orthanc ID: " + seriesId);
        }
        return dir.resolve(seriesId + ".json");
    }

    public boolean contains(String seriesId) {
        return Files.isRegularFile(entry(seriesId));
    }

    /** Enters a series with the job that analyses it. */
    public void taken(String seriesId, String job) {
        write(seriesId, job, null, null);
    }

    /** Records what was stored back for a series. */
    public void published(String seriesId, String job, String srInstance, String scInstance) {
        write(seriesId, job, srInstance, scInstance);
    }

    private void write(String seriesId, String job, String sr, String sc) {
        ObjectNode n = Json.FILES.createObjectNode();
        n.put("series", seriesId);
        n.put("job", job);
        n.put("sr_instance", sr);
        n.put("sc_instance", sc);
        n.put("at", Instant.now().toString());
        try {
            AtomicFiles.writeBytes(entry(seriesId), Json.FILES.writeValueAsBytes(n));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How far the change log was read, if ever. */
    public OptionalLong cursor() {
        Path f = dir.resolve(CURSOR);
        try {
            return Files.isRegularFile(f) ? OptionalLong.of(Long.parseLong(Files.readString(f).trim())) : OptionalLong.empty();
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    public void cursor(long seq) {
        try {
            AtomicFiles.writeBytes(dir.resolve(CURSOR), Long.toString(seq).getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
