package org.covidct.nn.keras;

import ai.djl.ndarray.NDManager;
import org.covidct.nn.model.Architecture;
import org.covidct.nn.model.ModelConfig;
import org.covidct.nn.model.Network;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An ImageNet-style weights-only file for ResNet50V2 without top (the keras-applications
 * "resnet50v2_weights_tf_dim_ordering_tf_kernels_notop.h5" layout, full width, random values), written
 * from the Keras definition itself (stack sizes, filters, which convolutions have a bias), not from our
 * network.
 */
class ImageNetBackboneImportTest {

    @TempDir
    static Path dir;
    static Path file;
    static List<KerasLayer> layers;
    static KerasModelFile keras;

    @BeforeAll
    static void writeFile() throws IOException {
        layers = kerasResNet50V2NoTop(new SplittableRandom(7));
        file = dir.resolve("resnet50v2_notop.h5");
        KerasWeightsWriter.write(file, layers);
        keras = KerasModelFile.read(file);
    }

    @AfterAll
    static void release() {
        layers = null;
        keras = null;
    }

    /** keras.applications.ResNet50V2(include_top=False, weights="imagenet"): names and shapes. */
    static List<KerasLayer> kerasResNet50V2NoTop(SplittableRandom random) {
        List<KerasLayer> out = new ArrayList<>();
        out.add(conv(random, "conv1_conv", 7, 3, 64, true));
        int[] filters = {64, 128, 256, 512};
        int[] blocks = {3, 4, 6, 3};
        int channels = 64;
        for (int s = 0; s < 4; s++) {
            for (int b = 1; b <= blocks[s]; b++) {
                String name = "conv" + (s + 2) + "_block" + b;
                int f = filters[s];
                out.add(bn(random, name + "_preact_bn", channels));
                if (b == 1) {
                    out.add(conv(random, name + "_0_conv", 1, channels, 4 * f, true));
                }
                out.add(conv(random, name + "_1_conv", 1, channels, f, false));
                out.add(bn(random, name + "_1_bn", f));
                out.add(conv(random, name + "_2_conv", 3, f, f, false));
                out.add(bn(random, name + "_2_bn", f));
                out.add(conv(random, name + "_3_conv", 1, f, 4 * f, true));
                channels = 4 * f;
            }
        }
        out.add(bn(random, "post_bn", channels));
        return out;
    }

    private static KerasLayer conv(SplittableRandom r, String name, int k, int in, int out, boolean bias) {
        List<KerasTensor> w = new ArrayList<>();
        w.add(tensor(r, "kernel", 0.05, k, k, in, out));
        if (bias) {
            w.add(tensor(r, "bias", 0.05, out));
        }
        return new KerasLayer(name, null, null, w);
    }

    private static KerasLayer bn(SplittableRandom r, String name, int c) {
        KerasTensor var = tensor(r, "moving_variance", 0.1, c);
        for (int i = 0; i < c; i++) {
            var.data()[i] = 1 + Math.abs(var.data()[i]);
        }
        return new KerasLayer(name, null, null, List.of(tensor(r, "gamma", 0.1, c), tensor(r, "beta", 0.1, c),
                tensor(r, "moving_mean", 0.1, c), var));
    }

