package org.covidct.nn.keras;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import org.covidct.core.CovidctException;
import org.covidct.nn.model.Architecture;
import org.covidct.nn.model.ModelConfig;
import org.covidct.nn.model.Network;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Variants of the Keras layouts written with jHDF: chunked attributes, a config without UpsampleLike. */
class KerasFileVariantsTest {

    /** Writes the layer groups (weighted layers only) with the given layer_names attributes. */
    private static void writeLayers(WritableGroup root, List<KerasLayer> layers) {
        for (KerasLayer layer : layers) {
            WritableGroup g = root.putGroup(layer.name());
            g.putAttribute("weight_names", layer.weights().stream().map(w -> layer.name() + "/" + w.name() + ":0").toArray(String[]::new));
            WritableGroup inner = g.putGroup(layer.name());
            for (KerasTensor t : layer.weights()) {
                inner.putDataset(t.name() + ":0", KerasWeightsWriter.shaped(t));
            }
        }
    }

    @Test
    void layerNamesSplitIntoChunksAreJoined(@TempDir Path dir) {
        List<KerasLayer> layers = KerasModelFile.read(KerasGoldenTest.resource("golden_weights.h5")).layers()
                .stream().filter(KerasLayer::hasWeights).toList();
        Path file = dir.resolve("chunked.h5");
        try (WritableHdfFile h5 = HdfFile.write(file)) {
            // what Keras does when the attribute exceeds the 64 KB object header limit
            h5.putAttribute("layer_names0", layers.subList(0, 4).stream().map(KerasLayer::name).toArray(String[]::new));
            h5.putAttribute("layer_names1", layers.subList(4, layers.size()).stream().map(KerasLayer::name).toArray(String[]::new));
            h5.putAttribute("keras_version", "2.3.0");
            writeLayers(h5, layers);
        }
        KerasModelFile read = KerasModelFile.read(file);
        assertEquals(layers.stream().map(KerasLayer::name).toList(), read.layers().stream().map(KerasLayer::name).toList());
    }

    @Test
    void fpnConfigWithoutUpsampleLikeIsRejected(@TempDir Path dir) throws IOException {
        KerasModelFile golden = KerasModelFile.read(KerasGoldenTest.resource("golden_fpn.h5"));
        String config = new ObjectMapper().writeValueAsString(golden.modelConfig().orElseThrow())
                .replace("\"class_name\":\"UpsampleLike\"", "\"class_name\":\"UpSampling2D\"");
        Path file = dir.resolve("not_published.h5");
        List<KerasLayer> weighted = golden.layers().stream().filter(KerasLayer::hasWeights).toList();
        try (WritableHdfFile h5 = HdfFile.write(file)) {
            h5.putAttribute("keras_version", "2.3.0");
            h5.putAttribute("backend", "tensorflow");
            h5.putAttribute("model_config", config);
            WritableGroup mw = h5.putGroup("model_weights");
            mw.putAttribute("layer_names", weighted.stream().map(KerasLayer::name).toArray(String[]::new));
            writeLayers(mw, weighted);
        }
        KerasModelFile variant = KerasModelFile.read(file);
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            Network fpn = NetworkKerasRoundTripTest.initialised(manager, new ModelConfig(Architecture.FPN, 65, 1.0 / 32), 1);
            // the class check comes before any shape check, so a small FPN shows it
            CovidctException e = assertThrows(CovidctException.class,
                    () -> KerasImporter.importInto(variant, NetworkKerasMapping.of(fpn), FirstConvPolicy.SKIP));
            assertEquals(file + ": not the expected architecture: layer 'P5_upsampled' is UpSampling2D, expected UpsampleLike",
                    e.getMessage());
        }
    }
}
