package org.covidct.spark;

import org.covidct.core.CovidctException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A RUN_DIR on its way to the executors: the driver packs the files a detection reads (run.json, the weights; not a
 * training checkpoint) into one stored zip that Spark distributes with {@code addFile}, and each executor process
 * unpacks it once into its own work folder. So the model folder needs no shared file system, on a cluster as in
 * {@code local[N]}.
 */
final class ShippedModel {

    /** Files of a RUN_DIR that inference does not read. */
    private static final List<String> NOT_SHIPPED = List.of("checkpoint.bin", "epochs.csv");

    private ShippedModel() {
    }

    /** Packs the model folder into {@code zip} (entries stored, not compressed: weights do not compress). */
    static void pack(Path runDir, Path zip) {
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip));
             Stream<Path> files = Files.list(runDir)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                String name = f.getFileName().toString();
                if (NOT_SHIPPED.contains(name) || name.startsWith(".")) {
                    continue;
                }
                ZipEntry e = new ZipEntry(name);
                e.setMethod(ZipEntry.STORED);
                e.setSize(Files.size(f));
                e.setCompressedSize(Files.size(f));
                e.setCrc(crc(f));
                out.putNextEntry(e);
                Files.copy(f, out);
                out.closeEntry();
            }
        } catch (IOException e) {
            throw new CovidctException(runDir, "cannot pack the model for the executors (" + e.getMessage() + ")", e);
        }
    }

    private static long crc(Path f) throws IOException {
        CRC32 crc = new CRC32();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(f)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                crc.update(buf, 0, n);
            }
        }
        return crc.getValue();
    }

    /**
     * The unpacked model folder beside {@code zip} (unpacked by the first task of this process that needs it; the
     * folder appears whole, by a rename, or not at all).
     */
    static synchronized Path unpacked(Path shipped) {
        // an executor's SparkFiles folder may be given relative to its working folder
        Path zip = shipped.toAbsolutePath().normalize();
        String name = zip.getFileName().toString().replaceFirst("\\.zip$", "");
        Path dir = zip.resolveSibling(name + ".d");
        if (Files.isDirectory(dir)) {
            return dir;
        }
        Path tmp = zip.resolveSibling("." + name + ".d." + ProcessHandle.current().pid());
        try {
            Files.createDirectories(tmp);
            try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
                for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                    Path target = tmp.resolve(e.getName()).normalize();
                    if (!target.getParent().equals(tmp)) {
                        throw new IOException("unexpected entry " + e.getName());
                    }
                    try (OutputStream out = Files.newOutputStream(target)) {
                        in.transferTo(out);
                    }
                }
            }
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack the shipped model " + zip, e);
        }
    }
}
