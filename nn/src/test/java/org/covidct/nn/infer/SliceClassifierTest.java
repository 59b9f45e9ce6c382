package org.covidct.nn.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.covidct.core.CovidctException;
import org.covidct.core.image.CtSlice;
import org.covidct.nn.data.SliceTensors;
import org.covidct.nn.model.Architecture;
import org.covidct.nn.model.ModelConfig;
import org.covidct.nn.model.Network;
import org.covidct.nn.model.TestNetworks;
import org.covidct.nn.run.RunDir;
import org.covidct.nn.run.RunManifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SliceClassifierTest {

    private static final int SIZE = 48;

    @TempDir
    Path tmp;

    private static List<CtSlice> slices(int n, long seed) {
        Random r = new Random(seed);
        List<CtSlice> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            short[] v = new short[SIZE * SIZE];
            for (int j = 0; j < v.length; j++) {
                v[j] = (short) r.nextInt(4096);
            }
            out.add(new CtSlice(SIZE, SIZE, v, "slice" + i));
        }
        return out;
    }

    @Test
    void probabilitiesMatchTheBlockSoftmaxWhateverTheBatchSize() {
        ModelConfig cfg = new ModelConfig(Architecture.RESNET50V2, SIZE, 0.125);
        List<CtSlice> input = slices(5, 1);
        float[] expected;
        try (NDManager m = NDManager.newBaseManager()) {
            Network net = TestNetworks.randomised(cfg, m, 11);
            RunDir.save(tmp, net, RunManifest.of(cfg, 11L, "test", "test"));
            NDArray x = SliceTensors.toTensor(m, input, SIZE);
            // values reach the network unscaled
            assertEquals(input.get(2).get(7, 3), x.get(2, 0, 3, 7).getFloat(), 0f);
            NDArray logits = net.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow();
            expected = logits.softmax(1).get(":, 0").toFloatArray();
        }
        for (int batch : new int[] {2, 5}) {
            for (boolean fast : new boolean[] {true, false}) {
                try (SliceClassifier c = SliceClassifier.builder().setRunDir(tmp).optBatchSize(batch)
                        .optFastPath(fast).optExpected(Architecture.RESNET50V2).build()) {
                    float[] p = c.pCovid(input);
                    assertEquals(5, p.length);
                    for (int i = 0; i < p.length; i++) {
                        assertEquals(expected[i], p[i], 1e-4, "batch " + batch + " fast " + fast);
                    }
                }
            }
        }
    }

    @Test
    void closesEveryBatchArray() {
        ModelConfig cfg = new ModelConfig(Architecture.XCEPTION, SIZE, 0.125);
        try (NDManager m = NDManager.newBaseManager()) {
            RunDir.save(tmp, TestNetworks.randomised(cfg, m, 2), RunManifest.of(cfg, 2L, "test", "test"));
        }
        try (SliceClassifier c = SliceClassifier.builder().setRunDir(tmp).optBatchSize(2).build()) {
            c.pCovid(slices(2, 3));
            int before = count(c);
            float[] p = c.pCovid(slices(6, 4));
            assertEquals(before, count(c), "arrays left behind by pCovid");
            for (float v : p) {
                assertTrue(v >= 0 && v <= 1);
            }
        }
    }

    private static int count(SliceClassifier c) {
        return c.liveArrays();
    }

    @Test
    void wrongSliceSizeIsAOneLineError() {
        ModelConfig cfg = new ModelConfig(Architecture.RESNET50V2, SIZE, 0.125);
        try (NDManager m = NDManager.newBaseManager()) {
            RunDir.save(tmp, TestNetworks.randomised(cfg, m, 2), RunManifest.of(cfg, 2L, "test", "test"));
        }
        try (SliceClassifier c = SliceClassifier.open(tmp)) {
            CtSlice big = new CtSlice(SIZE + 1, SIZE, new short[(SIZE + 1) * SIZE], "big.tif");
            CovidctException e = assertThrows(CovidctException.class, () -> c.pCovid(List.of(big)));
            assertTrue(e.getMessage().startsWith("big.tif: slice is 49x48 but the model takes 48x48"), e.getMessage());
        }
    }
}
