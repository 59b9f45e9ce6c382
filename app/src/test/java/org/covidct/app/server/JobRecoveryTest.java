package org.covidct.app.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.covidct.app.server.ServerFixtures.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * What a start finds after a kill, set up by hand: a job killed after its result was committed is finished
 * without running the detection again (its input is gone: a second run could only fail); leftovers of a job
 * never completed and of an upload being received are removed; an unreadable record is skipped with a warning.
 */
class JobRecoveryTest {

    @TempDir
    Path tmp;

    @Test
    void committedResultIsNotComputedAgain() throws Exception {
        Path store = tmp.resolve("store");
        Path job = Files.createDirectories(store.resolve("jobs/j1"));
        JobRecord.PickedSeries series = new JobRecord.PickedSeries("SR_4", 4, 3, "CT", null, "test", java.util.List.of());
        JobRecord running = JobRecord.queued("j1", "upload", series, null).running();
        Files.write(job.resolve("job.json"), Json.FILES.writeValueAsBytes(running));
        Files.createDirectories(job.resolve("input")); // no series: a detection would fail
        Path result = Files.createDirectories(job.resolve("result"));
        Files.writeString(result.resolve("decision.json"), "{\"decision\": \"normal\", \"fraction\": 0.05}");
        Files.createDirectories(store.resolve("jobs/.j2.1234.tmp/input"));
        Files.createDirectories(job.resolve(".scratch-x"));
        Files.createDirectories(store.resolve("incoming/0a1b/raw"));
        Files.createDirectories(store.resolve("jobs/j3"));
        Files.writeString(store.resolve("jobs/j3/job.json"), "{ not json");

        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (Running s = ServerFixtures.start(model(tmp.resolve("model")), store, b -> b.optLog(new PrintStream(log, true, StandardCharsets.UTF_8), false))) {
            var rec = waitFinished(s.url(), "j1", Duration.ofSeconds(60));
            assertEquals("done", rec.get("state").asText(), rec.toString());
            assertEquals("normal", rec.get("decision").asText());
            assertEquals(2, rec.get("attempts").asInt());
            assertEquals(java.util.List.of("j1", "j3"), entries(store.resolve("jobs")), "the uncompleted job is gone");
            assertEquals(java.util.List.of("input", "job.json", "result"), entries(job), "the scratch folder is gone");
            assertEquals(java.util.List.of(), entries(store.resolve("incoming")));
            assertEquals(1, getJson(s.url() + "/api/jobs").size());
        }
        String text = log.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("job j3: unreadable job.json, ignored"), text);
        assertTrue(text.contains("restored 1 unfinished job(s)"), text);
    }
}
