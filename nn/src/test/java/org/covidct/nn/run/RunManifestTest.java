package org.covidct.nn.run;

import org.covidct.nn.model.Architecture;
import org.covidct.nn.model.ModelConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The manifest's defaults and its with-methods, which each change one field and keep the others. */
class RunManifestTest {

    private static final ModelConfig FPN = new ModelConfig(Architecture.FPN, 128, 0.125);

    @Test
    void absentListsAndMapsBecomeTheDefaults() {
        RunManifest m = new RunManifest(1, "fpn", 128, 0.125, null, null, null, null, null, null, null, null, null, null,
                null, null);
        assertEquals(List.of("covid", "normal"), m.classes());
        assertEquals("raw", m.inputTransform(), "run.json files from before input transforms are raw");
        assertNull(m.card(), "no card written: ModelCard.legacy derives one when asked");
        assertEquals(Map.of(), m.config());
        assertEquals(Map.of(), m.versions());
        // given ones are kept (as copies)
        RunManifest given = new RunManifest(1, "fpn", 128, 0.125, List.of("normal", "covid"), 5L, "h",
                Map.of("epochs", 3), Map.of("java", "17"), "w", "s", "c", "init", "t", "lung-window", null);
        assertEquals("lung-window", given.inputTransform());
        assertEquals(List.of("normal", "covid"), given.classes());
        assertEquals(Map.of("epochs", 3), given.config());
        assertEquals(Map.of("java", "17"), given.versions());
    }

    @Test
    void withMethodsChangeOneFieldEach() {
        RunManifest m = RunManifest.of(FPN, 7L, "init", "covidct init-model");
        assertEquals(FPN, m.modelConfig());
        assertEquals(RunManifest.FORMAT_VERSION, m.formatVersion());
        assertNull(m.dataHash());
        assertNull(m.weightsFile());
        RunManifest hashed = m.withDataHash("abc");
        assertEquals("abc", hashed.dataHash());
        assertEquals(m.withDataHash(null), m);
        RunManifest configured = hashed.withConfig(Map.of("fold", 2));
        assertEquals(Map.of("fold", 2), configured.config());
        assertEquals("abc", configured.dataHash());
        RunManifest weighed = configured.withWeights("weights.params", "00ff");
        assertEquals("weights.params", weighed.weightsFile());
        assertEquals("00ff", weighed.weightsSha256());
        assertEquals(List.of(7L, "init", "covidct init-model", Map.of("fold", 2), "abc"),
                List.of(weighed.seed(), weighed.source(), weighed.createdBy(), weighed.config(), weighed.dataHash()));
    }

    @Test
    void versionsNameEveryLibrary() {
        Map<String, String> v = Versions.current();
        assertEquals(List.of("covidct", "djl", "pytorch", "java"), List.copyOf(v.keySet()));
        // run from class folders there is no jar manifest: the build's version stands in
        assertTrue(v.get("covidct").matches("\\d+\\.\\d+\\.\\d+.*"), v.toString());
        assertEquals("2.7.1", v.get("pytorch"));
        assertEquals(System.getProperty("java.version"), v.get("java"));
    }
}
