package org.covidct.core.load;

import org.covidct.core.CovidctException;
import org.covidct.core.dicom.DicomFile;
import org.covidct.core.dicom.DicomHeader;
import org.covidct.core.image.CtSlice;
import org.covidct.core.series.Series;
import org.covidct.core.series.SliceSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * DICOM series folders. A folder's files are grouped by SeriesInstanceUID (headers only are read) and
 * each series is ordered by InstanceNumber, then position along the slice normal, then file name.
 * Slices decode to the COVID-CTset convention (stored * slope + intercept + 1024, clipped to 0..65535).
 */
public final class DicomSeries {
    private DicomSeries() {
    }

    /** One file's header with what ordering and grouping need. */
    public record Slice(Path file, DicomHeader header) {
    }

    /** Comparator of the sweep order: InstanceNumber, then position along the normal, then file name. */
    public static final Comparator<Slice> SWEEP_ORDER = Comparator
            .comparing((Slice s) -> s.header().instanceNumber(), Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(s -> s.header().positionAlongNormal(), Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(s -> s.file().getFileName().toString());

    /**
     * Opens the one image series of a folder. When the folder holds several series, the axial CT
     * image series is chosen if there is exactly one; otherwise the error lists the series found
     * (by SeriesNumber, modality and slice count: nothing identifying).
     */
    public static Series open(Path dir) {
        List<Series> all = openAll(dir);
        if (all.size() == 1) {
            return all.get(0);
        }
        List<Series> axialCt = new ArrayList<>();
        for (Series s : all) {
            DicomHeader h = ((DicomSliceSource) s.slices().get(0)).header();
            if ("CT".equals(h.modality()) && h.isAxial()) {
                axialCt.add(s);
            }
        }
        if (axialCt.size() == 1) {
            return axialCt.get(0);
        }
        String list = all.stream().map(s -> {
            DicomHeader h = ((DicomSliceSource) s.slices().get(0)).header();
            return s.label() + " (" + (h.modality() == null ? "?" : h.modality()) + ", " + s.size() + " slices"
                    + (h.isAxial() ? ", axial" : "") + ")";
        }).collect(Collectors.joining(", "));
        throw new CovidctException(dir, "holds " + all.size() + " DICOM series, open one folder per series: " + list);
    }

    /** Every image series of a folder (not its subfolders), in SeriesNumber order. */
    public static List<Series> openAll(Path dir) {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted().toList();
        } catch (IOException e) {
            throw new CovidctException(dir, "cannot list folder (" + e.getMessage() + ")", e);
        }
        List<Slice> slices = new ArrayList<>();
        for (Path f : files) {
            if (!looksLikeDicom(f)) {
                continue;
            }
            DicomHeader h = DicomFile.readHeader(f).compact();
            if (h.hasPixelData()) {
                slices.add(new Slice(f, h));
            }
        }
        if (slices.isEmpty()) {
            throw new CovidctException(dir, "no DICOM images in this folder");
        }
        return group(dir, slices);
    }

    /** Groups headers by SeriesInstanceUID (files without one form one group) and orders each series. */
    public static List<Series> group(Path dir, List<Slice> slices) {
        Map<String, List<Slice>> bySeries = new LinkedHashMap<>();
        for (Slice s : slices) {
            String uid = s.header().seriesInstanceUid();
            bySeries.computeIfAbsent(uid == null ? "" : uid, k -> new ArrayList<>()).add(s);
        }
        List<Series> out = new ArrayList<>();
        for (List<Slice> group : bySeries.values()) {
            out.add(toSeries(dir, group));
        }
        out.sort(Comparator.comparing((Series s) -> seriesNumber(s), Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(Series::size));
        return out;
    }

    /** One ordered series from the slices of one SeriesInstanceUID. */
    public static Series toSeries(Path dir, List<Slice> group) {
        List<Slice> ordered = new ArrayList<>(group);
        ordered.sort(SWEEP_ORDER);
        Integer number = ordered.get(0).header().seriesNumber();
        String label = "SR_" + (number == null ? "unnumbered" : number);
        return new Series(dir, label, ordered.stream().map(s -> (SliceSource) new DicomSliceSource(s)).toList());
    }

    private static Integer seriesNumber(Series s) {
        return ((DicomSliceSource) s.slices().get(0)).header().seriesNumber();
    }

    /** The header a DICOM slice source was ordered by (null for other sources). */
    public static DicomHeader headerOf(SliceSource source) {
        return source instanceof DicomSliceSource d ? d.header() : null;
    }

    /**
     * True when the file's content looks like DICOM (the "DICM" marker at byte 128, or a data set at
     * byte 0 for files without preamble). The name does not matter.
     */
    public static boolean looksLikeDicom(Path file) {
        return DicomFile.looksLikeDicom(file);
    }

    private static final class DicomSliceSource implements SliceSource {
        private final Slice slice;

        DicomSliceSource(Slice slice) {
            this.slice = slice;
        }

        DicomHeader header() {
            return slice.header();
        }

        @Override
        public String name() {
            return slice.file().getFileName().toString();
        }

        @Override
        public Path file() {
            return slice.file();
        }

        @Override
        public CtSlice read() {
            return DicomFile.read(slice.file()).toCtSlice(name());
        }

        @Override
        public CtSlice readRegion(java.awt.Rectangle region) {
            return DicomFile.readRegion(slice.file(), region, name());
        }

        @Override
        public CtSlice readRegion(RegionRule rule) {
            // the header already gives the size: the region read can skip what it does not cover
            return readRegion(rule.regionFor(slice.header().columns(), slice.header().rows()));
        }
    }
}
