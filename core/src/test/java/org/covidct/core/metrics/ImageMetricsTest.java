package org.covidct.core.metrics;

import org.covidct.core.CovidctException;
import org.covidct.core.dataset.ClassLabel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.covidct.core.dataset.ClassLabel.COVID;
import static org.covidct.core.dataset.ClassLabel.NORMAL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageMetricsTest {

    @TempDir
    Path tmp;

    /** Paired label lists with the given cell counts, shuffled so the counting cannot rely on order. */
    static ImageMetrics metrics(String model, int fold, int covidAsCovid, int covidAsNormal, int normalAsCovid,
                                int normalAsNormal) {
        List<ClassLabel[]> pairs = new ArrayList<>();
        for (int i = 0; i < covidAsCovid; i++) {
            pairs.add(new ClassLabel[]{COVID, COVID});
        }
        for (int i = 0; i < covidAsNormal; i++) {
            pairs.add(new ClassLabel[]{COVID, NORMAL});
        }
        for (int i = 0; i < normalAsCovid; i++) {
            pairs.add(new ClassLabel[]{NORMAL, COVID});
        }
        for (int i = 0; i < normalAsNormal; i++) {
            pairs.add(new ClassLabel[]{NORMAL, NORMAL});
        }
        Collections.shuffle(pairs, new Random(fold));
        return ImageMetrics.of(model, fold, pairs.stream().map(p -> p[0]).toList(), pairs.stream().map(p -> p[1]).toList());
    }

    @Test
    void countsAndRatiosFollowThePublishedDefinitions() {
        // 10 covid slices (8 right), 40 normal slices (37 right)
        ImageMetrics m = metrics("fpn", 1, 8, 2, 3, 37);
        assertEquals(45, m.tp());
        assertEquals(5, m.fp());
        assertEquals(8, m.ctp());
        assertEquals(2, m.cfn());
        assertEquals(3, m.cfp());
        assertEquals(37, m.ntp());
        assertEquals(3, m.nfn());
        assertEquals(2, m.nfp());
        assertEquals(45.0 / 50, m.overallAcc());
        assertEquals(45.0 / 50, m.cacc());
        assertEquals(45.0 / 50, m.nacc());
        assertEquals(8.0 / 10, m.csens());
        assertEquals(37.0 / 40, m.nsens());
        assertEquals(37.0 / 40, m.cspec()); // ctn = ntp
        assertEquals(8.0 / 10, m.nspec()); // ntn = ctp
        assertEquals(8.0 / 11, m.cprec());
        assertEquals(37.0 / 39, m.nprec());
        assertEquals(ConfusionMatrix.of(8, 2, 3, 37), m.matrix());
    }

    @Test
    void zeroDenominatorsAreNaNAndEmptyCells() throws IOException {
        // a test set without COVID slices: COVID sensitivity is undefined, COVID precision is 0 of 1
        ImageMetrics noCovid = metrics("x", 2, 0, 0, 1, 5);
        assertTrue(Double.isNaN(noCovid.csens()));
        assertEquals(0.0, noCovid.cprec());
        assertEquals(5.0 / 6, noCovid.cspec());
        assertTrue(Double.isNaN(noCovid.nspec()));
        ImageMetrics empty = ImageMetrics.of("x", 3, List.of(), List.of());
        assertTrue(Double.isNaN(empty.overallAcc()));
        Path csv = tmp.resolve("fold2.csv");
        MetricsCsv.writeFolds(csv, List.of(noCovid));
        assertEquals("model_name,fold_num,tp,fp,ctp,cfn,cfp,ntp,nfn,nfp,overall_acc,cacc,nacc,csens,nsens,cspec,nspec,"
                + "cprec,nprec\r\nx,2,5,1,0,0,1,5,1,0,0.8333333333333334,0.8333333333333334,0.8333333333333334,,"
                + "0.8333333333333334,0.8333333333333334,,0.0,1.0\r\n", Files.readString(csv));
    }

    @Test
    void foldCsvHasExactlyThePublishedColumnsAndReadsBack() throws IOException {
        ImageMetrics a = metrics("ResNet50V2 + FPN", 1, 8, 2, 3, 37);
        ImageMetrics b = metrics("ResNet50V2 + FPN", 2, 10, 0, 1, 9999);
        Path csv = tmp.resolve("folds.csv");
        MetricsCsv.writeFolds(csv, List.of(a, b));
        List<String> lines = Files.readAllLines(csv);
        // ratios as Python's repr prints them (checked with python3: repr(10009/10010), repr(8/11), ...)
        assertEquals(String.join(",", ImageMetrics.COLUMNS), lines.get(0));
        assertEquals("ResNet50V2 + FPN,1,45,5,8,2,3,37,3,2,0.9,0.9,0.9,0.8,0.925,0.925,0.8,0.7272727272727273,"
                + "0.9487179487179487", lines.get(1));
        assertEquals("ResNet50V2 + FPN,2,10009,1,10,0,1,9999,1,0,0.9999000999000999,0.9999000999000999,"
                + "0.9999000999000999,1.0,0.9999,0.9999,1.0,0.9090909090909091,1.0", lines.get(2));
        assertEquals(List.of(a, b), MetricsCsv.readFolds(csv));
    }

    @Test
    void inconsistentOrMalformedRowsAreErrors() throws IOException {
        Path csv = tmp.resolve("bad.csv");
        Files.writeString(csv, String.join(",", ImageMetrics.COLUMNS) + "\nm,1,46,5,8,2,3,37,3,2,,,,,,,,,\n");
        CovidctException e = assertThrows(CovidctException.class, () -> MetricsCsv.readFolds(csv));
        assertEquals(csv + ": line 2: tp/fp/nfn/nfp disagree with ctp,cfn,cfp,ntp", e.getMessage());
        Files.writeString(csv, String.join(",", ImageMetrics.COLUMNS) + "\nm,1,45,5,8,2,x,37,3,2,,,,,,,,,\n");
        assertTrue(assertThrows(CovidctException.class, () -> MetricsCsv.readFolds(csv)).getMessage()
                .startsWith(csv + ": line 2: a count is not a whole number"));
        assertThrows(IllegalArgumentException.class, () -> ImageMetrics.of("m", 1, List.of(COVID), List.of()));
    }

    @Test
    void fiveFoldAverageIsTheMeanOfFoldFiguresInThePapersLayout() throws IOException {
        List<ImageMetrics> folds = List.of(metrics("fpn", 1, 8, 2, 3, 37), metrics("fpn", 2, 9, 1, 0, 40),
                metrics("fpn", 3, 0, 0, 2, 38));
        FoldAverage avg = FoldAverage.of("ResNet50V2 + FPN", folds);
        // overall: 0.9, 49/50, 38/40; COVID sensitivity: 0.8, 0.9 and undefined in fold 3; normal: 37/40, 1, 38/40
        assertEquals(100 * (0.9 + 0.98 + 0.95) / 3, avg.imageAccPct(), 1e-12);
        assertEquals(85.0, avg.covidSensPct(), 1e-12);
        assertEquals(100 * (0.925 + 1 + 0.95) / 3, avg.normalSensPct(), 1e-12);
        Path csv = tmp.resolve("average.csv");
        MetricsCsv.writeAverages(csv, List.of(avg));
        assertEquals("model,image acc %,COVID sens %,normal sens %\r\nResNet50V2 + FPN,94.33,85.00,95.83\r\n",
                Files.readString(csv));
        assertEquals("| model | image acc % | COVID sens % | normal sens % |\n|---|---|---|---|\n"
                + "| ResNet50V2 + FPN | 94.33 | 85.00 | 95.83 |\n", FoldAverage.toMarkdown(List.of(avg)));
    }

    @Test
    void confusionMatrixCsvAndPooling() {
        ConfusionMatrix m = ConfusionMatrix.of(8, 2, 3, 37);
        assertEquals("truth\\predicted,covid,normal\ncovid,8,2\nnormal,3,37\n", m.toCsv());
        // every cell non-zero on both sides: each cell is its own sum
        assertEquals(ConfusionMatrix.of(9, 6, 8, 40), m.plus(ConfusionMatrix.of(1, 4, 5, 3)));
        assertEquals(ConfusionMatrix.of(9, 6, 8, 40), ConfusionMatrix.of(1, 4, 5, 3).plus(m));
        assertEquals(10, m.support(COVID));
        assertEquals(40, m.support(NORMAL));
        assertEquals(50, m.total());
        assertEquals(45, m.correct());
    }

    @Test
    void matricesAndMetricsAreEqualOnlyWhenEveryPartIs() {
        ConfusionMatrix m = ConfusionMatrix.of(8, 2, 3, 37);
        assertEquals(ConfusionMatrix.of(8, 2, 3, 37), m);
        assertEquals(ConfusionMatrix.of(8, 2, 3, 37).hashCode(), m.hashCode());
        // each cell alone makes a difference (and spreads the hash)
        for (ConfusionMatrix other : List.of(ConfusionMatrix.of(9, 2, 3, 37), ConfusionMatrix.of(8, 1, 3, 37),
                ConfusionMatrix.of(8, 2, 4, 37), ConfusionMatrix.of(8, 2, 3, 36))) {
            assertNotEquals(m, other, other.toString());
            assertNotEquals(m.hashCode(), other.hashCode(), other.toString());
        }
        assertNotEquals(m, ConfusionMatrix.of(8, 3, 2, 37), "transposed");
        assertNotEquals(m, "ConfusionMatrix[covid->covid=8, covid->normal=2, normal->covid=3, normal->normal=37]");
        assertEquals("ConfusionMatrix[covid->covid=8, covid->normal=2, normal->covid=3, normal->normal=37]", m.toString());

        ImageMetrics a = ImageMetrics.of("fpn", 1, m);
        assertEquals(ImageMetrics.of("fpn", 1, ConfusionMatrix.of(8, 2, 3, 37)), a);
        assertEquals(ImageMetrics.of("fpn", 1, ConfusionMatrix.of(8, 2, 3, 37)).hashCode(), a.hashCode());
        for (ImageMetrics other : List.of(ImageMetrics.of("xception", 1, m), ImageMetrics.of("fpn", 2, m),
                ImageMetrics.of("fpn", 1, ConfusionMatrix.of(8, 2, 3, 36)))) {
            assertNotEquals(a, other, other.toString());
            assertNotEquals(a.hashCode(), other.hashCode(), other.toString());
        }
        assertNotEquals(a, m);
        assertEquals("ImageMetrics[fpn fold 1, " + m + "]", a.toString());
    }

    @Test
    void badCountsAndUnpairedLabelsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> ConfusionMatrix.of(-1, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> ConfusionMatrix.of(0, -1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> ConfusionMatrix.of(0, 0, -1, 0));
        assertThrows(IllegalArgumentException.class, () -> ConfusionMatrix.of(0, 0, 0, -1));
        assertEquals(ConfusionMatrix.of(0, 0, 0, 0).total(), 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConfusionMatrix.of(List.of(COVID, NORMAL), List.of(COVID)));
        assertEquals("2 true labels but 1 predictions", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ImageMetrics.of("fpn", 1, ConfusionMatrix.of(1, 0, 0, 1))
                .value("no_such_column"));
    }
}
