package org.covidct.core.io;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a file through a temporary sibling that is moved over the target only once complete, so a
 * reader (or a crash) never sees half a CSV, image or checkpoint.
 */
public final class AtomicFiles {

    /** Writes the content of one output stream. */
    @FunctionalInterface
    public interface StreamBody {
        void write(OutputStream out) throws IOException;
    }

    /** Writes the content of one character stream. */
    @FunctionalInterface
    public interface TextBody {
        void write(Writer out) throws IOException;
    }

    private static final long PID = ProcessHandle.current().pid();

    private AtomicFiles() {
    }

    public static void write(Path typed, StreamBody body) throws IOException {
        Path target = OutputFolders.resolve(typed); // "x/../y" with x missing: x is not created
        Path dir = target.getParent();
        Files.createDirectories(dir);
        // the process id in the name lets a later run tell a killed writer's leftover from a live one's
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + "." + PID + ".", ".part");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                body.write(out);
            }
            makeReadable(tmp);
            move(tmp, target);
        } catch (IOException | RuntimeException | Error e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    public static void writeText(Path target, TextBody body) throws IOException {
        write(target, out -> {
            Writer w = new java.io.BufferedWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8));
            body.write(w);
            w.flush();
        });
    }

    public static void writeString(Path target, String content) throws IOException {
        write(target, out -> out.write(content.getBytes(StandardCharsets.UTF_8)));
    }

    public static void writeBytes(Path target, byte[] content) throws IOException {
        write(target, out -> out.write(content));
    }

    /**
     * Gives a temporary file or folder the permissions of an ordinary new one (rw-r--r--, folders
     * rwxr-xr-x): createTempFile makes them owner-only, which would leave every output unreadable to
     * the rest of a team or a web server.
     */
    public static void makeReadable(Path tmp) throws IOException {
        if (!tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString(
                Files.isDirectory(tmp) ? "rwxr-xr-x" : "rw-r--r--"));
    }

    /** Moves a finished temporary file over its target, atomically where the file system allows. */
    public static void move(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** As {@link #write} for callers that cannot throw IOException. */
    public static void writeUnchecked(Path target, StreamBody body) {
        try {
            write(target, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
