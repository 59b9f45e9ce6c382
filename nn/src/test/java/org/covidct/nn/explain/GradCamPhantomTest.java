package org.covidct.nn.explain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.covidct.core.dataset.ClassLabel;
import org.covidct.core.dataset.FlatName;
import org.covidct.core.dataset.FoldSet;
import org.covidct.core.dataset.LabelledSlice;
import org.covidct.core.image.TiffSlices;
import org.covidct.core.phantom.PhantomGenerator;
import org.covidct.core.phantom.PhantomPatient;
import org.covidct.core.phantom.PhantomSlice;
import org.covidct.core.phantom.Tissue;
import org.covidct.nn.infer.SliceTensors;
import org.covidct.nn.model.Architecture;
import org.covidct.nn.model.ModelConfig;
import org.covidct.nn.run.LoadedRun;
import org.covidct.nn.run.RunDir;
import org.covidct.nn.train.TrainingData;
import org.covidct.nn.train.TrainingJob;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Must-show: for an FPN trained on phantoms, the Grad-CAM maximum on an unseen phantom slice with exactly
 * one lesion lies inside that lesion.
 *
 * <p>The target layer (post_relu) has stride 32, so a map can only point to within one 32-pixel cell. The
 * probe lesion is therefore as large as that resolution needs (radius three quarters of a cell, 24 px at
 * 256) and sits where the lung has room for it; smaller lesions are below what the map can resolve.
 */
class GradCamPhantomTest {

    private static final int SIZE = 256;
    private static final int TRAIN_PATIENTS = 16;
    private static final int VALIDATION_PATIENTS = 4;

    @TempDir
    Path tmp;

    @Test
    void heatmapMaximumLiesInTheLesion() {
        PhantomGenerator gen = PhantomGenerator.builder().setSeed(2024).optSize(SIZE).optCovidFraction(0.5).build();
        List<LabelledSlice> train = new ArrayList<>();
        List<LabelledSlice> validation = new ArrayList<>();
        Path flat = tmp.resolve("flat");
        for (int i = 0; i < TRAIN_PATIENTS + VALIDATION_PATIENTS; i++) {
            List<LabelledSlice> part = i < TRAIN_PATIENTS ? train : validation;
            part.addAll(writeSlices(gen.patient(i), flat));
        }
        TrainingData data = new TrainingData(flat, new FoldSet(1, train, validation, List.of()));
        Path run = tmp.resolve("run");
        TrainingJob.builder().setData(data).setModel(new ModelConfig(Architecture.FPN, SIZE, 0.125)).setOut(run)
                .optEpochs(4).optBatchSize(14, 10).optLearningRate(1e-3f).optSeed(7).build().run();

        // an unseen normal person with one lesion placed where the right lung has room for it
        int probePatient = firstNormalFrom(gen, TRAIN_PATIENTS + VALIDATION_PATIENTS);
        PhantomSlice reference = gen.singleLesionSlice(probePatient);
        int[] centre = roomiestLungPoint(reference);
        double radius = Math.min(24, centre[2] - 2);
        assertTrue(radius >= 16, "the lung has room for a lesion the map can resolve: " + radius);
        PhantomSlice probe = gen.singleLesionSlice(probePatient, 0.55, centre[0], centre[1], radius, 560);
        assertTrue(probe.lesionPixels() > 600, "one sizeable lesion: " + probe.lesionPixels());

        try (NDManager m = NDManager.newBaseManager()) {
            LoadedRun loaded = RunDir.load(run, m);
            NDArray x = SliceTensors.toTensor(m, List.of(probe.slice()), SIZE);
            Heatmap h = GradCam.compute(loaded.network(), x, SIZE, SIZE)[0];
            int[] at = h.argMax();
            assertTrue(h.pCovid() > 0.5, "the model calls the lesion slice COVID: p=" + h.pCovid());
            assertTrue(probe.lesionAt(at[0], at[1]), "heatmap maximum at " + at[0] + "," + at[1]
                    + " is outside the lesion centred at " + centre[0] + "," + centre[1] + " (radius " + radius + ")");
        }
    }

    /** The lesion-bearing slices of a COVID phantom, or the open-lung middle of a normal one (SR_2). */
    private static List<LabelledSlice> writeSlices(PhantomPatient p, Path dir) {
        List<LabelledSlice> out = new ArrayList<>();
        int n = p.series().get(0).sliceCount();
        ClassLabel label = p.covid() ? ClassLabel.COVID : ClassLabel.NORMAL;
        for (int k = (int) (n * 0.25); k < (int) (n * 0.8); k += 2) {
            PhantomSlice s = p.render(0, k);
            if (p.covid() && s.lesionPixels() < 40) {
                continue;
            }
            FlatName name = new FlatName(p.covid() ? "covid1" : "normal1", p.id(), "SR_2", String.format("IM%05d", k + 1));
            TiffSlices.write(dir.resolve(name.fileName()), s.slice(), TiffSlices.Compression.NONE);
            out.add(new LabelledSlice(name.fileName(), label));
        }
        return out;
    }

    private static int firstNormalFrom(PhantomGenerator gen, int from) {
        int i = from;
        while (gen.isCovid(i)) {
            i++;
        }
        return i;
    }

    /** {x, y, distance to the nearest non-lung pixel} of the right lung's (image left) deepest point. */
    private static int[] roomiestLungPoint(PhantomSlice s) {
        int w = s.slice().width();
        int h = s.slice().height();
        int inf = 1 << 20;
        int[] d = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                Tissue t = s.tissueAt(x, y);
                d[y * w + x] = (t == Tissue.LUNG || t == Tissue.VESSEL) ? inf : 0;
            }
        }
        // two-pass chessboard distance
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                if (d[i] == 0) {
                    continue;
                }
                int best = d[i];
                if (x > 0) best = Math.min(best, d[i - 1] + 1);
                if (y > 0) best = Math.min(best, d[i - w] + 1);
                if (x > 0 && y > 0) best = Math.min(best, d[i - w - 1] + 1);
                if (x < w - 1 && y > 0) best = Math.min(best, d[i - w + 1] + 1);
                d[i] = best;
            }
        }
        for (int y = h - 1; y >= 0; y--) {
            for (int x = w - 1; x >= 0; x--) {
                int i = y * w + x;
                if (d[i] == 0) {
                    continue;
                }
                int best = d[i];
                if (x < w - 1) best = Math.min(best, d[i + 1] + 1);
                if (y < h - 1) best = Math.min(best, d[i + w] + 1);
                if (x < w - 1 && y < h - 1) best = Math.min(best, d[i + w + 1] + 1);
                if (x > 0 && y < h - 1) best = Math.min(best, d[i + w - 1] + 1);
                d[i] = best;
            }
        }
        int[] best = {0, 0, 0};
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w / 2; x++) {
                if (d[y * w + x] > best[2]) {
                    best = new int[] {x, y, d[y * w + x]};
                }
            }
        }
        return best;
    }
}
