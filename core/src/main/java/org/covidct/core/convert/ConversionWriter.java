package org.covidct.core.convert;

import org.covidct.core.CovidctException;
import org.covidct.core.convert.ConversionPlan.SeriesPlan;
import org.covidct.core.dicom.DicomFile;
import org.covidct.core.dicom.DicomImage;
import org.covidct.core.io.AtomicFiles;
import org.covidct.core.io.OutputFolders;
import org.covidct.core.series.SliceSource;
import org.covidct.core.tiff.TiffSlices;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Carries out a {@link ConversionPlan} under an output root: each series' slices are decoded and written
 * as LZW TIFFs in parallel into a hidden staging folder beside the series' final place, which is moved
 * into place whole once every slice is written, or removed with everything in it when one slice fails.
 * CSVs are written atomically. Problems are reported without input paths (see
 * {@link DicomConverter#withoutPath}).
 */
final class ConversionWriter {

    /** The series written and the series that failed. */
    record Written(List<DicomConverter.Converted> converted, List<DicomConverter.Failed> failed) {
    }

    private final Path output;
    private final DicomConverter.Progress progress;

    ConversionWriter(Path output, DicomConverter.Progress progress) {
        this.output = output;
        this.progress = progress;
    }

    void prepareOutput() {
        try {
            Files.createDirectories(output);
        } catch (IOException e) {
            throw new CovidctException(output, "cannot create folder (" + e.getMessage() + ")", e);
        }
    }

    Written writeSeries(ForkJoinPool pool, List<SeriesPlan> plans) {
        record Task(int plan, int index) {
        }
        List<Task> tasks = new ArrayList<>();
        Path[] staging = new Path[plans.size()];
        LongAdder[] clipped = new LongAdder[plans.size()];
        LongAdder[] padding = new LongAdder[plans.size()];
        Map<Integer, String> problems = new ConcurrentHashMap<>();
        for (int p = 0; p < plans.size(); p++) {
            SeriesPlan plan = plans.get(p);
            Path patientDir = output.resolve(plan.alias());
            try {
                Files.createDirectories(patientDir);
                staging[p] = Files.createTempDirectory(patientDir, "." + plan.folder() + OutputFolders.CONVERT_STAGING
                        + ProcessHandle.current().pid() + ".");
                AtomicFiles.makeReadable(staging[p]);
            } catch (IOException e) {
                throw new CovidctException(patientDir, "cannot create folder (" + e.getMessage() + ")", e);
            }
            clipped[p] = new LongAdder();
            padding[p] = new LongAdder();
            for (int i = 0; i < plan.series().size(); i++) {
                tasks.add(new Task(p, i));
            }
        }
        progress.begin("convert", tasks.size());
        try {
            DicomConverter.inPool(pool, () -> {
                tasks.parallelStream().forEach(t -> {
                    if (!problems.containsKey(t.plan())) {
                        SliceSource src = plans.get(t.plan()).series().slices().get(t.index());
                        String name = SeriesPlan.sliceName(t.index());
                        try {
                            DicomImage.Conversion c = DicomFile.read(src.file()).toCovidCt(name);
                            TiffSlices.write(staging[t.plan()].resolve(name), c.slice(), TiffSlices.Compression.LZW);
                            clipped[t.plan()].add(c.clipped());
                            padding[t.plan()].add(c.padding());
                        } catch (CovidctException e) {
                            problems.putIfAbsent(t.plan(), "slice " + (t.index() + 1) + " of "
                                    + plans.get(t.plan()).series().size() + ": " + DicomConverter.withoutPath(e));
                        }
                    }
                    progress.step();
                });
                return null;
            });
        } finally {
            progress.end();
        }
        List<DicomConverter.Converted> converted = new ArrayList<>();
        List<DicomConverter.Failed> failed = new ArrayList<>();
        for (int p = 0; p < plans.size(); p++) {
            SeriesPlan plan = plans.get(p);
            String problem = problems.get(p);
            if (problem == null) {
                problem = moveIntoPlace(staging[p], output.resolve(plan.alias()).resolve(plan.folder()));
            }
            if (problem != null) {
                deleteTree(staging[p]);
                failed.add(new DicomConverter.Failed(plan.path(), problem));
                continue;
            }
            converted.add(new DicomConverter.Converted(plan.alias(), plan.folder(), plan.series().size(),
                    plan.first().columns(), plan.first().rows(), clipped[p].sum(), padding[p].sum()));
        }
        removeEmptyPatientFolders(plans);
        return new Written(converted, failed);
    }

    /** Null once the staged series replaced its target, else the problem. */
    private static String moveIntoPlace(Path staged, Path target) {
        try {
            if (Files.exists(target)) {
                deleteTree(target); // only reachable with overwrite: the output was checked empty
            }
            Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
            return null;
        } catch (IOException e) {
            return "cannot move the finished series into place (" + e.getMessage() + ")";
        }
    }

    /** Patient folders left empty by failed series. */
    private void removeEmptyPatientFolders(List<SeriesPlan> plans) {
        for (SeriesPlan plan : plans) {
            Path dir = output.resolve(plan.alias());
            try (Stream<Path> s = Files.list(dir)) {
                if (s.findAny().isEmpty()) {
                    Files.delete(dir);
                }
            } catch (IOException ignored) {
                // already removed, or not empty
            }
        }
    }

    /** Writes rows as CSV (LF line ends, quotes only where a cell needs them), atomically. */
    static void writeCsv(Path file, List<List<String>> rows) {
        try {
            AtomicFiles.writeText(file, w -> {
                for (List<String> row : rows) {
                    csvRow(w, row);
                }
            });
        } catch (IOException e) {
            throw new CovidctException(file, "cannot write (" + e.getMessage() + ")", e);
        }
    }

    private static void csvRow(Writer w, List<String> cells) throws IOException {
        w.write(cells.stream().map(ConversionWriter::csvCell).collect(Collectors.joining(",")));
        w.write('\n');
    }

    private static String csvCell(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new CovidctException(dir, "cannot remove (" + e.getMessage() + ")", e);
        }
    }
}
