package org.covidct.core.io;

import org.covidct.core.CovidctException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Output folders: where a path the user typed really leads, and what a killed run left in one. Every
 * command writes through temporary siblings ({@link AtomicFiles}) and staging folders that carry the
 * writing process's id, so that the next run can tell a dead run's leftovers (removed) from a live
 * run's work (left alone) and no leftover ever blocks a rerun.
 */
public final class OutputFolders {
    private OutputFolders() {
    }

    /** The staging folder of {@code covidct select} inside its output folder. */
    public static final String SELECT_STAGING = ".covidct-select-";

    /** The staging folder prefix of a converted series: "." + folder + this + pid + "." + random digits. */
    public static final String CONVERT_STAGING = ".covidct-";

    private static final Pattern SELECT = Pattern.compile("\\.covidct-select-(\\d+)");
    private static final Pattern CONVERT = Pattern.compile("\\..+\\.covidct-(\\d+)\\.\\d+");
    /** A converter staging folder of a version without the process id: no live run makes these any more. */
    private static final Pattern CONVERT_OLD = Pattern.compile("\\.SR_[A-Za-z0-9_]+\\.\\d+");
    private static final Pattern TEMP = Pattern.compile("\\..+\\.(\\d+)\\.\\d+\\.part");
    private static final Pattern TEMP_OLD = Pattern.compile("\\.(metadata|selection)\\.csv\\d+\\.part");

    /**
     * The absolute path {@code p} leads to: the part that exists is resolved as the file system does
     * (symbolic links, "..") and the rest is normalized. Creating "x/../y" with x missing would otherwise
     * create x too and leave it behind, empty.
     */
    public static Path resolve(Path p) {
        Path abs = p.toAbsolutePath();
        Path existing = abs;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return abs.normalize();
        }
        try {
            Path real = existing.toRealPath();
            return real.resolve(existing.relativize(abs)).normalize();
        } catch (IOException e) {
            return abs.normalize(); // a dangling link: the lexical form is the best guess
        }
    }

    /**
     * True when another running process has this id. The current process does not count: at the start
     * of a run nothing of its own exists yet, so a name with its id is a dead run's whose id was reused.
     */
    static boolean runningOther(long pid) {
        if (pid == ProcessHandle.current().pid()) {
            return false;
        }
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        return h.isPresent() && h.get().isAlive();
    }

    /**
     * What a run killed while writing into {@code dir} left there: select staging folders and temporary
     * files of processes no longer running, and the pid-less forms older versions wrote. Returns what was
     * removed; a folder that cannot be read is left as it is.
     */
    public static List<Path> removeLeftovers(Path dir) {
        List<Path> removed = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return removed;
        }
        for (Path p : list(dir)) {
            String name = p.getFileName().toString();
            if (stale(SELECT, name) && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)
                    || stale(TEMP, name) && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
                    || TEMP_OLD.matcher(name).matches() && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                deleteTree(p);
                removed.add(p);
            }
        }
        return removed;
    }

    /**
     * The leftovers of killed conversions in an output root: series staging folders of dead processes (and
     * of older versions) in the patient folders, temporary files, and the patient folders they leave empty.
     */
    public static List<Path> removeConversionLeftovers(Path output) {
        List<Path> removed = new ArrayList<>(removeLeftovers(output));
        if (!Files.isDirectory(output)) {
            return removed;
        }
        for (Path patient : list(output)) {
            if (!Files.isDirectory(patient, LinkOption.NOFOLLOW_LINKS) || patient.getFileName().toString().startsWith(".")) {
                continue;
            }
            boolean any = false;
            for (Path p : list(patient)) {
                String name = p.getFileName().toString();
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)
                        && (stale(CONVERT, name) || CONVERT_OLD.matcher(name).matches())) {
                    deleteTree(p);
                    removed.add(p);
                    any = true;
                }
            }
            removed.addAll(removeLeftovers(patient));
            if (any && list(patient).isEmpty()) {
                try {
                    Files.delete(patient);
                    removed.add(patient);
                } catch (IOException ignored) {
                    // another run wrote into it meanwhile
                }
            }
        }
        return removed;
    }

    /** A name of the pattern whose process id (group 1) is that of no other running process. */
    static boolean stale(Pattern pattern, String name) {
        Matcher m = pattern.matcher(name);
        if (!m.matches()) {
            return false;
        }
        try {
            return !runningOther(Long.parseLong(m.group(1)));
        } catch (NumberFormatException e) {
            return true; // more digits than any process id has
        }
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Deletes a file or a folder with everything in it (symbolic links are removed, not followed). */
    public static void deleteTree(Path p) {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        } catch (IOException e) {
            throw new CovidctException(p, "cannot remove (" + e.getMessage() + ")", e);
        }
    }
}
