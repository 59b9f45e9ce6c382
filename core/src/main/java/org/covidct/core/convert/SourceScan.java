package org.covidct.core.convert;

import org.covidct.core.CovidctException;
import org.covidct.core.dicom.DicomFile;
import org.covidct.core.load.DicomSeries;

import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ForkJoinPool;

/**
 * The first step of a conversion: every file below the source, sorted, sniffed and, when DICOM, read as
 * far as its header (never its pixels), in parallel.
 *
 * @param images     headers of the files that hold pixel data
 * @param nonDicom   files that are not DICOM
 * @param nonImage   DICOM files without pixel data (reports, structured data...)
 * @param unreadable problems (without file names) to how many files had each
 */
record SourceScan(List<DicomSeries.Slice> images, int nonDicom, int nonImage, Map<String, Integer> unreadable) {

    static SourceScan run(Path source, ForkJoinPool pool, DicomConverter.Progress progress) {
        Map<String, Integer> unreadable = new TreeMap<>();
        List<Path> files = listFiles(source, unreadable);
        progress.begin("scan", files.size());
        Object[] scanned = DicomConverter.inPool(pool, () -> files.parallelStream().map(f -> {
            Object r = scan(f);
            progress.step();
            return r;
        }).toArray());
        progress.end();
        int nonDicom = 0;
        int nonImage = 0;
        List<DicomSeries.Slice> images = new ArrayList<>();
        for (Object o : scanned) {
            if (o == null) {
                nonDicom++;
            } else if (o instanceof String problem) {
                unreadable.merge(problem, 1, Integer::sum);
            } else {
                DicomSeries.Slice sl = (DicomSeries.Slice) o;
                if (sl.header().hasPixelData()) {
                    images.add(sl);
                } else {
                    nonImage++;
                }
            }
        }
        return new SourceScan(images, nonDicom, nonImage, unreadable);
    }

    /**
     * Regular, non-hidden files below the source, sorted; entries that cannot be opened (permissions,
     * link loops) are counted as problems, not named: a folder name may be a patient's name.
     */
    private static List<Path> listFiles(Path source, Map<String, Integer> unreadable) {
        List<Path> files = new ArrayList<>();
        try {
            Files.walkFileTree(source, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
                    new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                            boolean hidden = !dir.equals(source) && dir.getFileName().toString().startsWith(".");
                            return hidden ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                            if (attrs.isRegularFile() && !file.getFileName().toString().startsWith(".")) {
                                files.add(file);
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path file, IOException e) {
                            unreadable.merge("cannot open (" + e.getClass().getSimpleName() + ")", 1, Integer::sum);
                            return FileVisitResult.CONTINUE;
                        }
                    });
        } catch (IOException e) {
            throw new CovidctException(source, "cannot walk folder (" + e.getClass().getSimpleName() + ")", e);
        }
        files.sort(null);
        return files;
    }

    /** A Slice, null (not DICOM) or the problem without the file name. */
    private static Object scan(Path f) {
        if (!DicomFile.looksLikeDicom(f)) {
            return null;
        }
        try {
            return new DicomSeries.Slice(f, DicomFile.readHeader(f).compact());
        } catch (CovidctException e) {
            return DicomConverter.withoutPath(e);
        }
    }
}
