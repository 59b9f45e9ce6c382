package org.covidct.nn.train;

import ai.djl.ndarray.NDManager;
import org.covidct.core.image.CtSlice;
import org.covidct.core.tiff.TiffSlices;
import org.covidct.nn.data.Augmenter;
import org.covidct.nn.data.BatchLoader;
import org.covidct.nn.data.LabelledFile;
import org.covidct.nn.data.SliceDecoder;
import org.covidct.nn.model.Architecture;
import org.covidct.nn.model.ModelConfig;
import org.covidct.nn.model.Networks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Training keeps no array alive from batch to batch: with the paper's ResNet50V2 (CPU-sized) the number of
 * live NDArrays (weights, BatchNorm statistics, optimizer state) is the same after every epoch, BatchNorm
 * recalibration before each validation included.
 */
class TrainingMemoryTest {

    private static final int SIZE = 64;

    /** Every array of the process: the engine's system manager holds all managers (counted recursively). */
    private static int liveArrays() {
        try (NDManager probe = NDManager.newBaseManager("PyTorch")) {
            return probe.getParentManager().getManagedArrays().size();
        }
    }

    @Test
    void liveArraysDoNotGrowFromEpochToEpoch(@TempDir Path dir) {
        Random rng = new Random(2);
        List<LabelledFile> files = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            short[] v = new short[SIZE * SIZE];
            for (int p = 0; p < v.length; p++) {
                v[p] = (short) (100 + rng.nextInt(200) + (i % 2 == 0 ? 300 : 0));
            }
            Path file = dir.resolve("s" + i + ".tif");
            TiffSlices.write(file, new CtSlice(SIZE, SIZE, v, "s" + i), TiffSlices.Compression.NONE);
            files.add(new LabelledFile(file, i % 2));
        }
        List<Integer> liveAfterEpoch = new ArrayList<>();
        SliceDecoder decoder = new SliceDecoder(SIZE);
        try (BatchLoader train = BatchLoader.builder().setSamples(files.subList(0, 8)).setBatchSize(4)
                .setDecoder(decoder).optAugmenter(Augmenter.paper()).optShuffle(true, 1).build();
             BatchLoader validation = BatchLoader.builder().setSamples(files.subList(8, 12)).setBatchSize(2)
                     .setDecoder(decoder).build();
             BatchLoader recalibration = BatchLoader.builder().setSamples(files.subList(0, 6)).setBatchSize(4)
                     .setDecoder(decoder).build()) {
            FoldTrainer.builder()
                    .setBlock(Networks.build(new ModelConfig(Architecture.RESNET50V2, SIZE, 0.0625)), SIZE)
                    .setData(train, validation).setRunDir(dir.resolve("run")).setFingerprint("memory")
                    .optEpochs(4).optLearningRate(1e-3f).optSeed(1)
                    .setBestWeightsSink((block, record) -> { })
                    .optBatchNormRecalibration(recalibration) // its forward passes keep nothing either
                    .optListener(new TrainingListener() {
                        @Override
                        public void epochFinished(EpochRecord record) {
                            liveAfterEpoch.add(liveArrays());
                        }
                    })
                    .build().run();
        }
        assertEquals(4, liveAfterEpoch.size());
        System.out.println("live arrays after each epoch: " + liveAfterEpoch);
        // the count sees the model: weights + BatchNorm statistics + Nadam's two moments per trained weight
        assertTrue(liveAfterEpoch.get(1) > 500, "live arrays per epoch: " + liveAfterEpoch);
        // epoch 1 creates the optimizer state; from then on nothing may accumulate
        assertEquals(liveAfterEpoch.get(1), liveAfterEpoch.get(2), "live arrays per epoch: " + liveAfterEpoch);
        assertEquals(liveAfterEpoch.get(1), liveAfterEpoch.get(3), "live arrays per epoch: " + liveAfterEpoch);
    }
}
