package org.covidct.app.keras;

import io.jhdf.HdfFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code covidct detect --no-selection} with an FPN imported from a Keras full-model file of the published
 * structure (nn's golden_fpn.h5) on the real COVID-CTset-format slices: every slice's P(covid) is the one
 * numpy computed from the same Keras file (make_golden_fpn.py).
 */
class ImportedFpnDetectTest {

    /**
     * nn's test resources, found from where this class was compiled (app/target/test-classes) up to the
     * checkout root, so the test runs whatever the working directory.
     */
    static Path kerasResources() {
        Path here;
        try {
            here = Path.of(ImportedFpnDetectTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        for (Path dir = here; dir != null; dir = dir.getParent()) {
            Path keras = dir.resolve("nn/src/test/resources/keras");
            if (Files.isRegularFile(keras.resolve("golden_fpn.h5"))) {
                return keras;
            }
        }
        throw new IllegalStateException("nn/src/test/resources/keras/golden_fpn.h5 not found above " + here);
    }

    @Test
    void detectRunsTheImportedFpnOnRealSlices(@TempDir Path tmp) throws IOException {
        Path keras = kerasResources();
        String shared = System.getProperty("covidct.shared");
        assertTrue(shared != null, "covidct.shared not set");
        Path real = Path.of(shared, "data", "real", "covid-ctset-format");
        assertTrue(Files.isDirectory(real), "real data missing: " + real);
        List<String> names;
        double[] expected;
        try (HdfFile h = new HdfFile(keras.resolve("golden_fpn_expected.h5"))) {
            names = List.of((String[]) h.getAttribute("slices").getData());
            expected = (double[]) h.getDatasetByPath("p_covid").getDataFlat();
        }
        Path series = Files.createDirectories(tmp.resolve("P001").resolve("SR_2"));
        for (String n : names) {
            Files.copy(real.resolve(n), series.resolve(n));
        }
        Path run = tmp.resolve("run");
        KerasCommandsTest.Run imp = KerasCommandsTest.cli("import-keras", keras.resolve("golden_fpn.h5").toString(),
                "--arch", "fpn", "--width", "0.03125", "--out", run.toString());
        assertEquals(0, imp.exit(), imp.err());
        assertTrue(imp.out().contains("layout=full-model\n"), imp.out());
        assertTrue(imp.out().contains("size=512\n"), imp.out());

        Path out = tmp.resolve("out");
        KerasCommandsTest.Run detect = KerasCommandsTest.cli("detect", series.toString(), "--model", run.toString(),
                "--out", out.toString(), "--no-selection", "-q", "--allow-unvalidated");
        assertEquals(0, detect.exit(), detect.err());
        List<String> rows = Files.readAllLines(out.resolve("detection.csv"));
        List<String> header = List.of(rows.get(0).split(","));
        int file = header.indexOf("file");
        int p = header.indexOf("p_covid");
        int kept = header.indexOf("kept");
        Map<String, Double> got = new HashMap<>();
        for (String row : rows.subList(1, rows.size())) {
            String[] f = row.split(",");
            assertEquals("1", f[kept], "--no-selection keeps every slice: " + row);
            got.put(Path.of(f[file]).getFileName().toString(), Double.parseDouble(f[p]));
        }
        assertEquals(names.size(), got.size(), rows.toString());
        for (int i = 0; i < names.size(); i++) {
            assertEquals(expected[i], got.get(names.get(i)), 1e-5, names.get(i));
        }
        assertTrue(Files.isRegularFile(out.resolve("decision.json")));
    }
}
