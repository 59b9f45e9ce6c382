package org.covidct.app;

import org.covidct.core.CovidctException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Which failures the CLI reports as one line (user input, environment) and which stay stack traces (bugs). */
class MainErrorsTest {

    @Test
    void fileSystemFailuresNameThePathInWords() {
        assertEquals("/out: permission denied", Main.userError(new AccessDeniedException("/out")));
        assertEquals("/out/x: no such file or folder", Main.userError(new NoSuchFileException("/out/x")));
        assertEquals("/out: already exists", Main.userError(new FileAlreadyExistsException("/out")));
        assertEquals("/out: folder is not empty", Main.userError(new DirectoryNotEmptyException("/out")));
        assertEquals("/f: not a folder", Main.userError(new NotDirectoryException("/f")));
        assertEquals("/ro/a: Read-only file system", Main.userError(new FileSystemException("/ro/a", null,
                "Read-only file system")));
        assertEquals("/a: permission denied (Operation not permitted) (/b)",
                Main.userError(new AccessDeniedException("/a", "/b", "Operation not permitted")));
        assertEquals("/x: FileSystemException", Main.userError(new FileSystemException("/x")));
    }

    @Test
    void otherIoFailuresAndWrappedOnesAreOneLineToo() {
        assertEquals("I/O failure: No space left on device", Main.userError(new IOException("No space left on device")));
        assertEquals("I/O failure: IOException", Main.userError(new IOException()));
        assertEquals("I/O failure: IOException", Main.userError(new IOException(" ")));
        assertEquals("/o: permission denied", Main.userError(new UncheckedIOException(new AccessDeniedException("/o"))));
        assertEquals("I/O failure: line one line two", Main.userError(new RuntimeException(new IOException("line one\nline two"))));
    }

    @Test
    void ourOwnErrorsWinAndBugsAreNotUserErrors() {
        CovidctException ours = new CovidctException(Path.of("a.csv"), "line 2: bad");
        assertEquals("a.csv: line 2: bad", Main.userError(new IllegalStateException(new IOException("x", ours))));
        assertNull(Main.userError(new IllegalStateException("a bug")));
        assertNull(Main.userError(new NullPointerException()));
    }
}