    private static KerasTensor tensor(SplittableRandom r, String name, double scale, long... shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        float[] data = new float[(int) n];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) ((r.nextDouble() * 2 - 1) * scale);
        }
        return new KerasTensor(name, shape, data);
    }

    @Test
    void independentListHasKerasParameterCount() {
        long n = layers.stream().flatMap(l -> l.weights().stream()).mapToLong(t -> t.data().length).sum();
        // Keras reports 23,564,800 parameters for ResNet50V2 without top on RGB input
        assertEquals(23_564_800L, n);
    }

    @Test
    void importsIntoOneChannelBackboneSkippingExactlyConv1() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            Network net = NetworkKerasRoundTripTest.initialised(manager, new ModelConfig(Architecture.RESNET50V2, 32, 1.0), 1);
            KerasMapping mapping = NetworkKerasMapping.of(net);
            float[] conv1Before = conv1(mapping);
            assertFalse(keras.fullModel());
            ImportReport report = KerasImporter.importInto(keras, mapping, FirstConvPolicy.SKIP);

            assertEquals(ImportReport.Scope.BACKBONE, report.scope());
            assertTrue(report.firstConvAction().startsWith("skipped: conv1_conv has a 3-channel kernel"), report.firstConvAction());
            assertEquals(List.of(), report.unusedKerasLayers(), "every ImageNet layer but conv1 is used");
            assertEquals(layers.size() - 1, report.loaded().size());
            assertFalse(report.loaded().contains("conv1_conv"));
            assertEquals(List.of("features/conv1_conv", "head/predictions"), report.uninitialised());
            assertArrayEquals(conv1Before, conv1(mapping), "a skipped conv1 keeps its initialisation");

            // a loaded layer holds the file's values, converted HWIO -> OIHW
            KerasTensor k = keras.layer("conv4_block3_2_conv").orElseThrow().weight("kernel").orElseThrow();
            float[] ours = mapping.binding("conv4_block3_2_conv").orElseThrow().conv().getDirectParameters()
                    .get("weight").getArray().toFloatArray();
            assertArrayEquals(LayoutConversions.hwioToOihw(k.data(), 3, 3, 256, 256), ours);
            KerasTensor var = keras.layer("post_bn").orElseThrow().weight("moving_variance").orElseThrow();
            assertArrayEquals(var.data(), mapping.binding("post_bn").orElseThrow().batchNorm().getDirectParameters()
                    .get("runningVar").getArray().toFloatArray());
        }
    }

    @Test
    void sumPolicySumsConv1OverItsInputChannels() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            Network net = NetworkKerasRoundTripTest.initialised(manager, new ModelConfig(Architecture.RESNET50V2, 32, 1.0), 1);
            KerasMapping mapping = NetworkKerasMapping.of(net);
            ImportReport report = KerasImporter.importInto(keras, mapping, FirstConvPolicy.SUM);
            assertTrue(report.firstConvAction().startsWith("summed"), report.firstConvAction());
            assertEquals(List.of("head/predictions"), report.uninitialised());
            KerasTensor k = layers.get(0).weight("kernel").orElseThrow();
            float[] ours = conv1(mapping); // (64, 1, 7, 7)
            // out channel 5, row 2, column 3: the sum of the three RGB taps
            float expected = 0;
            for (int c = 0; c < 3; c++) {
                expected += k.data()[((2 * 7 + 3) * 3 + c) * 64 + 5];
            }
            assertEquals(expected, ours[(5 * 7 + 2) * 7 + 3], 1e-6);
        }
    }

    @Test
    void fpnTakesTheBackboneAndLeavesPyramidAndHeadsUninitialised() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            Network net = NetworkKerasRoundTripTest.initialised(manager, new ModelConfig(Architecture.FPN, 65, 1.0), 1);
            ImportReport report = KerasImporter.importInto(keras, NetworkKerasMapping.of(net), FirstConvPolicy.SKIP);
            assertEquals(List.of(), report.unusedKerasLayers());
            assertEquals(List.of("features/conv1_conv", "head/C5_reduced", "head/P5", "head/C4_reduced", "head/P4",
                    "head/C3_reduced", "head/P3", "head/P6", "head/P7", "head/dense_1", "head/dense_2", "head/dense_3",
                    "head/dense_4", "head/dense_5", "head/dense_6"), report.uninitialised());
        }
    }

    private static float[] conv1(KerasMapping mapping) {
        return mapping.binding("conv1_conv").orElseThrow().conv().getDirectParameters().get("weight").getArray().toFloatArray();
    }
}
