package org.covidct.core.phantom;

import org.covidct.core.io.AtomicFiles;
import org.covidct.core.tiff.TiffEncoder;
import org.covidct.core.tiff.TiffSlices;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * Throughput of the phantom generator (a benchmark, not a test): slices rendered per second at a size,
 * on all cores, with and without writing LZW TIFFs. Arguments: size, patients, [tiff-dir].
 * Recorded in docs/benchmarks/phantoms.md.
 */
public final class PhantomBenchmark {

    private PhantomBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int size = args.length > 0 ? Integer.parseInt(args[0]) : 512;
        int patients = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        Path tiffDir = args.length > 2 ? Path.of(args[2]) : null;
        // "imageio": write through TiffSlices (TwelveMonkeys ImageIO, LZW) instead of TiffEncoder, for comparison
        boolean imageIo = args.length > 3 && args[3].equals("imageio");
        PhantomGenerator gen = PhantomGenerator.builder().setSeed(11).optSize(size).optThicknesses(5, 5, 5).build();
        // warm-up: one patient's first series
        PhantomPatient warm = gen.patient(1000);
        IntStream.range(0, warm.series().get(0).sliceCount()).parallel().forEach(j -> warm.render(0, j));
        long anatomyNs = 0;
        long renderNs = 0;
        long slices = 0;
        AtomicLong checksum = new AtomicLong();
        for (int i = 0; i < patients; i++) {
            long t0 = System.nanoTime();
            PhantomPatient p = gen.patient(i);
            long t1 = System.nanoTime();
            for (int k = 0; k < 3; k++) {
                int sk = k;
                int n = p.series().get(k).sliceCount();
                IntStream.range(0, n).parallel().forEach(j -> {
                    PhantomSlice s = p.render(sk, j);
                    checksum.addAndGet(s.slice().values()[s.slice().values().length / 2]);
                    if (tiffDir != null) {
                        Path f = tiffDir.resolve(p.id() + "_" + sk + "_" + j + ".tif");
                        if (imageIo) {
                            TiffSlices.write(f, s.slice(), TiffSlices.Compression.LZW);
                            return;
                        }
                        try {
                            AtomicFiles.writeBytes(f, TiffEncoder.encode(s.slice()));
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }
                });
                slices += n;
            }
            long t2 = System.nanoTime();
            anatomyNs += t1 - t0;
            renderNs += t2 - t1;
        }
        if (tiffDir != null) {
            try (var s = Files.list(tiffDir)) {
                s.forEach(f -> f.toFile().delete());
            }
        }
        System.out.printf(Locale.ROOT, "size %d, %d patients, %d slices, %d cores%s: anatomy %.0f ms/patient, "
                        + "slices %.1f/s (%.2f ms each, wall)  [checksum %d]%n", size, patients, slices,
                Runtime.getRuntime().availableProcessors(), tiffDir == null ? "" : imageIo ? ", writing LZW TIFF via ImageIO" : ", writing LZW TIFF via TiffEncoder",
                anatomyNs / 1e6 / patients, slices / (renderNs / 1e9), renderNs / 1e6 / slices, checksum.get());
    }
}
