package org.covidct.app.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.covidct.core.dataset.ClassLabel;
import org.covidct.core.dataset.FoldCsv;
import org.covidct.core.dataset.LabelledSlice;
import org.covidct.nn.model.Architecture;
import org.covidct.nn.model.InputTransform;
import org.covidct.nn.train.LesionRecipe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The demo end to end at a size a test affords (10 phantom persons at 128 px, one epoch per stage): every step
 * runs, and what it leaves says what the model learnt from (the card), how it was trained (curves of both stages),
 * where it looks (the pointing game) and, with labelled real series, how it scores against radiologists, marked
 * in-sample. Whether the recipe learns is measured at full size in docs/TRAINING.md, not here.
 */
class DemoPipelineTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private static DemoSettings tiny(int pairs) {
        return new DemoSettings(10, 128, Architecture.FPN, 128, 0.125, 1, 8, 3e-4f, false, List.of(1), 7,
                DemoSettings.ALL_REPORTS, 16, InputTransform.LUNG_WINDOW, new LesionRecipe.Stage(1, 16, 1e-3f), pairs);
    }

    @Test
    void phantomDemoLeavesACardedModelCurvesAndThePointingGame() throws Exception {
        Path out = tmp.resolve("demo");
        StringWriter console = new StringWriter();
        Path index = new DemoPipeline(tiny(1), out, new PrintWriter(console)).run(DemoPipeline.Inputs.phantomsOnly());
        String log = console.toString();
        JsonNode card = JSON.readTree(out.resolve("model/run.json").toFile()).get("card");
        assertEquals("synthetic phantoms", card.get("trained_on").asText());
        assertEquals("synthetic", card.get("data_kind").asText());
        assertTrue(card.get("validation").get("metrics").has("test_accuracy"), card.toString());
        JsonNode backbone = JSON.readTree(out.resolve("backbone/run.json").toFile());
        assertEquals("resnet50v2", backbone.get("architecture").asText());
        JsonNode model = JSON.readTree(out.resolve("model/run.json").toFile());
        assertEquals("fpn", model.get("architecture").asText());
        assertEquals("lung-window", model.get("inputTransform").asText());
        assertTrue(Files.size(out.resolve("model/curves.png")) > 1000);
        assertTrue(Files.size(out.resolve("backbone/curves.png")) > 1000);
        // the lesion training set holds masks for its synthetic positives
        Path flat = out.resolve("lesion-set/fold1/flat");
        assertTrue(Files.isDirectory(flat.resolve("masks")));
        assertFalse(FoldCsv.read(flat.resolve("train1.csv")).isEmpty());
        String html = Files.readString(index);
        assertTrue(html.contains("pointing game"), "the page plays the pointing game");
        assertTrue(log.contains("pointing game: Grad-CAM peak on the lesion in"), log);
        assertFalse(html.contains("Real CT against radiologists"), "no real series were given");
        assertTrue(html.contains("lesion recipe"), "the page says how the model was trained");
    }

    @Test
    void withRealSeriesTheCardNamesThemAndTheScoresAreMarkedInSample() throws Exception {
        Path real = Path.of(System.getProperty("covidct.shared"), "data", "real", "covid-ct-md");
        assertTrue(Files.isDirectory(real), real.toString());
        Path out = tmp.resolve("demo-real");
        StringWriter console = new StringWriter();
        Path index = new DemoPipeline(tiny(1), out, new PrintWriter(console))
                .run(new DemoPipeline.Inputs(null, real, real, false));
        JsonNode card = JSON.readTree(out.resolve("model/run.json").toFile()).get("card");
        String trainedOn = card.get("trained_on").asText();
        assertTrue(trainedOn.startsWith("phantoms + 3 real COVID-CT-MD series"), trainedOn);
        assertTrue(trainedOn.contains("P001") && trainedOn.contains("normal001") && trainedOn.contains("cap001"), trainedOn);
        assertEquals(2, card.get("training").size(), "phantom and real sources: " + card);
        JsonNode realCt = card.get("real_ct");
        assertEquals(1, realCt.size());
        assertTrue(realCt.get(0).get("on").asText().startsWith("IN-SAMPLE"), realCt.toString());
        JsonNode summary = JSON.readTree(out.resolve("real-ct/summary.json").toFile());
        assertEquals(3, summary.get("persons").size());
        assertTrue(Files.isRegularFile(out.resolve("real-ct/reports/covid_P001.html")));
        String html = Files.readString(index);
        assertTrue(html.contains("Real CT against radiologists") && html.contains("In-sample"), "marked in-sample");
        // the infected real slices of the COVID patient are positives; the other pneumonia's are left out
        List<LabelledSlice> train = FoldCsv.read(out.resolve("lesion-set/fold1/flat/train1.csv"));
        assertTrue(train.stream().anyMatch(s -> s.filename().startsWith("P001") && s.filename().endsWith("_real.tif")
                && s.label() == ClassLabel.COVID));
        assertTrue(train.stream().noneMatch(s -> s.filename().startsWith("cap001") && s.filename().endsWith("_real.tif")));
    }

    @Test
    void theControlPermutesLabelsKeepingTheirCounts() throws Exception {
        Path csv = tmp.resolve("train1.csv");
        List<LabelledSlice> rows = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            rows.add(new LabelledSlice(String.format("s%03d.tif", i), i < 60 ? ClassLabel.COVID : ClassLabel.NORMAL));
        }
        FoldCsv.write(csv, rows);
        DemoPipeline.shuffleLabels(csv, 3);
        List<LabelledSlice> shuffled = FoldCsv.read(csv);
        assertEquals(rows.stream().map(LabelledSlice::filename).toList(),
                shuffled.stream().map(LabelledSlice::filename).toList(), "the same files in the same order");
        assertEquals(60, shuffled.stream().filter(s -> s.label() == ClassLabel.COVID).count());
        long moved = 0;
        for (int i = 0; i < rows.size(); i++) {
            moved += rows.get(i).label() != shuffled.get(i).label() ? 1 : 0;
        }
        // a permutation of 60 COVID among 200 moves about 2 x 60 x 140 / 200 = 84 labels; 40 is far below chance
        assertTrue(moved > 40, "labels moved: " + moved);
    }
}
