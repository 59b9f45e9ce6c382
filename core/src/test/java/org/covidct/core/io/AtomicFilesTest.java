package org.covidct.core.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AtomicFilesTest {

    @Test
    void failedWriteLeavesNeitherTargetNorTemporary(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("out.csv");
        assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> {
            out.write(1);
            throw new IOException("disk full");
        }));
        assertFalse(Files.exists(target));
        try (var s = Files.list(dir)) {
            assertEquals(0, s.count());
        }
    }

    @Test
    void failedRewriteKeepsTheOldContent(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("out.csv");
        AtomicFiles.writeString(target, "old");
        assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> {
            out.write('n');
            throw new IOException("interrupted");
        }));
        assertEquals("old", Files.readString(target));
    }

    @Test
    void outputsAreReadableByOthersLikeOrdinaryFiles(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("report.html");
        AtomicFiles.writeString(target, "<html></html>");
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
    }
}
