package org.covidct.core.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A killed run's leftovers never block the next run and a live run's work is never touched; "x/../y" with
 * x missing creates y only (issue 14: convert's .SR_4.random folders blocked a plain rerun, select's
 * .covidct-select-pid folders stayed forever, --out x/../y left an empty x).
 */
class OutputFoldersTest {

    @TempDir
    Path tmp;

    /** The id of a process that has ended. */
    static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        long pid = p.pid();
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        return pid;
    }

    /** The id of another process that runs (this JVM's parent: surefire or the shell). */
    static long livePid() {
        long pid = ProcessHandle.current().parent().orElseThrow().pid();
        assertTrue(ProcessHandle.of(pid).orElseThrow().isAlive());
        return pid;
    }

    @Test
    void aPathThroughAMissingFolderLeadsWhereTheFileSystemWouldAndCreatesNothing() throws Exception {
        Path typed = tmp.resolve("x").resolve("..").resolve("y");
        assertEquals(tmp.toRealPath().resolve("y"), OutputFolders.resolve(typed));
        assertFalse(Files.exists(tmp.resolve("x")), "resolving creates nothing");
        AtomicFiles.writeString(typed.resolve("a.csv"), "1");
        assertEquals("1", Files.readString(tmp.resolve("y/a.csv")));
        assertFalse(Files.exists(tmp.resolve("x")), "no empty x left behind");

        // an existing symbolic link is followed first, as the kernel would: link/../z is beside the target
        Path target = Files.createDirectories(tmp.resolve("deep/inside"));
        Path link = Files.createSymbolicLink(tmp.resolve("link"), target);
        assertEquals(tmp.toRealPath().resolve("deep/z"), OutputFolders.resolve(link.resolve("../z")));
        // a relative path is made absolute
        assertTrue(OutputFolders.resolve(Path.of("relative/../r")).isAbsolute());
        assertEquals(Path.of("").toAbsolutePath().resolve("r"), OutputFolders.resolve(Path.of("relative/../r")));
    }

    @Test
    void leftoversOfDeadRunsGoAndLiveRunsStay() throws Exception {
        long dead = deadPid();
        long live = livePid();
        long self = ProcessHandle.current().pid();
        Path out = Files.createDirectories(tmp.resolve("out"));
        List<Path> gone = new ArrayList<>();
        gone.add(staged(out.resolve(".covidct-select-" + dead)));
        gone.add(staged(out.resolve(".covidct-select-" + self))); // our id, from a dead run that had it
        gone.add(Files.writeString(out.resolve(".selection.csv." + dead + ".123.part"), "x"));
        gone.add(Files.writeString(out.resolve(".selection.csv4711.part"), "x")); // an older version's name
        gone.add(Files.writeString(out.resolve(".metadata.csv99.part"), "x"));
        List<Path> kept = new ArrayList<>();
        kept.add(staged(out.resolve(".covidct-select-" + live)));
        kept.add(Files.writeString(out.resolve(".selection.csv." + live + ".5.part"), "x"));
        kept.add(Files.writeString(out.resolve(".hidden"), "mine"));
        kept.add(staged(out.resolve(".covidct-select-abc")));
        kept.add(Files.writeString(out.resolve(".covidct-select-" + dead + "x"), "not ours"));
        kept.add(Files.writeString(out.resolve(".other.csv77.part"), "no pid, not a name we write"));
        kept.add(staged(out.resolve("SR_2")));
        kept.add(Files.writeString(out.resolve(".covidct-select-" + dead + "-file"), "a file"));

        List<Path> removed = OutputFolders.removeLeftovers(out);
        assertEquals(gone.size(), removed.size(), removed.toString());
        for (Path p : gone) {
            assertFalse(Files.exists(p), p.toString());
        }
        for (Path p : kept) {
            assertTrue(Files.exists(p), p.toString());
        }
        assertTrue(OutputFolders.removeLeftovers(tmp.resolve("missing")).isEmpty());
    }

    @Test
    void aStagingFileNamedLikeAFolderIsNotRemovedAndATempFolderIsNot() throws Exception {
        long dead = deadPid();
        Path out = Files.createDirectories(tmp.resolve("out"));
        Path file = Files.writeString(out.resolve(".covidct-select-" + dead), "a file, not our folder");
        Path dir = Files.createDirectories(out.resolve(".selection.csv." + dead + ".1.part"));
        assertTrue(OutputFolders.removeLeftovers(out).isEmpty());
        assertTrue(Files.exists(file));
        assertTrue(Files.exists(dir));
    }

    @Test
    void conversionLeftoversGoWithThePatientFoldersTheyLeaveEmpty() throws Exception {
        long dead = deadPid();
        long live = livePid();
        Path out = Files.createDirectories(tmp.resolve("out"));
        Path p1 = staged(out.resolve("patient1/.SR_4.covidct-" + dead + ".8934"));
        Path p2 = staged(out.resolve("patient2/.SR_2.4711093")); // the form issue 14 saw
        Path p3live = staged(out.resolve("patient3/.SR_3.covidct-" + live + ".1"));
        Path p3done = staged(out.resolve("patient3/SR_2"));
        Path p4dead = staged(out.resolve("patient4/.SR_5_2.covidct-" + dead + ".2"));
        Path p4done = staged(out.resolve("patient4/SR_5"));
        Path meta = Files.writeString(out.resolve(".metadata.csv." + dead + ".42.part"), "x");
        Path tiffTemp = Files.writeString(out.resolve("patient4/.IM00001.tif." + dead + ".9.part"), "x");
        Path hiddenUser = staged(out.resolve(".git"));

        OutputFolders.removeConversionLeftovers(out);
        assertFalse(Files.exists(p1));
        assertFalse(Files.exists(out.resolve("patient1")), "emptied by the cleaning: removed");
        assertFalse(Files.exists(p2));
        assertFalse(Files.exists(out.resolve("patient2")));
        assertTrue(Files.exists(p3live), "a running conversion's staging stays");
        assertTrue(Files.exists(p3done));
        assertFalse(Files.exists(p4dead));
        assertTrue(Files.exists(p4done));
        assertFalse(Files.exists(meta));
        assertFalse(Files.exists(tiffTemp));
        assertTrue(Files.exists(hiddenUser), "hidden folders of the output root are not patient folders");
        // a patient folder that was empty before is not the cleaning's to remove
        Files.createDirectories(out.resolve("patient9"));
        OutputFolders.removeConversionLeftovers(out);
        assertTrue(Files.exists(out.resolve("patient9")));
    }

    @Test
    void atomicTemporaryFilesCarryTheWritersProcessId() throws Exception {
        Path target = tmp.resolve("a/out.csv");
        List<String> seen = new ArrayList<>();
        AtomicFiles.write(target, o -> {
            try (var s = Files.list(target.getParent())) {
                s.forEach(p -> seen.add(p.getFileName().toString()));
            }
            o.write('1');
        });
        assertEquals(1, seen.size());
        assertTrue(seen.get(0).matches("\\.out\\.csv\\." + ProcessHandle.current().pid() + "\\.\\d+\\.part"), seen.get(0));
    }

    @Test
    void deleteTreeRemovesLinksNotWhatTheyPointTo() throws Exception {
        Path keep = Files.writeString(tmp.resolve("keep.txt"), "k");
        Path dir = staged(tmp.resolve("d"));
        Files.createSymbolicLink(dir.resolve("link"), keep);
        OutputFolders.deleteTree(dir);
        assertFalse(Files.exists(dir));
        assertTrue(Files.exists(keep));
        OutputFolders.deleteTree(tmp.resolve("absent")); // nothing to do
    }

    /** A folder with a file and a subfolder in it, as a staging folder holds. */
    private static Path staged(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("s0"));
        Files.writeString(dir.resolve("s0/IM00001.tif"), "part of a slice");
        return dir;
    }
}
