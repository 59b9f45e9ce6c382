package org.covidct.nn.keras;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.jhdf.HdfFile;
import org.covidct.core.CovidctException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fixtures of {@code make_golden.py}: Keras files written by h5py, outputs computed by numpy. */
class KerasGoldenTest {

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager("PyTorch");
    }

    @AfterEach
    void close() {
        manager.close();
    }

    static Path resource(String name) {
        try {
            return Path.of(KerasGoldenTest.class.getResource("/keras/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private float[] forward(GoldenNet net) {
        try (HdfFile expected = new HdfFile(resource("golden_expected.h5"))) {
            float[] x = (float[]) expected.getDatasetByPath("input_nhwc").getDataFlat();
            // one channel: NHWC and NCHW hold the same order
            NDArray input = manager.create(x, new Shape(3, 1, 16, 16));
            NDList out = net.forward(new ParameterStore(manager, false), new NDList(input), false);
            return out.singletonOrThrow().toFloatArray();
        }
    }

    private static double[] expectedLogits() {
        try (HdfFile expected = new HdfFile(resource("golden_expected.h5"))) {
            return (double[]) expected.getDatasetByPath("logits").getDataFlat();
        }
    }

    private static void assertClose(double[] expected, float[] actual, double tolerance) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tolerance, "output " + i);
        }
    }

    @Test
    void fullModelFileReproducesNumpyOutputs() {
        KerasModelFile file = KerasModelFile.read(resource("golden_full.h5"));
        assertTrue(file.fullModel());
        assertEquals("2.3.0", file.kerasVersion().orElseThrow());
        GoldenNet net = GoldenNet.initialised(manager, 1e-3f);
        ImportReport report = KerasImporter.importInto(file, GoldenNet.mapping(net), FirstConvPolicy.SKIP);
        assertClose(expectedLogits(), forward(net), 1e-5);
        assertEquals(ImportReport.Scope.WHOLE_MODEL, report.scope());
        assertEquals(List.of(), report.unusedKerasLayers());
        assertEquals(List.of(), report.uninitialised());
        assertEquals("loaded: conv1", report.firstConvAction());
        // dense layers matched through the graph: dense_7 reads conv2, dense_8 conv3, dense_9 the concatenation
        assertEquals(List.of("conv1", "bn1", "sep1", "bn2", "conv2", "conv3", "dense_7", "dense_8", "dense_9"), report.loaded());
    }

    @Test
    void weightsOnlyFileMatchesDenseLayersByShapeAndReproducesOutputs() {
        KerasModelFile file = KerasModelFile.read(resource("golden_weights.h5"));
        assertFalse(file.fullModel());
        GoldenNet net = GoldenNet.initialised(manager, 1e-3f);
        ImportReport report = KerasImporter.importInto(file, GoldenNet.mapping(net), FirstConvPolicy.SKIP);
        assertClose(expectedLogits(), forward(net), 1e-5);
        assertEquals(List.of(), report.unusedKerasLayers());
        assertEquals(List.of(), report.uninitialised());
    }

    @Test
    void uninitialisedNetworkDoesNotReproduceOutputs() {
        // guards the golden comparison itself: a network that was not imported must fail it
        GoldenNet net = GoldenNet.initialised(manager, 1e-3f);
        float[] out = forward(net);
        double[] expected = expectedLogits();
        double maxDiff = 0;
        for (int i = 0; i < out.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(out[i] - expected[i]));
        }
        assertTrue(maxDiff > 1e-2, "random weights agree with the golden outputs?");
    }

    @Test
    void exportThenImportIsExactAndReproducesKerasTensors(@TempDir Path dir) throws IOException {
        KerasModelFile golden = KerasModelFile.read(resource("golden_full.h5"));
        GoldenNet net = GoldenNet.initialised(manager, 1e-3f);
        KerasImporter.importInto(golden, GoldenNet.mapping(net), FirstConvPolicy.SKIP);
        Path exported = dir.resolve("exported.h5");
        KerasWeightsWriter.write(exported, KerasExporter.export(GoldenNet.mapping(net)));

        KerasModelFile back = KerasModelFile.read(exported);
        assertFalse(back.fullModel());
        // every Keras tensor comes back bit-identical, dense layers renamed dense_1..3 in head order
        String[][] renamed = {{"dense_7", "dense_1"}, {"dense_8", "dense_2"}, {"dense_9", "dense_3"}};
        for (KerasLayer original : golden.layers()) {
            if (!original.hasWeights()) {
                continue;
            }
            String name = original.name();
            for (String[] r : renamed) {
                name = name.equals(r[0]) ? r[1] : name;
            }
            KerasLayer copy = back.layer(name).orElseThrow();
            assertEquals(original.weights().size(), copy.weights().size(), name);
            for (int i = 0; i < original.weights().size(); i++) {
                KerasTensor a = original.weights().get(i);
                KerasTensor b = copy.weights().get(i);
                assertEquals(a.name(), b.name());
                assertArrayEquals(a.shape(), b.shape(), name + "/" + a.name());
                assertArrayEquals(a.data(), b.data(), name + "/" + a.name());
            }
        }
        GoldenNet again = GoldenNet.initialised(manager, 1e-3f);
        KerasImporter.importInto(back, GoldenNet.mapping(again), FirstConvPolicy.SKIP);
        assertArrayEquals(forward(net), forward(again));
        assertEquals(List.of(exported.getFileName().toString()), listing(dir), "no temporary file left");
    }

    private static List<String> listing(Path dir) throws IOException {
        List<String> names = new ArrayList<>();
        try (var s = Files.list(dir)) {
            s.forEach(p -> names.add(p.getFileName().toString()));
        }
        return names;
    }

    @Test
    void epsilonMismatchIsAnError() {
        GoldenNet net = GoldenNet.initialised(manager, 1e-5f);
        CovidctException e = assertThrows(CovidctException.class,
                () -> KerasImporter.importInto(KerasModelFile.read(resource("golden_full.h5")), GoldenNet.mapping(net), FirstConvPolicy.SKIP));
        assertTrue(e.getMessage().contains("layer 'bn2': BatchNorm epsilon 0.001"), e.getMessage());
    }

    @Test
    void missingLayerIsAnError(@TempDir Path dir) throws IOException {
        List<KerasLayer> layers = new ArrayList<>(KerasModelFile.read(resource("golden_weights.h5")).layers());
        layers.removeIf(l -> l.name().equals("bn2"));
        Path file = dir.resolve("missing.h5");
        KerasWeightsWriter.write(file, layers);
        GoldenNet net = GoldenNet.initialised(manager, 1e-3f);
        CovidctException e = assertThrows(CovidctException.class,
                () -> KerasImporter.importInto(KerasModelFile.read(file), GoldenNet.mapping(net), FirstConvPolicy.SKIP));
        assertEquals(file + ": layer 'bn2' is missing", e.getMessage());
    }

    @Test
    void shapeMismatchIsAnError(@TempDir Path dir) throws IOException {
        List<KerasLayer> layers = new ArrayList<>();
        for (KerasLayer l : KerasModelFile.read(resource("golden_weights.h5")).layers()) {
            if (l.name().equals("conv2")) {
                l = new KerasLayer("conv2", null, null, List.of(
                        new KerasTensor("kernel", new long[] {3, 3, 6, 7}, new float[3 * 3 * 6 * 7]),
                        new KerasTensor("bias", new long[] {7}, new float[7])));
            }
            layers.add(l);
        }
        Path file = dir.resolve("shape.h5");
        KerasWeightsWriter.write(file, layers);
        GoldenNet net = GoldenNet.initialised(manager, 1e-3f);
        CovidctException e = assertThrows(CovidctException.class,
                () -> KerasImporter.importInto(KerasModelFile.read(file), GoldenNet.mapping(net), FirstConvPolicy.SKIP));
        assertEquals(file + ": layer 'conv2': kernel shape [3, 3, 6, 7] does not match the network's [3, 3, 6, 5]", e.getMessage());
    }

    @Test
    void unusedLayersAreReported(@TempDir Path dir) throws IOException {
        List<KerasLayer> layers = new ArrayList<>(KerasModelFile.read(resource("golden_weights.h5")).layers());
        layers.add(new KerasLayer("extra_conv", null, null, List.of(new KerasTensor("kernel", new long[] {1, 1, 1, 1}, new float[1]))));
        Path file = dir.resolve("extra.h5");
        KerasWeightsWriter.write(file, layers);
        GoldenNet net = GoldenNet.initialised(manager, 1e-3f);
        ImportReport report = KerasImporter.importInto(KerasModelFile.read(file), GoldenNet.mapping(net), FirstConvPolicy.SKIP);
        assertEquals(List.of("extra_conv"), report.unusedKerasLayers());
        assertTrue(report.lines().contains("keras_layers_unused=1 extra_conv"));
    }

    @Test
    void notHdf5AndNotKerasAreOneLineErrors(@TempDir Path dir) throws IOException {
        Path text = dir.resolve("model.h5");
        Files.writeString(text, "this is not HDF5\n");
        CovidctException e = assertThrows(CovidctException.class, () -> KerasModelFile.read(text));
        assertTrue(e.getMessage().startsWith(text + ": not an HDF5 file"), e.getMessage());

        Path plain = dir.resolve("plain.h5");
        try (var h5 = HdfFile.write(plain)) {
            h5.putDataset("data", new float[] {1, 2, 3});
        }
        e = assertThrows(CovidctException.class, () -> KerasModelFile.read(plain));
        assertTrue(e.getMessage().startsWith(plain + ": not a Keras model or weights file"), e.getMessage());

        Path truncated = dir.resolve("truncated.h5");
        byte[] whole = Files.readAllBytes(resource("golden_full.h5"));
        Files.write(truncated, java.util.Arrays.copyOf(whole, whole.length / 2));
        e = assertThrows(CovidctException.class, () -> KerasModelFile.read(truncated));
        assertTrue(e.getMessage().startsWith(truncated + ": "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));

        e = assertThrows(CovidctException.class, () -> KerasModelFile.read(dir.resolve("absent.h5")));
        assertEquals(dir.resolve("absent.h5") + ": no such file", e.getMessage());
    }
}
