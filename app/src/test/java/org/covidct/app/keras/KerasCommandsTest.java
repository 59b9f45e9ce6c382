package org.covidct.app.keras;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import org.covidct.app.MainAccess;
import org.covidct.nn.model.Architecture;
import org.covidct.nn.run.LoadedRun;
import org.covidct.nn.run.RunDir;
import org.covidct.nn.run.RunManifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KerasCommandsTest {

    record Run(int exit, String out, String err) {
    }

    static Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine c = MainAccess.commandLine();
        c.setOut(new PrintWriter(out, true));
        c.setErr(new PrintWriter(err, true));
        int code = c.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private static String size(Architecture a) {
        return a == Architecture.FPN ? "65" : "71";
    }

    @ParameterizedTest
    @EnumSource(Architecture.class)
    void initExportImportGivesTheSameNetwork(Architecture a, @TempDir Path tmp) {
        Path original = tmp.resolve("original");
        Path h5 = tmp.resolve("exported.h5");
        Path imported = tmp.resolve("imported");
        Run init = cli("init-model", "--arch", a.cliName(), "--size", size(a), "--width", "0.125", "--seed", "3",
                "--out", original.toString());
        assertEquals(0, init.exit(), init.err());
        Run export = cli("export-keras", original.toString(), h5.toString());
        assertEquals(0, export.exit(), export.err());
        assertTrue(export.out().contains("out=" + h5), export.out());
        // no --size/--width: the export records the network's shape; another seed for anything not imported
        Run imp = cli("import-keras", h5.toString(), "--arch", a.cliName(), "--seed", "99", "--out", imported.toString());
        assertEquals(0, imp.exit(), imp.err());
        assertTrue(imp.out().contains("keras_layers_unused=0\n"), imp.out());
        assertTrue(imp.out().contains("blocks_uninitialised=0\n"), imp.out());
        assertTrue(imp.out().contains("first_conv=loaded: "), imp.out());

        RunManifest m = RunDir.readManifest(imported);
        assertEquals("keras-import:exported.h5", m.source());
        assertEquals(RunDir.sha256Of(h5), m.config().get("keras_source_sha256"));
        // every parameter identical: DJL writes byte-identical weights
        assertEquals(RunDir.readManifest(original).weightsSha256(), m.weightsSha256());
        try (NDManager manager = NDManager.newBaseManager()) {
            LoadedRun x = RunDir.load(original, a, manager);
            LoadedRun y = RunDir.load(imported, a, manager);
            Engine.getInstance().setRandomSeed(1);
            NDArray input = manager.randomUniform(0, 2500, x.network().inputShape(1));
            float[] ox = x.network().forward(new ParameterStore(manager, false), new NDList(input), false).singletonOrThrow().toFloatArray();
            float[] oy = y.network().forward(new ParameterStore(manager, false), new NDList(input), false).singletonOrThrow().toFloatArray();
            assertArrayEquals(ox, oy);
        }
    }

    @Test
    void badInputsAreOneLineErrorsAndWriteNothing(@TempDir Path tmp) throws IOException {
        Path text = tmp.resolve("model.h5");
        Files.writeString(text, "not hdf5");
        Path out = tmp.resolve("out");
        Run r = cli("import-keras", text.toString(), "--arch", "fpn", "--out", out.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("covidct: error: " + text + ": not an HDF5 file"), r.err());
        assertEquals(1, r.err().strip().lines().count());
        assertFalse(Files.exists(out.resolve(RunDir.MANIFEST)));

        Run init = cli("init-model", "--arch", "resnet50v2", "--size", "40", "--width", "0.125", "--out", tmp.resolve("run").toString());
        assertEquals(0, init.exit(), init.err());
        Path h5 = tmp.resolve("resnet.h5");
        assertEquals(0, cli("export-keras", tmp.resolve("run").toString(), h5.toString()).exit());
        r = cli("import-keras", h5.toString(), "--arch", "xception", "--out", out.toString());
        assertEquals(2, r.exit());
        assertEquals("covidct: error: " + h5 + ": was exported from model 'resnet50v2', not 'xception'", r.err().strip());
        r = cli("import-keras", h5.toString(), "--arch", "resnet50v2", "--size", "64", "--out", out.toString());
        assertEquals("covidct: error: " + h5 + ": the model's input size is 40 but --size is 64", r.err().strip());
        r = cli("import-keras", h5.toString(), "--arch", "resnet50v2", "--first-conv", "mean", "--out", out.toString());
        assertEquals("covidct: error: --first-conv must be skip or sum, not 'mean'", r.err().strip());
        assertFalse(Files.exists(out));

        r = cli("export-keras", tmp.resolve("absent").toString(), tmp.resolve("x.h5").toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("model directory does not exist"), r.err());
        assertFalse(Files.exists(tmp.resolve("x.h5")));
        assertEquals(List.of(), leftovers(tmp));
    }

    private static List<String> leftovers(Path dir) throws IOException {
        try (var s = Files.walk(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".part")).toList();
        }
    }
}
