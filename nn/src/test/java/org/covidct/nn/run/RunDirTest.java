package org.covidct.nn.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.covidct.core.CovidctException;
import org.covidct.nn.model.Architecture;
import org.covidct.nn.model.ModelConfig;
import org.covidct.nn.model.Network;
import org.covidct.nn.model.TestNetworks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDirTest {

    private static final ModelConfig SMALL = new ModelConfig(Architecture.RESNET50V2, 40, 0.125);

    @TempDir
    static Path tmp;
    static Path saved;
    static float[] savedLogits;
    static NDArray probe;
    static NDManager shared;

    @BeforeAll
    static void saveOne() {
        shared = NDManager.newBaseManager();
        Network net = TestNetworks.randomised(SMALL, shared, 3);
        probe = shared.randomUniform(0, 2000, net.inputShape(2));
        savedLogits = logits(net, probe, shared);
        saved = tmp.resolve("run");
        RunManifest m = RunManifest.of(SMALL, 3L, "init", "test").withConfig(Map.of("epochs", 2));
        RunManifest written = RunDir.save(saved, net, m);
        assertEquals(RunDir.WEIGHTS, written.weightsFile());
        assertEquals(RunDir.sha256Of(saved.resolve(RunDir.WEIGHTS)), written.weightsSha256());
    }

    private static float[] logits(Network net, NDArray x, NDManager m) {
        return net.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow().toFloatArray();
    }

    private static Path copy(String name) throws IOException {
        Path dir = tmp.resolve(name);
        Files.createDirectories(dir);
        for (String f : new String[] {RunDir.MANIFEST, RunDir.WEIGHTS}) {
            Files.copy(saved.resolve(f), dir.resolve(f));
        }
        return dir;
    }

    @Test
    void roundTripKeepsWeightsAndManifest() throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            LoadedRun run = RunDir.load(saved, Architecture.RESNET50V2, m);
            assertEquals(SMALL, run.manifest().modelConfig());
            assertEquals(3L, run.manifest().seed());
            assertEquals(RunManifest.CLASSES, run.manifest().classes());
            assertEquals(2, ((Number) run.manifest().config().get("epochs")).intValue());
            assertTrue(run.manifest().versions().containsKey("djl"));
            NDArray x = m.create(probe.toFloatArray(), probe.getShape());
            float[] again = logits(run.network(), x, m);
            for (int i = 0; i < again.length; i++) {
                assertEquals(savedLogits[i], again[i], 0f);
            }
        }
        assertFalse(Files.list(saved).anyMatch(p -> p.getFileName().toString().endsWith(".part")));
        // without an expected architecture: whatever the manifest says
        try (NDManager m = NDManager.newBaseManager()) {
            LoadedRun any = RunDir.load(saved, m);
            assertEquals(SMALL, any.network().config());
            assertEquals(saved, any.dir());
        }
    }

    private static String failure(Path dir, Architecture expected) {
        try (NDManager m = NDManager.newBaseManager()) {
            CovidctException e = assertThrows(CovidctException.class, () -> RunDir.load(dir, expected, m));
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
            return e.getMessage();
        }
    }

    @Test
    void missingDirectory() {
        assertTrue(failure(tmp.resolve("nope"), null).contains("does not exist"));
    }

    @Test
    void missingOrTruncatedWeights() throws IOException {
        Path dir = copy("truncated");
        byte[] all = Files.readAllBytes(dir.resolve(RunDir.WEIGHTS));
        Files.write(dir.resolve(RunDir.WEIGHTS), java.util.Arrays.copyOf(all, all.length / 2));
        // both hashes shortened to 12 hex digits
        String cut = RunDir.sha256Of(dir.resolve(RunDir.WEIGHTS)).substring(0, 12);
        String manifest = RunDir.readManifest(dir).weightsSha256().substring(0, 12);
        assertTrue(failure(dir, null).endsWith("weights are damaged or truncated (SHA-256 " + cut
                + "... does not match the manifest's " + manifest + "...)"), failure(dir, null));
        Files.delete(dir.resolve(RunDir.WEIGHTS));
        assertTrue(failure(dir, null).contains("missing weights"));
    }

    @Test
    void anotherArchitectureThanAsked() {
        String msg = failure(saved, Architecture.FPN);
        assertTrue(msg.contains("resnet50v2") && msg.contains("not fpn"), msg);
    }

    @Test
    void unreadableOrMissingManifest() throws IOException {
        Path dir = copy("badjson");
        Files.writeString(dir.resolve(RunDir.MANIFEST), "{\"architecture\": \"fpn\", ");
        assertTrue(failure(dir, null).contains("unreadable manifest"));
        Files.delete(dir.resolve(RunDir.MANIFEST));
        assertTrue(failure(dir, null).contains("no run.json"));
    }

    @Test
    void manifestOfAnImpossibleSize() throws IOException {
        Path dir = copy("badsize");
        String json = Files.readString(dir.resolve(RunDir.MANIFEST)).replace("\"architecture\" : \"resnet50v2\"",
                "\"architecture\" : \"fpn\"");
        Files.writeString(dir.resolve(RunDir.MANIFEST), json);
        assertTrue(failure(dir, null).contains("input size 40 is not possible for fpn"));
    }
}
