package org.covidct.core.load;

import org.covidct.core.CovidctException;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Finds the series folders of a tree: folders that directly hold CT slice files (TIFF or DICOM,
 * recognised by content). A tree may be one series folder itself, a patient, or a whole dataset
 * ({@code <group>/<patient>/<SR_k>/IM*.tif}). Hidden files and folders are skipped.
 */
public final class SeriesFolders {
    private SeriesFolders() {
    }

    /**
     * The series folders under {@code root} (root included), ordered by their path relative to root,
     * compared segment by segment.
     */
    public static List<Path> find(Path root) {
        if (!Files.isDirectory(root)) {
            throw new CovidctException(root, Files.exists(root) ? "not a folder" : "no such folder");
        }
        Map<String, Path> found = new TreeMap<>(Comparator.naturalOrder());
        List<Path> out = new ArrayList<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                private final java.util.ArrayDeque<boolean[]> hasSlice = new java.util.ArrayDeque<>();

                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (!dir.equals(root) && hidden(dir)) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    hasSlice.push(new boolean[1]);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    boolean[] flag = hasSlice.peek();
                    if (flag != null && !flag[0] && attrs.isRegularFile() && !hidden(file)
                            && SliceFiles.hasSliceContent(file)) {
                        flag[0] = true;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    if (e != null) {
                        throw e;
                    }
                    if (hasSlice.pop()[0]) {
                        out.add(dir);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new CovidctException(root, "cannot walk folder tree (" + e.getMessage() + ")", e);
        }
        for (Path p : out) {
            found.put(sortKey(root.relativize(p)), p);
        }
        return List.copyOf(found.values());
    }

    /** The folder's path relative to root, '/'-separated, "." for root itself. */
    public static String relativeName(Path root, Path dir) {
        Path rel = root.relativize(dir);
        String s = rel.toString().replace(rel.getFileSystem().getSeparator(), "/");
        return s.isEmpty() ? "." : s;
    }

    private static String sortKey(Path rel) {
        StringBuilder b = new StringBuilder();
        for (Path part : rel) {
            b.append(part).append('\u0000');
        }
        return b.toString();
    }

    private static boolean hidden(Path p) {
        Path name = p.getFileName();
        return name != null && name.toString().startsWith(".");
    }
}
