package org.covidct.nn.keras;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import org.covidct.core.io.AtomicFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Writes layers in the Keras 2 weights layout ({@code save_weights} to .h5): root attributes
 * {@code layer_names}, {@code backend}, {@code keras_version}; one group per layer with a
 * {@code weight_names} attribute; each weight at {@code <layer>/<layer>/<weight>:0}. Keras'
 * {@code load_weights} (also with {@code by_name=True}) reads it; it considers only layers with weights,
 * so weightless layers are not written (jHDF 0.13 cannot write the empty attribute they would need).
 * Written with jHDF to a temporary sibling, then moved over the target.
 */
public final class KerasWeightsWriter {

    /** The version written; Keras converts weights from files claiming version 1, so it must be 2.x. */
    public static final String KERAS_VERSION = "2.3.0";

    private KerasWeightsWriter() {
    }

    public static void write(Path target, List<KerasLayer> layers) throws IOException {
        write(target, layers, Map.of());
    }

    /** As {@link #write(Path, List)} with extra string attributes on the root (Keras ignores them). */
    public static void write(Path target, List<KerasLayer> layers, Map<String, String> rootAttributes) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".part");
        try {
            List<KerasLayer> weighted = layers.stream().filter(KerasLayer::hasWeights).toList();
            try (WritableHdfFile h5 = HdfFile.write(tmp)) {
                h5.putAttribute("layer_names", weighted.stream().map(KerasLayer::name).toArray(String[]::new));
                h5.putAttribute("backend", "tensorflow");
                h5.putAttribute("keras_version", KERAS_VERSION);
                for (Map.Entry<String, String> e : rootAttributes.entrySet()) {
                    h5.putAttribute(e.getKey(), e.getValue());
                }
                for (KerasLayer layer : weighted) {
                    WritableGroup group = h5.putGroup(layer.name());
                    group.putAttribute("weight_names", layer.weights().stream()
                            .map(w -> layer.name() + "/" + w.name() + ":0").toArray(String[]::new));
                    WritableGroup inner = group.putGroup(layer.name());
                    for (KerasTensor w : layer.weights()) {
                        inner.putDataset(w.name() + ":0", shaped(w));
                    }
                }
            }
            AtomicFiles.move(tmp, target);
        } catch (IOException | RuntimeException | Error e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    /** jHDF takes the dataset shape from nested Java arrays. */
    static Object shaped(KerasTensor t) {
        long[] s = t.shape();
        float[] d = t.data();
        switch (s.length) {
            case 1:
                return d.clone();
            case 2: {
                float[][] r = new float[(int) s[0]][(int) s[1]];
                int i = 0;
                for (float[] row : r) {
                    System.arraycopy(d, i, row, 0, row.length);
                    i += row.length;
                }
                return r;
            }
            case 4: {
                float[][][][] r = new float[(int) s[0]][(int) s[1]][(int) s[2]][(int) s[3]];
                int i = 0;
                for (float[][][] a : r) {
                    for (float[][] b : a) {
                        for (float[] row : b) {
                            System.arraycopy(d, i, row, 0, row.length);
                            i += row.length;
                        }
                    }
                }
                return r;
            }
            default:
                throw new IllegalArgumentException(t.name() + ": rank " + s.length + " not supported");
        }
    }
}
