package org.covidct.nn.train;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.nn.core.Linear;
import org.covidct.core.image.CtSlice;
import org.covidct.core.tiff.TiffSlices;
import org.covidct.nn.data.Augmenter;
import org.covidct.nn.data.BatchLoader;
import org.covidct.nn.data.LabelledFile;
import org.covidct.nn.data.SliceDecoder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The training loop on a tiny network and a two-class toy set (class 0: a bright disc of "ground glass"
 * values, class 1: none), written as 16-bit TIFFs so the loader reads from disk as in real use.
 */
class FoldTrainerTest {

    private static final int SIZE = 24;

    @TempDir
    static Path data;
    static List<LabelledFile> train = new ArrayList<>();
    static List<LabelledFile> validation = new ArrayList<>();

    @BeforeAll
    static void writeData() {
        writeDataTo(data);
    }

    static void writeDataTo(Path data) {
        train.clear();
        validation.clear();
        Random rng = new Random(11);
        for (int i = 0; i < 96; i++) {
            int label = i % 2;
            short[] v = new short[SIZE * SIZE];
            int cx = 6 + rng.nextInt(12);
            int cy = 6 + rng.nextInt(12);
            for (int y = 0; y < SIZE; y++) {
                for (int x = 0; x < SIZE; x++) {
                    int value = 150 + rng.nextInt(100);
                    if (label == 0 && (x - cx) * (x - cx) + (y - cy) * (y - cy) <= 16) {
                        value = 500 + rng.nextInt(200);
                    }
                    v[y * SIZE + x] = (short) value;
                }
            }
            Path file = data.resolve("s" + i + ".tif");
            TiffSlices.write(file, new CtSlice(SIZE, SIZE, v, file.toString()), TiffSlices.Compression.NONE);
            (i < 64 ? train : validation).add(new LabelledFile(file, label));
        }
    }

    static Block tinyNetwork() {
        return new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(4).optPadding(new Shape(1, 1)).build())
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock())
                .add(Pool.globalMaxPool2dBlock())
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(2).build());
    }

    static Checkpoint.State train(Path runDir, int epochs, boolean resume, TrainingListener listener) {
        SliceDecoder decoder = new SliceDecoder(SIZE);
        try (BatchLoader trainLoader = BatchLoader.builder().setSamples(train).setBatchSize(8).setDecoder(decoder)
                .optAugmenter(Augmenter.builder().optFlips(true, true).optRotationRange(360).build())
                .optShuffle(true, 5).optWorkers(2).build();
             BatchLoader validationLoader = BatchLoader.builder().setSamples(validation).setBatchSize(10)
                     .setDecoder(decoder).build()) {
            return FoldTrainer.builder().setBlock(tinyNetwork(), SIZE).setData(trainLoader, validationLoader)
                    .setRunDir(runDir).setFingerprint("toy").optEpochs(epochs).optLearningRate(0.01f).optSeed(5)
                    .optResume(resume).optListener(listener)
                    .setBestWeightsSink((block, record) -> {
                        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(runDir.resolve("best.params")))) {
                            block.saveParameters(out);
                        }
                    })
                    .build().run();
        }
    }

    @Test
    void learnsIsDeterministicAndResumesAfterAnInterruption(@TempDir Path tmp) throws Exception {
        TrainingListener quiet = new TrainingListener() {
        };
        Checkpoint.State first = train(tmp.resolve("a"), 4, false, quiet);
        assertEquals(4, first.completedEpochs());
        assertTrue(first.bestAccuracy() >= 0.9, "toy task learnt: " + first.records());
        List<String> csv = Files.readAllLines(tmp.resolve("a").resolve(FoldTrainer.EPOCHS_CSV));
        assertEquals(EpochRecord.CSV_HEADER, csv.get(0));
        assertEquals(5, csv.size());
        assertTrue(Files.size(tmp.resolve("a").resolve("best.params")) > 0);

        Checkpoint.State second = train(tmp.resolve("b"), 4, false, quiet);
        for (int i = 0; i < 4; i++) {
            assertEquals(first.records().get(i).validationAccuracy(), second.records().get(i).validationAccuracy());
            assertEquals(first.records().get(i).trainLoss(), second.records().get(i).trainLoss(), 0.0);
        }

        // interrupt in the middle of epoch 3, then resume
        Path c = tmp.resolve("c");
        RuntimeException stop = assertThrows(RuntimeException.class, () -> train(c, 4, false, new TrainingListener() {
            @Override
            public void batchFinished(int epoch, int batch, int batches, double loss, double acc, double rate) {
                if (epoch == 3 && batch == 4) {
                    throw new IllegalStateException("simulated crash");
                }
            }
        }));
        assertEquals("simulated crash", stop.getMessage());
        assertEquals(2, Checkpoint.readState(c.resolve(Checkpoint.FILE_NAME)).completedEpochs());
        assertEquals(3, Files.readAllLines(c.resolve(FoldTrainer.EPOCHS_CSV)).size());
        // a second start without --resume refuses to overwrite the run
        assertThrows(org.covidct.core.CovidctException.class, () -> train(c, 4, false, quiet));
        int[] resumedAt = {-1};
        Checkpoint.State resumed = train(c, 4, true, new TrainingListener() {
            @Override
            public void resumed(int completedEpochs, double bestAccuracy) {
                resumedAt[0] = completedEpochs;
            }
        });
        assertEquals(2, resumedAt[0]);
        assertEquals(4, resumed.completedEpochs());
        for (int i = 0; i < 4; i++) {
            // the completed epochs are kept, and the resumed ones are the uninterrupted run's
            assertEquals(first.records().get(i).trainLoss(), resumed.records().get(i).trainLoss(), 1e-6);
            assertEquals(first.records().get(i).validationAccuracy(), resumed.records().get(i).validationAccuracy());
        }
    }
}
