package org.covidct.nn.keras;

import ai.djl.ndarray.NDManager;
import org.covidct.nn.model.Architecture;
import org.covidct.nn.model.ModelConfig;
import org.covidct.nn.model.Network;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An ImageNet-style Xception notop file (keras-applications names, standalone Keras numbering of the
 * residual layers conv2d_1..4 / batch_normalization_1..4, full width, random values), written from the
 * Keras definition: imports into the one-channel Xception with exactly block1_conv1 skipped.
 */
class XceptionImageNetImportTest {

    static List<KerasLayer> kerasXceptionNoTop(SplittableRandom r) {
        List<KerasLayer> out = new ArrayList<>();
        out.add(conv(r, "block1_conv1", 3, 3, 32));
        out.add(bn(r, "block1_conv1_bn", 32));
        out.add(conv(r, "block1_conv2", 3, 32, 64));
        out.add(bn(r, "block1_conv2_bn", 64));
        int[][] entry = {{2, 64, 128}, {3, 128, 256}, {4, 256, 728}};
        int residual = 1;
        for (int[] e : entry) {
            out.add(conv(r, "conv2d_" + residual, 1, e[1], e[2]));
            out.add(bn(r, "batch_normalization_" + residual++, e[2]));
            out.add(sep(r, "block" + e[0] + "_sepconv1", e[1], e[2]));
            out.add(bn(r, "block" + e[0] + "_sepconv1_bn", e[2]));
            out.add(sep(r, "block" + e[0] + "_sepconv2", e[2], e[2]));
            out.add(bn(r, "block" + e[0] + "_sepconv2_bn", e[2]));
        }
        for (int block = 5; block <= 12; block++) {
            for (int i = 1; i <= 3; i++) {
                out.add(sep(r, "block" + block + "_sepconv" + i, 728, 728));
                out.add(bn(r, "block" + block + "_sepconv" + i + "_bn", 728));
            }
        }
        out.add(conv(r, "conv2d_4", 1, 728, 1024));
        out.add(bn(r, "batch_normalization_4", 1024));
        out.add(sep(r, "block13_sepconv1", 728, 728));
        out.add(bn(r, "block13_sepconv1_bn", 728));
        out.add(sep(r, "block13_sepconv2", 728, 1024));
        out.add(bn(r, "block13_sepconv2_bn", 1024));
        out.add(sep(r, "block14_sepconv1", 1024, 1536));
        out.add(bn(r, "block14_sepconv1_bn", 1536));
        out.add(sep(r, "block14_sepconv2", 1536, 2048));
        out.add(bn(r, "block14_sepconv2_bn", 2048));
        return out;
    }

    private static KerasLayer conv(SplittableRandom r, String name, int k, int in, int out) {
        return new KerasLayer(name, null, null, List.of(tensor(r, "kernel", k, k, in, out)));
    }

    private static KerasLayer sep(SplittableRandom r, String name, int in, int out) {
        return new KerasLayer(name, null, null, List.of(tensor(r, "depthwise_kernel", 3, 3, in, 1),
                tensor(r, "pointwise_kernel", 1, 1, in, out)));
    }

    private static KerasLayer bn(SplittableRandom r, String name, int c) {
        KerasTensor var = tensor(r, "moving_variance", c);
        for (int i = 0; i < c; i++) {
            var.data()[i] = 1 + Math.abs(var.data()[i]);
        }
        return new KerasLayer(name, null, null, List.of(tensor(r, "gamma", c), tensor(r, "beta", c), tensor(r, "moving_mean", c), var));
    }

    private static KerasTensor tensor(SplittableRandom r, String name, long... shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        float[] data = new float[(int) n];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) (r.nextDouble() * 0.1 - 0.05);
        }
        return new KerasTensor(name, shape, data);
    }

    @Test
    void importsIntoOneChannelXceptionSkippingExactlyBlock1Conv1(@TempDir Path dir) throws IOException {
        List<KerasLayer> layers = kerasXceptionNoTop(new SplittableRandom(3));
        // Keras reports 20,861,480 parameters for Xception without top on RGB input
        assertEquals(20_861_480L, layers.stream().flatMap(l -> l.weights().stream()).mapToLong(t -> t.data().length).sum());
        Path file = dir.resolve("xception_notop.h5");
        KerasWeightsWriter.write(file, layers);
        KerasModelFile keras = KerasModelFile.read(file);
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            Network net = NetworkKerasRoundTripTest.initialised(manager, new ModelConfig(Architecture.XCEPTION, 71, 1.0), 1);
            KerasMapping mapping = NetworkKerasMapping.of(net);
            ImportReport report = KerasImporter.importInto(keras, mapping, FirstConvPolicy.SKIP);
            assertEquals(ImportReport.Scope.BACKBONE, report.scope());
            assertTrue(report.firstConvAction().startsWith("skipped: block1_conv1 has a 3-channel kernel"), report.firstConvAction());
            assertEquals(List.of(), report.unusedKerasLayers());
            assertEquals(List.of("features/block1_conv1", "head/predictions"), report.uninitialised());
            // our conv2d_1 (second residual) took the file's conv2d_2: 1x1, 128 -> 256
            KerasTensor k = keras.layer("conv2d_2").orElseThrow().weight("kernel").orElseThrow();
            assertArrayEquals(LayoutConversions.hwioToOihw(k.data(), 1, 1, 128, 256),
                    mapping.binding("conv2d_1").orElseThrow().conv().getDirectParameters().get("weight").getArray().toFloatArray());
            KerasTensor d = keras.layer("block7_sepconv2").orElseThrow().weight("depthwise_kernel").orElseThrow();
            assertArrayEquals(LayoutConversions.depthwiseToGrouped(d.data(), 3, 3, 728, 1),
                    mapping.binding("block7_sepconv2").orElseThrow().conv().getDirectParameters().get("weight").getArray().toFloatArray());
        }
    }
}
