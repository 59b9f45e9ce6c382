package org.covidct.nn.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.covidct.nn.model.Architecture;
import org.covidct.nn.model.ModelConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCardTest {

    @TempDir
    Path tmp;

    private static ModelCard phantomCard() {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("accuracy", 0.8);
        return ModelCard.builder().setTrainedOn("synthetic phantoms")
                .addTraining(ModelCard.DataSource.synthetic("30 phantom persons at 128 px", 18, 487))
                .optValidation(ModelCard.Evaluation.of("fold 1 validation slices", 6, 120, metrics, "covidct demo"))
                .optRecordedBy("test").build();
    }

    @Test
    void theDataKindFollowsTheSources() {
        assertEquals(ModelCard.DataKind.SYNTHETIC, phantomCard().dataKind());
        assertTrue(phantomCard().syntheticOnly());
        ModelCard mixed = ModelCard.builder().setTrainedOn("phantoms + 3 real COVID-CT-MD series")
                .addTraining(ModelCard.DataSource.synthetic("phantoms", 30, 900))
                .addTraining(ModelCard.DataSource.real("COVID-CT-MD P001, normal001, cap001", 3, 470)).build();
        assertEquals(ModelCard.DataKind.SYNTHETIC_AND_REAL, mixed.dataKind());
        assertFalse(mixed.syntheticOnly());
        assertFalse(mixed.validated(), "no validation, no real-CT score");
        assertThrows(IllegalStateException.class, () -> ModelCard.builder().build());
    }

    @Test
    void validatedMeansMetricsOrRealCtScores() {
        assertTrue(phantomCard().validated());
        ModelCard untrained = ModelCard.untrained("covidct init-model");
        assertFalse(untrained.validated());
        assertTrue(untrained.unvalidatedReason().contains("untrained"));
        ModelCard scored = untrained.withRealCt(ModelCard.Evaluation.of("COVID-CT-MD P001", 1, 90,
                Map.of("slice_auc", 0.5), "covidct score"), "test");
        assertTrue(scored.validated());
        assertNull(scored.unvalidatedReason());
        ModelCard emptyValidation = untrained.withValidation(ModelCard.Evaluation.of("nothing", 0, 0, Map.of(), "x"), "t");
        assertFalse(emptyValidation.validated(), "a validation without a figure is no validation");
    }

    @Test
    void theHashChangesWithTheContentOnly() {
        ModelCard a = phantomCard();
        ModelCard sameContent = new ModelCard(a.trainedOn(), a.dataKind(), a.training(), a.validation(), a.realCt(),
                a.intendedUse(), a.recordedBy(), a.recordedAt());
        assertEquals(a.sha256(), sameContent.sha256());
        assertEquals(64, a.sha256().length());
        ModelCard other = new ModelCard("other data", a.dataKind(), a.training(), a.validation(), a.realCt(),
                a.intendedUse(), a.recordedBy(), a.recordedAt());
        assertNotEquals(a.sha256(), other.sha256());
    }

    @Test
    void runDirsCarryTheirCardThroughJson() throws IOException {
        ModelConfig cfg = new ModelConfig(Architecture.RESNET50V2, 40, 0.125);
        Path dir = tmp.resolve("run");
        try (NDManager m = NDManager.newBaseManager()) {
            RunDir.initialise(dir, cfg, 1, "covidct init-model --arch resnet50v2", m);
        }
        RunManifest read = RunDir.readManifest(dir);
        assertEquals("untrained", read.modelCard().trainedOn());
        assertEquals(ModelCard.DataKind.NONE, read.modelCard().dataKind());
        assertFalse(read.modelCard().validated());
        String weights = read.weightsSha256();
        RunDir.writeCard(dir, phantomCard());
        RunManifest after = RunDir.readManifest(dir);
        assertEquals(phantomCard().trainedOn(), after.modelCard().trainedOn());
        assertEquals(phantomCard().sha256(), after.modelCard().sha256(), "the card reads back as written");
        assertEquals(weights, after.weightsSha256());
        JsonNode json = new ObjectMapper().readTree(dir.resolve(RunDir.MANIFEST).toFile());
        assertEquals("synthetic phantoms", json.at("/card/trained_on").asText());
        assertEquals("synthetic", json.at("/card/data_kind").asText());
        assertEquals(0.8, json.at("/card/validation/metrics/accuracy").asDouble());
        assertEquals(18, json.at("/card/training/0/persons").asInt());
        RunDir.addRealCtScore(dir, ModelCard.Evaluation.of("COVID-CT-MD P001", 1, 90, Map.of("slice_auc", 0.33),
                "covidct score"), "covidct score");
        assertEquals(1, RunDir.readManifest(dir).modelCard().realCt().size());
        assertEquals(0.33, RunDir.readManifest(dir).modelCard().realCt().get(0).metrics().get("slice_auc"));
    }

    @Test
    void manifestsWithoutACardGetOneDerived() throws IOException {
        ModelConfig cfg = new ModelConfig(Architecture.RESNET50V2, 40, 0.125);
        RunManifest init = RunManifest.of(cfg, 1L, "init", "old");
        assertEquals("untrained", init.modelCard().trainedOn());
        assertEquals(init.modelCard().sha256(), init.modelCard().sha256(), "a derived card is the same at every reading");
        assertEquals(init.createdAt(), init.modelCard().recordedAt());
        RunManifest keras = RunManifest.of(cfg, 1L, "keras-import:fold2.h5", "old");
        assertTrue(keras.modelCard().trainedOn().contains("fold2.h5"));
        assertFalse(keras.modelCard().validated());
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("fold", 2);
        config.put("best_epoch", 7);
        config.put("best_val_accuracy", 0.91);
        config.put("validation_slices", 300);
        config.put("data_dir", "/data/flat");
        RunManifest trained = RunManifest.of(cfg, 1L, "train", "covidct train").withConfig(config);
        ModelCard card = trained.modelCard();
        assertTrue(card.validated());
        assertEquals(0.91, card.validation().metrics().get("accuracy"));
        assertEquals(300, card.validation().slices());
        assertTrue(card.trainedOn().contains("fold 2"), card.trainedOn());
    }

    @Test
    void describeGivesOneLinePerFact() {
        var lines = phantomCard().describe();
        assertEquals("trained_on=synthetic phantoms", lines.get(0));
        assertTrue(lines.contains("data_kind=synthetic"));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("validation=fold 1 validation slices (6 persons, 120 "
                + "slices): accuracy 0.8 (")), lines.toString());
        assertTrue(lines.contains("real_ct_scores=none"));
        assertTrue(lines.contains("validated=yes"));
        assertTrue(lines.contains("card_sha256=" + phantomCard().sha256()));
    }
}
