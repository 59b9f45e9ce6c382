package org.covidct.app.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.covidct.app.CliRun;
import org.covidct.app.Main;
import org.covidct.core.CovidctException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.covidct.app.server.ServerFixtures.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Issue 11 through the server: a model without validation is refused by {@code covidct serve} in one line with
 * exit 2 and no store (as detect refuses it), or by the builder before anything is written; accepted with
 * {@code --allow-unvalidated}, every job's decision.json warns. An input that cannot carry a verdict (P001's first
 * 20 slices: the apex, the lungs not spanned) gives a job "undecided" with the reason detect gives.
 */
class ServeVerdictTest {

    @TempDir
    static Path tmp;
    static Path model;

    @BeforeAll
    static void setUp() {
        model = model(tmp.resolve("model"));
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES) // were the model accepted, serve would run until stopped
    void serveRefusesAnUntrainedModelInOneLine() {
        Path store = tmp.resolve("refused-store");
        CliRun r = CliRun.of("serve", "--model", model.toString(), "--port", "0", "--store", store.toString());
        assertEquals(2, r.exit(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("covidct: error: " + model + ": refused: the model is untrained"), r.err());
        assertTrue(r.err().contains("--allow-unvalidated"), r.err());
        assertEquals("", r.out());
        assertFalse(Files.exists(store), "a refused model leaves no store behind");
    }

    @Test
    void theBuilderRefusesItUnlessAllowed() {
        Path store = tmp.resolve("builder-store");
        CovidctException e = assertThrows(CovidctException.class,
                () -> ServerFixtures.start(model, store, b -> b.optAllowUnvalidated(false)).close());
        assertTrue(e.getMessage().contains("refused: the model is untrained"), e.getMessage());
        assertFalse(Files.exists(store));
    }

    /** P001's first 20 slices in the order of the data's expected CSV (instance order): the top of the chest. */
    private static List<Path> apex() throws Exception {
        Path p001 = covidCtMd().resolve("covid/P001");
        List<Path> files = new ArrayList<>();
        for (String line : Files.readAllLines(covidCtMd().resolve("covid/P001.expected.csv")).subList(1, 21)) {
            files.add(p001.resolve(line.split(",")[1]));
        }
        return files;
    }

    @Test
    void theApexOfP001IsUndecidedAsDetectSaysWithTheModelsWarning() throws Exception {
        try (Running server = ServerFixtures.start(model, tmp.resolve("store"), b -> { })) {
            String job = upload(server.url(), zip("P001-apex", apex()));
            JsonNode rec = waitFinished(server.url(), job, Duration.ofMinutes(2));
            assertEquals("done", rec.get("state").asText(), rec.toString());
            assertEquals("undecided", rec.get("decision").asText(), "the job list carries the third decision");

            ObjectNode fromServer = (ObjectNode) getJson(server.url() + "/api/jobs/" + job + "/result");
            assertEquals("undecided", fromServer.get("decision").asText());
            assertEquals("series_does_not_span_lungs", fromServer.at("/undecided_reason/code").asText());
            assertTrue(fromServer.get("warnings").toString().contains("Unvalidated model, accepted with --allow-unvalidated"),
                    fromServer.get("warnings").toString());

            // detect on the job's own series folder: the same decision, reason and warnings
            Path input = server.app().store().input(job).resolve(rec.at("/series/label").asText());
            Path out = tmp.resolve("detect-apex");
            assertEquals(0, Main.run("detect", "--model", model.toString(), input.toString(), "--out", out.toString(),
                    "--allow-unvalidated", "-q"));
            ObjectNode fromDetect = (ObjectNode) JSON.readTree(out.resolve("decision.json").toFile());
            for (ObjectNode n : List.of(fromServer, fromDetect)) {
                n.remove("time");
            }
            assertEquals(fromDetect, fromServer);
        }
    }
}
