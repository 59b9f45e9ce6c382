package org.covidct.core.metrics;

import org.covidct.core.dataset.ClassLabel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.covidct.core.dataset.ClassLabel.COVID;
import static org.covidct.core.dataset.ClassLabel.NORMAL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RocTest {

    @Test
    void tiedScoresFormOnePointAndCountHalfInTheArea() {
        // covid 0.9, 0.7, 0.5; normal 0.7, 0.3. Pairs covid>normal: 1+1, 0.5+1, 0+1 = 4.5 of 6
        Roc roc = Roc.of(List.of(COVID, NORMAL, COVID, COVID, NORMAL), new double[]{0.9, 0.7, 0.7, 0.5, 0.3});
        assertEquals(0.75, roc.auc(), 1e-15);
        assertEquals(List.of(new Roc.Point(Double.POSITIVE_INFINITY, 0, 0), new Roc.Point(0.9, 0, 1.0 / 3),
                new Roc.Point(0.7, 0.5, 2.0 / 3), new Roc.Point(0.5, 0.5, 1), new Roc.Point(0.3, 1, 1)), roc.points());
        // input order must not matter, tie order included
        Roc reordered = Roc.of(List.of(NORMAL, COVID, NORMAL, COVID, COVID), new double[]{0.3, 0.5, 0.7, 0.7, 0.9});
        assertEquals(roc.points(), reordered.points());
    }

    @Test
    void aucEqualsTheMannWhitneyStatisticOnRandomTiedScores() {
        Random rng = new Random(5);
        for (int trial = 0; trial < 20; trial++) {
            int n = 50 + rng.nextInt(100);
            List<ClassLabel> truth = new ArrayList<>();
            double[] scores = new double[n];
            for (int i = 0; i < n; i++) {
                ClassLabel c = rng.nextDouble() < 0.3 ? COVID : NORMAL;
                truth.add(c);
                // coarse scores so ties are frequent; covid a little higher on average
                scores[i] = Math.min(1, Math.round((rng.nextDouble() + (c == COVID ? 0.3 : 0)) * 10) / 10.0);
            }
            double wins = 0;
            long pairs = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    if (truth.get(i) == COVID && truth.get(j) == NORMAL) {
                        pairs++;
                        wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
                    }
                }
            }
            assertEquals(wins / pairs, Roc.of(truth, scores).auc(), 1e-12, "trial " + trial);
        }
    }

    @Test
    void perfectInvertedAndOneClassCases() {
        assertEquals(1.0, Roc.of(List.of(COVID, NORMAL), new double[]{0.8, 0.2}).auc());
        assertEquals(0.0, Roc.of(List.of(COVID, NORMAL), new double[]{0.2, 0.8}).auc());
        assertEquals(0.5, Roc.of(List.of(COVID, NORMAL), new double[]{0.4, 0.4}).auc());
        Roc oneClass = Roc.of(List.of(NORMAL, NORMAL), new double[]{0.1, 0.2});
        assertTrue(Double.isNaN(oneClass.auc()));
        assertEquals(List.of(), oneClass.points());
        assertThrows(IllegalArgumentException.class, () -> Roc.of(List.of(COVID), new double[]{Double.NaN}));
        assertThrows(IllegalArgumentException.class, () -> Roc.of(List.of(COVID), new double[0]));
    }

    @Test
    void writesThePointsAsCsv(@TempDir Path tmp) throws IOException {
        Path csv = tmp.resolve("roc.csv");
        Roc.of(List.of(COVID, NORMAL, COVID), new double[]{0.9, 0.25, 0.25}).writeCsv(csv);
        assertEquals("threshold,fpr,tpr\r\ninf,0.0,0.0\r\n0.9,0.0,0.5\r\n0.25,1.0,1.0\r\n", Files.readString(csv));
    }
}
