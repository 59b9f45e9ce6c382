package org.covidct.nn.keras;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import io.jhdf.HdfFile;
import org.covidct.core.CovidctException;
import org.covidct.core.image.CtSlice;
import org.covidct.core.tiff.TiffSlices;
import org.covidct.nn.infer.SliceClassifier;
import org.covidct.nn.data.SliceTensors;
import org.covidct.nn.model.Architecture;
import org.covidct.nn.model.ModelConfig;
import org.covidct.nn.run.RunDir;
import org.covidct.nn.run.RunManifest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code make_golden_fpn.py}: a full-model Keras file with the published ResNet50V2-FPN structure
 * (model_config with UpsampleLike, auto-named dense layers dense_7..dense_12) at width 1/32, and the
 * outputs numpy computed on the real COVID-CTset-format slices. Imported into a RUN_DIR, run through
 * {@link SliceClassifier} on the same TIFF files, the outputs agree within 1e-5.
 */
class PublishedFpnGoldenTest {

    static final double WIDTH = 1.0 / 32;

    @TempDir
    static Path tmp;
    static Path run;
    static ImportReport report;
    static List<String> sliceNames;
    static double[] expectedLogits;
    static double[] expectedPCovid;

    @BeforeAll
    static void importFile() {
        KerasModelFile file = KerasModelFile.read(KerasGoldenTest.resource("golden_fpn.h5"));
        ModelConfig config = KerasRuns.configFor(file, Architecture.FPN, null, WIDTH);
        assertEquals(512, config.inputSize(), "size read from the InputLayer");
        run = tmp.resolve("run");
        report = KerasRuns.importToRun(file, config, FirstConvPolicy.SKIP, 1, run, "test").report();
        try (HdfFile expected = new HdfFile(KerasGoldenTest.resource("golden_fpn_expected.h5"))) {
            sliceNames = List.of((String[]) expected.getAttribute("slices").getData());
            expectedLogits = (double[]) expected.getDatasetByPath("logits").getDataFlat();
            expectedPCovid = (double[]) expected.getDatasetByPath("p_covid").getDataFlat();
        }
    }

    static List<CtSlice> realSlices() {
        String shared = System.getProperty("covidct.shared");
        if (shared == null) {
            throw new IllegalStateException("system property covidct.shared is not set (surefire sets it)");
        }
        Path dir = Path.of(shared, "data", "real", "covid-ctset-format");
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("real data missing: " + dir);
        }
        List<CtSlice> slices = new ArrayList<>();
        for (String name : sliceNames) {
            slices.add(TiffSlices.read(dir.resolve(name)));
        }
        return slices;
    }

    @Test
    void wholeFileIsUsedAndDenseHeadsFoundThroughTheGraph() {
        assertEquals(ImportReport.Scope.WHOLE_MODEL, report.scope());
        assertEquals(List.of(), report.unusedKerasLayers());
        assertEquals(List.of(), report.uninitialised());
        assertEquals("loaded: conv1_conv", report.firstConvAction());
        // dense_1..dense_5 (ours, P3..P7) and dense_6 took the file's dense_7..dense_11 and dense_12
        List<String> loaded = report.loaded();
        assertEquals(List.of("dense_7", "dense_8", "dense_9", "dense_10", "dense_11", "dense_12"),
                loaded.subList(loaded.size() - 6, loaded.size()));
        RunManifest m = RunDir.readManifest(run);
        assertEquals(RunDir.sha256Of(KerasGoldenTest.resource("golden_fpn.h5")), m.config().get("keras_source_sha256"));
        assertEquals("full-model", m.config().get("keras_layout"));
    }

    @Test
    void sliceClassifierOnRealSlicesMatchesNumpy() {
        List<CtSlice> slices = realSlices();
        // the default (BatchNorm-folded) path gives P(covid); the training block's forward gives the logits
        try (SliceClassifier classifier = SliceClassifier.builder().setRunDir(run).optExpected(Architecture.FPN)
                .optBatchSize(5).build()) {
            float[] p = classifier.pCovid(slices);
            // make_golden_fpn.py took every 16-bit slice of covid-ctset-format: 5
            assertEquals(5, sliceNames.size(), sliceNames.toString());
            assertEquals(sliceNames.size(), expectedPCovid.length, "one expected P(covid) per golden slice");
            assertEquals(expectedPCovid.length, p.length, "one P(covid) per slice");
            for (int i = 0; i < p.length; i++) {
                assertEquals(expectedPCovid[i], p[i], 1e-5, sliceNames.get(i));
            }
            try (NDManager m = NDManager.newBaseManager()) {
                NDArray x = SliceTensors.toTensor(m, slices, 512);
                float[] logits = classifier.network().forward(new ParameterStore(m, false), new NDList(x), false)
                        .singletonOrThrow().toFloatArray();
                assertEquals(2 * sliceNames.size(), expectedLogits.length, "two expected logits per golden slice");
                assertEquals(expectedLogits.length, logits.length, "two logits per slice");
                for (int i = 0; i < logits.length; i++) {
                    assertEquals(expectedLogits[i], logits[i], 1e-5, "logit " + i);
                }
            }
        }
    }

    @Test
    void publishedFileIntoAnotherArchitectureOrWidthIsAnError() {
        KerasModelFile file = KerasModelFile.read(KerasGoldenTest.resource("golden_fpn.h5"));
        CovidctException e = assertThrows(CovidctException.class,
                () -> KerasRuns.importToRun(file, new ModelConfig(Architecture.FPN, 512, 1.0 / 16), FirstConvPolicy.SKIP, 1,
                        tmp.resolve("wide"), "test"));
        assertTrue(e.getMessage().contains("layer 'conv1_conv': kernel shape [7, 7, 1, 2] does not match the network's [7, 7, 1, 4]"),
                e.getMessage());
        e = assertThrows(CovidctException.class,
                () -> KerasRuns.importToRun(file, new ModelConfig(Architecture.RESNET50V2, 512, WIDTH), FirstConvPolicy.SKIP, 1,
                        tmp.resolve("resnet"), "test"));
        // the baseline's dense head meets the FPN's final dense (both read no Flatten): their shapes differ
        assertTrue(e.getMessage().endsWith("layer 'dense_12': kernel shape [10, 2] does not match the network's [64, 2]"),
                e.getMessage());
        assertTrue(Files.notExists(tmp.resolve("wide").resolve(RunDir.MANIFEST)));
    }
}
