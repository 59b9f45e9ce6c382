package org.covidct.app.server;

import org.covidct.core.CovidctException;
import org.covidct.core.io.AtomicFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Jobs as folders of plain files under {@code STORE/jobs}, each change made by an atomic rename, so that a
 * process killed at any instant (kill -9) leaves every job either absent or whole:
 * <ul>
 *   <li>a new job is assembled in a hidden {@code .ID.tmp} folder (input series + job.json) and renamed to
 *       {@code ID}: it appears complete or not at all;</li>
 *   <li>job.json is replaced through {@link AtomicFiles} (temporary sibling, then rename);</li>
 *   <li>a result is written into a hidden folder and renamed to {@code result}: the commit point of a run.</li>
 * </ul>
 * At start, leftovers of interrupted operations (hidden temporaries, {@code incoming/}) are removed.
 */
public final class JobStore {

    /** Job IDs: lower-case letters, digits and dashes (they name folders; anything else is refused). */
    public static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    static final String INPUT = "input";
    static final String RESULT = "result";
    static final String VIEWER = "viewer";
    private static final String RECORD = "job.json";

    private final Path root;
    private final Path jobs;
    private final Path incoming;
    private final Map<String, JobRecord> records = new ConcurrentHashMap<>();

    public JobStore(Path root, ServerLog log) {
        this.root = root;
        this.jobs = root.resolve("jobs");
        this.incoming = root.resolve("incoming");
        try {
            if (!Files.exists(root)) {
                // the store holds patients' images: a new one is readable by its owner only
                Files.createDirectories(root);
                if (root.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                    Files.setPosixFilePermissions(root, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
                }
            }
            Files.createDirectories(jobs);
            deleteTree(incoming);
            Files.createDirectories(incoming);
            try (Stream<Path> s = Files.list(jobs)) {
                for (Path dir : s.toList()) {
                    String name = dir.getFileName().toString();
                    if (name.startsWith(".")) {
                        deleteTree(dir); // a job that was never completed, or a temporary of one
                        continue;
                    }
                    cleanHidden(dir);
                    Path rec = dir.resolve(RECORD);
                    if (ID.matcher(name).matches() && Files.isRegularFile(rec)) {
                        try {
                            records.put(name, Json.FILES.readValue(rec.toFile(), JobRecord.class));
                        } catch (IOException e) {
                            log.warn("job " + name + ": unreadable job.json, ignored (" + e.getClass().getSimpleName() + ")");
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new CovidctException(root, "cannot use as the store (" + e.getMessage() + ")", e);
        }
    }

    public Path root() {
        return root;
    }

    /** A new empty folder for an upload being received; removed again by the caller or at the next start. */
    public Path staging() {
        try {
            return Files.createDirectories(incoming.resolve(UUID.randomUUID().toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Adds a job whole: its record and, when given, the staged series folder (moved, not copied) as
     * {@code input/LABEL}. Returns false, changing nothing, when a job with this ID exists.
     */
    public boolean create(JobRecord rec, Path stagedSeries) {
        Path dir = jobs.resolve(rec.job());
        if (Files.exists(dir)) {
            return false;
        }
        Path tmp = jobs.resolve("." + rec.job() + "." + UUID.randomUUID() + ".tmp");
        try {
            Files.createDirectories(tmp.resolve(INPUT));
            if (stagedSeries != null) {
                Files.move(stagedSeries, tmp.resolve(INPUT).resolve(rec.series().label()), StandardCopyOption.ATOMIC_MOVE);
            }
            AtomicFiles.writeBytes(tmp.resolve(RECORD), Json.FILES.writeValueAsBytes(rec));
            AtomicFiles.makeReadable(tmp);
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            deleteTree(tmp);
            return false;
        } catch (IOException e) {
            deleteTree(tmp);
            throw new UncheckedIOException(e);
        }
        records.put(rec.job(), rec);
        return true;
    }

    /** Replaces a job's record (atomically). */
    public void update(JobRecord rec) {
        try {
            AtomicFiles.writeBytes(jobs.resolve(rec.job()).resolve(RECORD), Json.FILES.writeValueAsBytes(rec));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        records.put(rec.job(), rec);
    }

    public Optional<JobRecord> get(String id) {
        return id == null || !ID.matcher(id).matches() ? Optional.empty() : Optional.ofNullable(records.get(id));
    }

    /** Every job, oldest first. */
    public List<JobRecord> all() {
        List<JobRecord> out = new ArrayList<>(records.values());
        out.sort(Comparator.comparing(JobRecord::created).thenComparing(JobRecord::job));
        return out;
    }

    public Path dir(String id) {
        return jobs.resolve(id);
    }

    public Path input(String id) {
        return dir(id).resolve(INPUT);
    }

    public Path result(String id) {
        return dir(id).resolve(RESULT);
    }

    public Path viewer(String id) {
        return dir(id).resolve(VIEWER);
    }

    /** A new hidden folder inside a job, for a result being written. */
    public Path scratch(String id) {
        try {
            return Files.createDirectory(dir(id).resolve(".scratch-" + UUID.randomUUID()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void cleanHidden(Path jobDir) throws IOException {
        try (Stream<Path> s = Files.list(jobDir)) {
            for (Path p : s.toList()) {
                if (p.getFileName().toString().startsWith(".")) {
                    deleteTree(p);
                }
            }
        }
    }

    /** Deletes a file or folder tree; missing is fine. */
    public static void deleteTree(Path p) {
        if (p == null || !Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(x);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
