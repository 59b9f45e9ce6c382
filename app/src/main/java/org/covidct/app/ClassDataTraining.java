package org.covidct.app;

import org.covidct.core.image.CtSlice;
import org.covidct.core.tiff.TiffSlices;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The training run behind the launcher's start-up archive, run once per build: with
 * {@code -XX:ArchiveClassesAtExit} (class-data sharing, Java 17 to 24) the classes it loads are mapped
 * from the archive at every later start instead of being read from the jars, verified and parsed again;
 * with {@code -XX:AOTCacheOutput} (the ahead-of-time cache, Java 25 and later) they are also linked, and
 * the cache keeps the method profiles of the run, so the JIT compiles the slice decoder soon after start.
 *
 * <p>It selects a generated tree of CT-like 512 x 512 slices (the layout OpenCV writes: LZW, predictor,
 * 8-row strips), copying and not copying, in a temporary folder, and touches nothing outside it.
 * {@code --all-commands} also prints every command's help, so the archive holds every command's CLI
 * classes: right for class-data sharing, which maps only the classes a run asks for, but not for the
 * ahead-of-time cache, which loads all of its classes at every start.
 */
public final class ClassDataTraining {

    private static final int SIZE = 512;
    private static final int SERIES = 4;
    private static final int SLICES = 20;

    private ClassDataTraining() {
    }

    public static void main(String[] args) throws IOException {
        Path tmp = Files.createTempDirectory("covidct-cds");
        try {
            Random rnd = new Random(1);
            for (int s = 0; s < SERIES; s++) {
                Path series = Files.createDirectories(tmp.resolve("src/group/patient" + (s / 2 + 1) + "/SR_" + (s % 2 + 2)));
                for (int i = 0; i < SLICES; i++) {
                    TiffSlices.write(series.resolve(String.format("IM%05d.tif", i + 1)), slice(i, rnd),
                            s == 0 && i == 0 ? TiffSlices.Compression.DEFLATE : TiffSlices.Compression.LZW);
                }
            }
            StringWriter sink = new StringWriter();
            String src = tmp.resolve("src").toString();
            for (String[] select : new String[][] {{"select", src, "--out", tmp.resolve("out").toString(), "-q"},
                    {"select", src, "--out", tmp.resolve("csv").toString(), "-q", "--no-copy"},
                    {"select", "--help"}}) {
                var one = Main.commandLine(select);
                one.setOut(new PrintWriter(sink));
                one.setErr(new PrintWriter(sink));
                one.execute(select);
            }
            if (args.length > 0 && args[0].equals("--all-commands")) {
                var cli = Main.commandLine();
                cli.setOut(new PrintWriter(sink));
                cli.setErr(new PrintWriter(sink));
                for (String command : cli.getSubcommands().keySet()) {
                    cli.execute(command, "--help");
                }
                cli.execute("--help");
            }
        } finally {
            try (Stream<Path> s = Files.walk(tmp)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /**
     * A body with two lungs that open and close over the series, in HU + 1024, with noise like a real
     * scan's (so the LZW strings are as short as in real slices and the decoder is trained on its real path).
     */
    private static CtSlice slice(int index, Random rnd) {
        double open = Math.sin(Math.PI * (index + 0.5) / SLICES);
        short[] v = new short[SIZE * SIZE];
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                double bx = (x - 256) / 200.0;
                double by = (y - 270) / 150.0;
                double value = 24;
                if (bx * bx + by * by < 1) {
                    value = 1064;
                    for (int side = -1; side <= 1; side += 2) {
                        double lx = (x - 256 - side * 95) / 70.0;
                        double ly = (y - 265) / (110.0 * open + 1);
                        if (lx * lx + ly * ly < 1) {
                            value = 180;
                        }
                    }
                }
                v[y * SIZE + x] = (short) Math.max(0, Math.round(value + rnd.nextGaussian() * 12));
            }
        }
        return new CtSlice(SIZE, SIZE, v, "training");
    }
}
