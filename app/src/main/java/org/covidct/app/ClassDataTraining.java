package org.covidct.app;

import org.covidct.core.image.CtSlice;
import org.covidct.core.image.TiffSlices;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The training run behind the launcher's class-data-sharing archive: the launcher runs it once per
 * build with {@code -XX:ArchiveClassesAtExit}, so the classes it loads (picocli, the CLI, the TIFF
 * reader, selection) are mapped from the archive at every later start instead of being read from the
 * jars, verified and parsed again. It selects a tiny generated series in a temporary folder and
 * prints the help of every command; it touches nothing outside that folder.
 */
public final class ClassDataTraining {

    private ClassDataTraining() {
    }

    public static void main(String[] args) throws IOException {
        Path tmp = Files.createTempDirectory("covidct-cds");
        try {
            Path series = Files.createDirectories(tmp.resolve("src/group/patient1/SR_2"));
            for (int i = 0; i < 6; i++) {
                short[] v = new short[64 * 64];
                for (int p = 0; p < v.length; p++) {
                    v[p] = (short) ((p * 7 + i * 300) % 2000);
                }
                TiffSlices.write(series.resolve(String.format("IM%05d.tif", i + 1)),
                        new CtSlice(64, 64, v, "training"), i % 2 == 0 ? TiffSlices.Compression.LZW
                                : TiffSlices.Compression.DEFLATE);
            }
            StringWriter sink = new StringWriter();
            String[] select = {"select", tmp.resolve("src").toString(), "--out", tmp.resolve("out").toString(), "-q"};
            var one = Main.commandLine(select);
            one.setOut(new PrintWriter(sink));
            one.setErr(new PrintWriter(sink));
            one.execute(select);
            var cli = Main.commandLine();
            cli.setOut(new PrintWriter(sink));
            cli.setErr(new PrintWriter(sink));
            for (String command : cli.getSubcommands().keySet()) {
                cli.execute(command, "--help");
            }
            cli.execute("--help");
        } finally {
            try (Stream<Path> s = Files.walk(tmp)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
