package org.covidct.nn.keras;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import org.covidct.nn.model.Architecture;
import org.covidct.nn.model.ModelConfig;
import org.covidct.nn.model.Network;
import org.covidct.nn.model.Networks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Export to the Keras layout and import back: the same parameters, bit for bit, for all three
 * architectures, with BatchNorm statistics made non-trivial first.
 */
class NetworkKerasRoundTripTest {

    static Network initialised(NDManager manager, ModelConfig config, int seed) {
        Engine.getInstance().setRandomSeed(seed);
        Network net = Networks.build(config);
        net.initialize(manager);
        return net;
    }

    static float[] forward(NDManager manager, Network net, int seed) {
        Engine.getInstance().setRandomSeed(seed);
        NDArray x = manager.randomUniform(0, 2500, net.inputShape(1));
        return net.forward(new ParameterStore(manager, false), new NDList(x), false).singletonOrThrow().toFloatArray();
    }

    static ModelConfig small(Architecture a) {
        return new ModelConfig(a, a == Architecture.FPN ? 128 : 71, 0.125);
    }

    @ParameterizedTest
    @EnumSource(Architecture.class)
    void exportImportGivesIdenticalParameters(Architecture architecture, @TempDir Path dir) throws IOException {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            ModelConfig config = small(architecture);
            Network original = initialised(manager, config, 11);
            // BatchNorm statistics are ones and zeros after initialisation: make them informative
            randomiseStatistics(manager, original);
            Path file = dir.resolve(architecture.cliName() + ".h5");
            KerasWeightsWriter.write(file, KerasExporter.export(NetworkKerasMapping.of(original)));

            Network copy = initialised(manager, config, 12);
            assertFalse(java.util.Arrays.equals(firstWeight(original), firstWeight(copy)),
                    "two seeds gave the same network: the comparison below would prove nothing");
            ImportReport report = KerasImporter.importInto(KerasModelFile.read(file), NetworkKerasMapping.of(copy),
                    FirstConvPolicy.SKIP);
            assertEquals(ImportReport.Scope.WHOLE_MODEL, report.scope());
            assertEquals(List.of(), report.unusedKerasLayers());
            assertEquals(List.of(), report.uninitialised());
            assertTrue(report.firstConvAction().startsWith("loaded"), report.firstConvAction());

            var a = original.getParameters();
            var b = copy.getParameters();
            assertEquals(a.size(), b.size());
            for (int i = 0; i < a.size(); i++) {
                assertEquals(a.keyAt(i), b.keyAt(i));
                assertArrayEquals(a.valueAt(i).getArray().toFloatArray(), b.valueAt(i).getArray().toFloatArray(), a.keyAt(i));
            }
            // identical outputs through the CLI: app KerasCommandsTest
        }
    }

    private static float[] firstWeight(Network net) {
        return net.getParameters().valueAt(0).getArray().toFloatArray();
    }

    static void randomiseStatistics(NDManager manager, Network net) {
        for (Pair<String, Parameter> p : net.getParameters()) {
            String key = p.getKey();
            NDArray arr = p.getValue().getArray();
            if (key.endsWith("runningVar")) {
                arr.set(manager.randomUniform(0.5f, 2f, arr.getShape()).toFloatArray());
            } else if (key.endsWith("runningMean") || key.endsWith("beta")) {
                arr.set(manager.randomNormal(0, 0.1f, arr.getShape(), arr.getDataType()).toFloatArray());
            } else if (key.endsWith("gamma")) {
                arr.set(manager.randomUniform(0.8f, 1.2f, arr.getShape()).toFloatArray());
            }
        }
    }

    @Test
    void xceptionResidualLayersMatchStandaloneKerasNumbering(@TempDir Path dir) throws IOException {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            ModelConfig config = small(Architecture.XCEPTION);
            Network original = initialised(manager, config, 21);
            randomiseStatistics(manager, original);
            // ours (and tf.keras) say conv2d, conv2d_1..3; standalone Keras 2 numbers them conv2d_1..4
            List<KerasLayer> renamed = new java.util.ArrayList<>();
            for (KerasLayer l : KerasExporter.export(NetworkKerasMapping.of(original))) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(conv2d|batch_normalization)(?:_(\\d+))?$").matcher(l.name());
                String name = m.matches() ? m.group(1) + "_" + (m.group(2) == null ? 1 : Integer.parseInt(m.group(2)) + 1) : l.name();
                renamed.add(0, new KerasLayer(name, null, null, l.weights())); // reversed file order too
            }
            assertTrue(renamed.stream().anyMatch(l -> l.name().equals("conv2d_4")));
            Path file = dir.resolve("xception_keras2.h5");
            KerasWeightsWriter.write(file, renamed);
            Network copy = initialised(manager, config, 22);
            var a = original.getParameters();
            var b = copy.getParameters();
            assertEquals(a.size(), b.size());
            // every value of the copy set to 7 (zero biases and default statistics would otherwise match the
            // original already): equality after the import can only come from the file
            for (int i = 0; i < b.size(); i++) {
                NDArray arr = b.valueAt(i).getArray();
                float[] sevens = new float[Math.toIntExact(arr.size())];
                java.util.Arrays.fill(sevens, 7f);
                arr.set(sevens);
                assertFalse(java.util.Arrays.equals(a.valueAt(i).getArray().toFloatArray(), sevens), a.keyAt(i));
            }
            ImportReport report = KerasImporter.importInto(KerasModelFile.read(file), NetworkKerasMapping.of(copy), FirstConvPolicy.SKIP);
            assertEquals(List.of(), report.unusedKerasLayers());
            assertEquals(List.of(), report.uninitialised());
            for (int i = 0; i < a.size(); i++) {
                assertEquals(a.keyAt(i), b.keyAt(i));
                assertArrayEquals(a.valueAt(i).getArray().toFloatArray(), b.valueAt(i).getArray().toFloatArray(), a.keyAt(i));
            }
        }
    }

    @Test
    void fpnExportUsesPublishedLayerNames(@TempDir Path dir) throws IOException {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            Network fpn = initialised(manager, small(Architecture.FPN), 3);
            Path file = dir.resolve("fpn.h5");
            KerasWeightsWriter.write(file, KerasExporter.export(NetworkKerasMapping.of(fpn)));
            KerasModelFile back = KerasModelFile.read(file);
            for (String name : List.of("conv1_conv", "conv2_block1_preact_bn", "conv4_block6_2_conv", "post_bn",
                    "C5_reduced", "C4_reduced", "C3_reduced", "P3", "P4", "P5", "P6", "P7",
                    "dense_1", "dense_2", "dense_3", "dense_4", "dense_5", "dense_6")) {
                assertTrue(back.layer(name).isPresent(), name);
            }
            // dense_1 reads P3 flattened: (h * w * c, 2) in Keras' layout
            long[] p3 = fpn.pyramidShapes()[0].getShape();
            assertArrayEquals(new long[] {p3[1] * p3[2] * p3[0], 2}, back.layer("dense_1").orElseThrow().weight("kernel").orElseThrow().shape());
            assertArrayEquals(new long[] {7, 7, 1, 8}, back.layer("conv1_conv").orElseThrow().weight("kernel").orElseThrow().shape());
        }
    }
}
