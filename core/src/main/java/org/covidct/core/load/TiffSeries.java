package org.covidct.core.load;

import org.covidct.core.CovidctException;
import org.covidct.core.image.CtSlice;
import org.covidct.core.series.Series;
import org.covidct.core.series.SliceSource;
import org.covidct.core.tiff.TiffSlices;

import java.awt.Rectangle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** A series folder of 16-bit TIFF slices, ordered by file name as the COVID-CTset tools do. */
public final class TiffSeries {
    private TiffSeries() {
    }

    public static boolean isTiffName(Path p) {
        String n = p.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return n.endsWith(".tif") || n.endsWith(".tiff");
    }

    public static Series open(Path dir) {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(Files::isRegularFile).filter(TiffSeries::isTiffName).sorted(
                    (a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString())).toList();
        } catch (IOException e) {
            throw new CovidctException(dir, "cannot list folder (" + e.getMessage() + ")", e);
        }
        if (files.isEmpty()) {
            throw new CovidctException(dir, "no TIFF slices in this folder");
        }
        return new Series(dir, dir.getFileName() == null ? dir.toString() : dir.getFileName().toString(),
                files.stream().map(TiffSeries::source).toList());
    }

    public static SliceSource source(Path file) {
        return new SliceSource() {
            @Override
            public String name() {
                return file.getFileName().toString();
            }

            @Override
            public Path file() {
                return file;
            }

            @Override
            public CtSlice read() {
                return TiffSlices.read(file);
            }

            @Override
            public CtSlice readRegion(Rectangle region) {
                return TiffSlices.readRegion(file, region);
            }

            @Override
            public CtSlice readRegion(RegionRule rule) {
                return TiffSlices.readRegion(file, rule::regionFor);
            }

            @Override
            public int countBelow(RegionRule rule, int below) {
                return TiffSlices.countBelow(file, rule::regionFor, below);
            }
        };
    }
}
