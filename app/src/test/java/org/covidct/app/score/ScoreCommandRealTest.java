package org.covidct.app.score;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.covidct.app.MainAccess;
import org.covidct.app.TestModels;
import org.covidct.nn.model.Architecture;
import org.covidct.nn.run.RunDir;
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
 * {@code covidct score} on the shared real series P001 (COVID) and cap001 (other pneumonia) with their radiologists'
 * labels: the selection recall figures of issue 10 (reference rule: 69 of P001's 80 infected slices, 1 of cap001's
 * 30; lung-aware, a quarter of the series' largest enclosed air: 80 of 80 and 30 of 30). Selection does not depend on the model, an initialised one here.
 */
class ScoreCommandRealTest {

    @TempDir
    Path tmp;

    @Test
    void selectionRecallOnTheSharedSeries() throws IOException {
        Path shared = Path.of(System.getProperty("covidct.shared"), "data", "real", "covid-ct-md");
        Path layout = tmp.resolve("real");
        for (String s : List.of("covid/P001", "cap/cap001", "labels")) {
            Files.createDirectories(layout.resolve(s).getParent());
            Files.createSymbolicLink(layout.resolve(s), shared.resolve(s).toAbsolutePath());
        }
        Path model = TestModels.initialised(tmp.resolve("model"), Architecture.RESNET50V2, 64, 0.125, 1);
        Path out = tmp.resolve("out");
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        CommandLine cli = MainAccess.commandLine();
        cli.setOut(new PrintWriter(stdout, true));
        cli.setErr(new PrintWriter(stderr, true));
        int exit = cli.execute("score", "--model", model.toString(), layout.toString(), "--out", out.toString(), "-q",
                "--record");
        assertEquals(0, exit, stderr.toString());
        JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertEquals("69 of 80", summary.at("/selection_recall/reference/by_series/P001").asText());
        assertEquals("1 of 30", summary.at("/selection_recall/reference/by_series/cap001").asText());
        assertEquals("80 of 80", summary.at("/selection_recall/lung-aware/by_series/P001").asText());
        assertEquals("30 of 30", summary.at("/selection_recall/lung-aware/by_series/cap001").asText());
        List<String> scores = Files.readAllLines(out.resolve("scores.csv"));
        assertTrue(scores.get(1).startsWith("P001,covid,148,90,80,69,0.862500,1.000000,"), scores.get(1));
        assertTrue(scores.get(2).startsWith("cap001,cap,168,"), scores.get(2));
        assertEquals(1 + 148 + 168, Files.readAllLines(out.resolve("slices.csv")).size());
        assertTrue(stdout.toString().contains("selection recall, reference rule: {P001=69 of 80, cap001=1 of 30}"),
                stdout.toString());
        // --record: the model's card now holds the scores, so the untrained model counts as validated by them
        var card = RunDir.readManifest(model).modelCard();
        assertEquals(1, card.realCt().size());
        assertTrue(card.realCt().get(0).decisions().containsKey("covid/P001"));
        assertTrue(card.validated());
    }
}
