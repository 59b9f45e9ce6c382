package org.covidct.nn.train;

import org.covidct.core.CovidctException;
import org.covidct.core.dataset.FoldSet;
import org.covidct.core.dataset.LabelledSlice;
import org.covidct.core.dataset.SplitDirectory;
import org.covidct.nn.data.LabelledFile;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The slices of one fold: the fold CSVs of a split folder resolved against the folder of slice files
 * (the published flat layout keeps both in one folder).
 *
 * @param imageDir the flat folder of slices
 * @param fold     the fold's CSV rows
 */
public record TrainingData(Path imageDir, FoldSet fold) {

    /** Reads fold {@code k}; the CSVs are looked up in {@code splitDir} (null: the image folder). */
    public static TrainingData open(Path imageDir, Path splitDir, int k) {
        if (!Files.isDirectory(imageDir)) {
            throw new CovidctException(imageDir, Files.exists(imageDir) ? "not a folder" : "no such folder");
        }
        FoldSet fold = SplitDirectory.open(splitDir == null ? imageDir : splitDir).fold(k);
        TrainingData data = new TrainingData(imageDir, fold);
        for (List<LabelledSlice> part : List.of(fold.train(), fold.validation(), fold.test())) {
            for (LabelledSlice s : part) {
                Path file = data.resolve(s);
                if (!Files.isRegularFile(file)) {
                    throw new CovidctException(file, "listed in fold " + k + " but missing");
                }
            }
        }
        return data;
    }

    public Path resolve(LabelledSlice slice) {
        return imageDir.resolve(slice.filename());
    }

    /**
     * The slices of a part, each with its lesion mask when the folder has one for it ({@code masks/<filename>},
     * as {@code LesionTrainingSet} writes them).
     */
    public List<LabelledFile> files(List<LabelledSlice> part) {
        Path masks = imageDir.resolve(MASKS);
        boolean any = Files.isDirectory(masks);
        return part.stream().map(s -> {
            Path mask = any ? masks.resolve(s.filename()) : null;
            return new LabelledFile(resolve(s), s.label().index(), mask != null && Files.isRegularFile(mask) ? mask : null);
        }).toList();
    }

    /** Whether any slice of the training part has a lesion mask. */
    public boolean hasMasks() {
        return files(fold.train()).stream().anyMatch(f -> f.mask() != null);
    }

    /** The folder of lesion masks beside the slices. */
    public static final String MASKS = "masks";

    /**
     * SHA-256 (hex) of the training and validation file lists: lines {@code part,filename,class} in CSV
     * order. It names the data a model was fitted on without reading the images.
     */
    public String fittingHash() {
        StringBuilder list = new StringBuilder();
        append(list, "train", fold.train());
        append(list, "validation", fold.validation());
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(list.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void append(StringBuilder list, String part, List<LabelledSlice> rows) {
        for (LabelledSlice s : rows) {
            list.append(part).append(',').append(s.filename()).append(',').append(s.label().csvName()).append('\n');
        }
    }
}
