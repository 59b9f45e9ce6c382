package org.covidct.app.detect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.covidct.app.Main;
import org.covidct.app.TestModels;
import org.covidct.nn.model.Architecture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code covidct detect} on the real COVID-CT-MD DICOM series (../shared/data/real/covid-ct-md): the kept
 * slices are exactly those the independently computed expected CSVs mark selected, the dark counts agree,
 * and the outputs are complete. The model is a small initialised FPN: selection does not depend on it.
 */
class DetectCommandRealDicomTest {

    @TempDir
    static Path tmp;
    static Path model;
    static Path data;

    @BeforeAll
    static void setUp() {
        String shared = System.getProperty("covidct.shared");
        assertNotNull(shared, "system property covidct.shared (the shared data folder) is not set");
        data = Path.of(shared, "data", "real", "covid-ct-md");
        assertTrue(Files.isDirectory(data), "real data missing: " + data);
        model = TestModels.initialised(tmp.resolve("model"), Architecture.FPN, 128, 0.125, 3);
    }

    private static void assertSelectionMatchesExpected(Path out, Path expectedCsv) throws IOException {
        List<String[]> expected = Files.readAllLines(expectedCsv).stream().skip(1).map(l -> l.split(",")).toList();
        List<String[]> actual = Files.readAllLines(out.resolve("detection.csv")).stream().skip(1)
                .map(l -> l.split(",", -1)).toList();
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            String[] e = expected.get(i);
            String[] a = actual.get(i);
            assertEquals(e[1], a[1], "slice order (instance " + e[0] + ")");
            assertEquals(e[5], a[3], "dark_count of " + e[1]);
            assertEquals(e[6], a[2], "kept of " + e[1]);
            assertEquals(a[2].equals("1"), !a[4].isEmpty(), "p_covid exactly for kept slices: " + e[1]);
        }
    }

    @Test
    void covidSeriesWithReport() throws IOException {
        Path out = tmp.resolve("p001");
        int status = Main.run("detect", "--model", model.toString(), data.resolve("covid/P001").toString(),
                "--out", out.toString(), "--report", "--cams", "2", "-q");
        assertEquals(0, status);
        assertSelectionMatchesExpected(out, data.resolve("covid/P001.expected.csv"));
        JsonNode json = new ObjectMapper().readTree(out.resolve("decision.json").toFile());
        assertEquals(90, json.at("/counts/kept").asInt());
        assertEquals(148, json.at("/counts/slices").asInt());
        // the decision follows the rule from the slice calls of detection.csv: COVID iff >= 10% of kept slices
        int kept = 0;
        int covid = 0;
        for (String line : Files.readAllLines(out.resolve("detection.csv")).subList(1, 149)) {
            String[] c = line.split(",", -1);
            if (c[2].equals("1")) {
                kept++;
                double p = Double.parseDouble(c[4]);
                if (p != 0.5) {
                    assertEquals(p > 0.5 ? "covid" : "normal", c[5], "call of " + c[1] + " at P(covid) " + p);
                }
                covid += c[5].equals("covid") ? 1 : 0;
            }
        }
        assertEquals(90, kept);
        assertEquals(covid, json.at("/counts/covid").asInt());
        assertEquals(10 * covid >= kept ? "covid" : "normal", json.get("decision").asText(), covid + " of " + kept);
        assertEquals(64, json.at("/model/weights_sha256").asText().length());
        assertEquals(0, json.get("warnings").size(), "a clean real series raises no warning: " + json.get("warnings"));
        String html = Files.readString(out.resolve("report.html"));
        assertEquals(148, html.split("<figure class='", -1).length - 1, "one thumbnail per slice");
        assertTrue(html.contains("Grad-CAM"));
        assertFalse(html.contains("src='file:") || html.contains("src=\"http"), "self-contained");
    }

    @Test
    void normalSeriesKeepsItsThreeRuns() throws IOException {
        Path out = tmp.resolve("normal001");
        int status = Main.run("detect", "--model", model.toString(), data.resolve("normal/normal001").toString(),
                "--out", out.toString(), "-q");
        assertEquals(0, status);
        assertSelectionMatchesExpected(out, data.resolve("normal/normal001.expected.csv"));
        assertFalse(Files.exists(out.resolve("report.html")));
    }
}
