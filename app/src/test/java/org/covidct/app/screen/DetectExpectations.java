package org.covidct.app.screen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What {@code covidct detect} says about each series of a {@link ScreenArchive}, run on the folder holding that series
 * alone, and the comparison of a results.csv with it: the expected values come from detect's own decision.json (or its
 * one-line error), never from screen's code.
 */
public final class DetectExpectations {

    /** detect's values for one series (decision.json's), or its error. */
    public record Expected(String decision, int kept, int covid, Double fraction, int slices, String error) {
    }

    private DetectExpectations() {
    }

    /** The options of the small test models that detect needs besides --model, SRC, --out (issue 11's gate). */
    public static List<String> modelOptions() {
        return ScreenCli.hasOption("detect", "--allow-unvalidated") ? List.of("--allow-unvalidated") : List.of();
    }

    public static Map<String, Expected> detectEach(ScreenArchive archive, Path model, Path work) throws IOException {
        Map<String, Expected> out = new LinkedHashMap<>();
        int i = 0;
        ObjectMapper json = new ObjectMapper();
        for (ScreenArchive.Entry e : archive.entries().values()) {
            Path dir = work.resolve("detect-" + i++);
            List<String> args = new ArrayList<>(List.of("detect", "--model", model.toString(), e.alone().toString(),
                    "--out", dir.toString(), "-q"));
            args.addAll(modelOptions());
            ScreenCli r = ScreenCli.run(args.toArray(String[]::new));
            if (e.broken()) {
                assertEquals(2, r.exit(), e.seriesPath() + ": detect should refuse the damaged series: " + r.err());
                String line = r.err().strip();
                assertTrue(line.startsWith("covidct: error: "), line);
                out.put(e.seriesPath(), new Expected(null, 0, 0, null, 0, line.substring("covidct: error: ".length())));
                continue;
            }
            assertEquals(0, r.exit(), e.seriesPath() + ": " + r.err());
            JsonNode d = json.readTree(dir.resolve("decision.json").toFile());
            JsonNode decision = d.get("decision");
            out.put(e.seriesPath(), new Expected(decision.isNull() ? "undecided" : decision.asText(),
                    d.at("/counts/kept").asInt(), d.at("/counts/covid").asInt(),
                    d.get("fraction").isNull() ? null : d.get("fraction").doubleValue(), d.at("/counts/slices").asInt(),
                    null));
        }
        return out;
    }

    /** Asserts that results.csv has exactly one row per series of the archive, each with detect's values. */
    public static void assertMatches(Map<String, Expected> expected, Path resultsCsv) {
        List<Map<String, String>> rows = ResultsTable.read(resultsCsv);
        Map<String, Map<String, String>> byPath = new LinkedHashMap<>();
        rows.forEach(r -> assertEquals(null, byPath.put(r.get("series_path"), r), "two rows for " + r.get("series_path")));
        assertEquals(expected.keySet(), byPath.keySet(), "one row per series");
        expected.forEach((path, e) -> {
            Map<String, String> r = byPath.get(path);
            assertNotNull(r, path);
            if (e.error() != null) {
                assertEquals("", r.get("decision"), path);
                assertEquals(e.error(), r.get("error"), path + ": the row carries detect's error");
                return;
            }
            assertEquals("", r.get("error"), path);
            assertEquals(e.decision(), r.get("decision"), path + " decision");
            assertEquals(Integer.toString(e.kept()), r.get("kept"), path + " kept");
            assertEquals(Integer.toString(e.covid()), r.get("covid"), path + " covid");
            assertEquals(Integer.toString(e.slices()), r.get("slices"), path + " slices");
            if (e.fraction() == null) {
                assertEquals("", r.get("fraction"), path + " fraction");
            } else {
                assertEquals(e.fraction(), Double.parseDouble(r.get("fraction")), 0.0, path + " fraction");
            }
        });
    }
}
