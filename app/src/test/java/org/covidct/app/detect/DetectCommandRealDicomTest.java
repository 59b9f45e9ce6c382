package org.covidct.app.detect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.covidct.app.Main;
import org.covidct.app.MainAccess;
import org.covidct.app.TestModels;
import org.covidct.nn.model.Architecture;
import org.covidct.nn.run.RunDir;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code covidct detect} on the real COVID-CT-MD DICOM series (../shared/data/real/covid-ct-md): the kept
 * slices are exactly those the independently computed expected CSVs mark selected, the dark counts agree,
 * and the outputs are complete. The model is a small initialised FPN (selection does not depend on it), so every
 * run here must pass --allow-unvalidated, and without it detect refuses with one line.
 */
class DetectCommandRealDicomTest {

    @TempDir
    static Path tmp;
    static Path model;
    static Path data;

    record Run(int exit, String out, String err) {
    }

    static Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = MainAccess.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return new Run(cli.execute(args), out.toString(), err.toString());
    }

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
        List<String> lines = Files.readAllLines(out.resolve("detection.csv"));
        assertEquals(DetectionFiles.CSV_HEADER, lines.get(0));
        List<String[]> actual = lines.stream().skip(1).map(l -> l.split(",", -1)).toList();
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            String[] e = expected.get(i);
            String[] a = actual.get(i);
            assertEquals(e[1], a[1], "slice order (instance " + e[0] + ")");
            assertEquals(e[5], a[3], "dark_count of " + e[1]);
            assertEquals(e[6], a[2], "kept of " + e[1]);
            assertEquals(a[2].equals("1"), !a[4].isEmpty(), "p_covid exactly for kept slices: " + e[1]);
            assertEquals(e[0], a[6], "instance of " + e[1]);
            assertFalse(a[7].isEmpty(), "slice_location of " + e[1]);
        }
    }

    @Test
    void covidSeriesWithReport() throws IOException {
        Path out = tmp.resolve("p001");
        int status = Main.run("detect", "--model", model.toString(), data.resolve("covid/P001").toString(),
                "--out", out.toString(), "--report", "--cams", "2", "-q", "--allow-unvalidated",
                "--labels", data.resolve("labels/P001.slice-labels.csv").toString());
        assertEquals(0, status);
        assertSelectionMatchesExpected(out, data.resolve("covid/P001.expected.csv"));
        // slice locations fall along the sweep: 2 mm apart from the first slice on
        List<String[]> rows = Files.readAllLines(out.resolve("detection.csv")).stream().skip(1).map(l -> l.split(",", -1))
                .toList();
        assertEquals(2.0, Math.abs(Double.parseDouble(rows.get(1)[7]) - Double.parseDouble(rows.get(0)[7])), 1e-6);
        JsonNode json = new ObjectMapper().readTree(out.resolve("decision.json").toFile());
        assertEquals(90, json.at("/counts/kept").asInt());
        assertEquals(148, json.at("/counts/slices").asInt());
        // the decision follows the policy from the slice calls of detection.csv: COVID iff >= 10% of kept slices,
        // undecided only within the band of 2 points around it
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
        double share = covid / (double) kept;
        String expected = Math.abs(share - 0.10) < 0.02 ? "undecided" : 10 * covid >= kept ? "covid" : "normal";
        assertEquals(expected, json.get("decision").asText(), covid + " of " + kept);
        assertEquals(64, json.at("/model/weights_sha256").asText().length());
        assertEquals("untrained", json.at("/model/trained_on").asText());
        assertFalse(json.at("/model/validated").asBoolean());
        assertEquals(RunDir.readManifest(model).modelCard().sha256(), json.at("/model/card_sha256").asText());
        assertEquals(1, json.get("warnings").size(), "a clean real series raises only the model's warning: "
                + json.get("warnings"));
        assertTrue(json.get("warnings").get(0).asText().startsWith("Unvalidated model, accepted with "
                + "--allow-unvalidated: the model is untrained"), json.get("warnings").toString());
        assertTrue(json.at("/lungs/spans_lungs").asBoolean());
        // machines: the UIDs of the DICOM headers (de-identified COVID-CT-MD keeps them as given), time, version
        assertTrue(json.get("study_instance_uid").asText().startsWith("1.3.12.2.1107.5.1.4"), json.toString());
        assertTrue(json.get("series_instance_uid").asText().startsWith("1.3.12.2.1107.5.1.4"));
        assertNotEquals(json.get("study_instance_uid").asText(), json.get("series_instance_uid").asText());
        assertTrue(json.get("time").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"));
        assertFalse(json.get("covidct_version").asText().isEmpty());
        assertEquals("SIEMENS SOMATOM Scope", json.at("/study/scanner").asText());
        // --labels: the radiologists' 80 infected slices, 69 of them kept (issue 10's count for the reference rule)
        assertEquals("covid", json.at("/expert/person").asText());
        assertEquals(80, json.at("/expert/infected").asInt());
        assertEquals(69, json.at("/expert/infected_kept").asInt());
        assertEquals(69.0 / 80, json.at("/expert/selection_recall").asDouble(), 1e-12);
        assertEquals(90, json.at("/expert/kept").asInt());
        assertTrue(json.at("/expert/slice_auc").isNumber());
        assertEquals(2.0, json.at("/study/slice_thickness_mm").asDouble());
        String html = Files.readString(out.resolve("report.html"));
        assertEquals(148, html.split("<figure id='slice-", -1).length - 1, "one thumbnail per slice");
        assertTrue(html.contains("<figure id='slice-148' class='dropped"), "numbered in sweep order");
        assertTrue(html.contains("Grad-CAM"));
        assertFalse(html.contains("src='file:") || html.contains("src=\"http"), "self-contained");
        assertTrue(html.contains("class='banner unvalidated'>Unvalidated model: the model is untrained"), "banner");
        assertTrue(html.contains("scanner <b>SIEMENS SOMATOM Scope</b>"), "study details");
        assertTrue(html.contains("slice thickness <b>2 mm</b>"));
        assertTrue(html.contains("kernel <b>"));
        assertTrue(html.contains("study date <b>"));
        assertTrue(html.contains("<h2>The model</h2>") && html.contains("<td class='l'>untrained"), "the card");
        assertTrue(html.contains("id='zoom'") && html.contains("addEventListener('click'"), "slices enlarge on a click");
        assertTrue(html.contains("<h2>Against the radiologists</h2>"));
        assertEquals(80, html.split("<rect class='infected'", -1).length - 1, "the infected range under the curve");
        assertEquals(80, html.split("<figure id='slice-\\d+' class='[a-z ]* inf'", -1).length - 1,
                "infected slices marked in the sweep");
    }

    @Test
    void normalSeriesKeepsItsThreeRunsAndAStaleReportGoes() throws IOException {
        Path out = tmp.resolve("normal001");
        Files.createDirectories(out);
        Files.writeString(out.resolve("report.html"), "an earlier run's report");
        int status = Main.run("detect", "--model", model.toString(), data.resolve("normal/normal001").toString(),
                "--out", out.toString(), "-q", "--allow-unvalidated");
        assertEquals(0, status);
        assertSelectionMatchesExpected(out, data.resolve("normal/normal001.expected.csv"));
        assertFalse(Files.exists(out.resolve("report.html")), "a rerun without --report leaves no stale report");
    }

    @Test
    void anUntrainedModelIsRefusedInOneLine() {
        Path out = tmp.resolve("refused");
        Run r = cli("detect", "--model", model.toString(), data.resolve("covid/P001").toString(), "--out", out.toString(),
                "-q");
        assertEquals(2, r.exit());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("covidct: error: " + model + ": refused: the model is untrained"), r.err());
        assertTrue(r.err().contains("--allow-unvalidated"), r.err());
        assertFalse(Files.exists(out.resolve("decision.json")), "nothing written");
        assertFalse(Files.exists(out.resolve("detection.csv")));
    }

    /** P001's first 20 slices: above the lungs and into the apex; the reference rule keeps 3 of them. */
    static Path apexCut() throws IOException {
        Path dir = tmp.resolve("P001-apex");
        if (Files.isDirectory(dir)) {
            return dir;
        }
        Files.createDirectories(dir);
        for (String line : Files.readAllLines(data.resolve("covid/P001.expected.csv")).subList(1, 21)) {
            String file = line.split(",")[1];
            Files.copy(data.resolve("covid/P001").resolve(file), dir.resolve(file));
        }
        return dir;
    }

    @Test
    void theApexOfP001IsUndecidedWithExitZero() throws IOException {
        Path out = tmp.resolve("apex");
        Run r = cli("detect", "--model", model.toString(), apexCut().toString(), "--out", out.toString(), "-q",
                "--allow-unvalidated");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("P001-apex: undecided (3 of 3 kept slices"), r.out());
        JsonNode json = new ObjectMapper().readTree(out.resolve("decision.json").toFile());
        assertEquals("undecided", json.get("decision").asText());
        assertEquals("series_does_not_span_lungs", json.at("/undecided_reason/code").asText());
        assertTrue(json.at("/undecided_reason/text").asText().contains("its last slice shows"), json.toString());
        assertFalse(json.at("/lungs/spans_lungs").asBoolean());
        assertEquals(3, json.at("/counts/kept").asInt());
    }

    @Test
    void everyThirteenthSliceOfNormal001KeepsTooFewSlices() throws IOException {
        // 12 slices spread over the whole sweep (instances 1, 14, ..., 144): the lungs are spanned (closed at both
        // ends), and the reference rule, on this series' own threshold, keeps fewer than ten
        Path dir = tmp.resolve("normal001-sparse");
        Files.createDirectories(dir);
        List<String> lines = Files.readAllLines(data.resolve("normal/normal001.expected.csv")).subList(1, 155);
        for (int i = 0; i < lines.size(); i += 13) {
            String file = lines.get(i).split(",")[1];
            Files.copy(data.resolve("normal/normal001").resolve(file), dir.resolve(file));
        }
        Path out = tmp.resolve("sparse");
        Run r = cli("detect", "--model", model.toString(), dir.toString(), "--out", out.toString(), "-q",
                "--allow-unvalidated");
        assertEquals(0, r.exit(), r.err());
        JsonNode json = new ObjectMapper().readTree(out.resolve("decision.json").toFile());
        assertEquals(12, json.at("/counts/slices").asInt());
        assertTrue(json.at("/lungs/spans_lungs").asBoolean(), json.toString());
        int kept = json.at("/counts/kept").asInt();
        assertTrue(kept > 0 && kept < 10, "kept " + kept);
        assertEquals("undecided", json.get("decision").asText());
        assertEquals("too_few_kept_slices", json.at("/undecided_reason/code").asText());
    }
}
