package org.covidct.app.options;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.covidct.app.MainAccess;
import org.covidct.nn.run.RunDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code --arch} names an architecture and {@code --model} a trained RUN_DIR in every command; the old
 * {@code --model ARCH} spelling still works where it meant an architecture, with one warning line.
 */
class OptionSpellingTest {

    private static final String WARNING_FPN = "covidct: warning: --model fpn names an architecture: use --arch fpn; "
            + "--model will only name a trained RUN_DIR";

    @TempDir
    Path tmp;

    record Run(int exit, String out, String err) {
    }

    static Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = MainAccess.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static CommandLine command(String... path) {
        CommandLine c = MainAccess.commandLine();
        for (String name : path) {
            c = c.getSubcommands().get(name);
        }
        return c;
    }

    @Test
    void oldModelSpellingBuildsTheSameNetworkWithOneWarningLine() {
        Run arch = cli("init-model", "--arch", "fpn", "--size", "96", "--width", "0.125", "--seed", "7",
                "--out", tmp.resolve("arch").toString());
        Run old = cli("init-model", "--model", "fpn", "--size", "96", "--width", "0.125", "--seed", "7",
                "--out", tmp.resolve("old").toString());
        assertEquals(0, arch.exit(), arch.err());
        assertEquals(0, old.exit(), old.err());
        assertEquals("", arch.err());
        assertEquals(WARNING_FPN + "\n", old.err());
        assertEquals(RunDir.readManifest(tmp.resolve("arch")).weightsSha256(),
                RunDir.readManifest(tmp.resolve("old")).weightsSha256());
    }

    @Test
    void modelInfoReadsAnArchitectureNameGivenToModelAsTheOldSpelling() {
        Run arch = cli("model-info", "--arch", "fpn", "--size", "128", "--width", "0.25");
        Run old = cli("model-info", "--model", "fpn", "--size", "128", "--width", "0.25");
        assertEquals(0, old.exit(), old.err());
        assertEquals(arch.out(), old.out());
        assertEquals(WARNING_FPN + "\n", old.err());
        assertEquals("", arch.err());
    }

    @Test
    void modelInfoDescribesATrainedModelFromItsRunJson() {
        Path run = tmp.resolve("run");
        assertEquals(0, cli("init-model", "--arch", "resnet50v2", "--size", "64", "--width", "0.125",
                "--out", run.toString()).exit());
        Run byArch = cli("model-info", "--arch", "resnet50v2", "--size", "64", "--width", "0.125");
        Run byRun = cli("model-info", "--model", run.toString());
        assertEquals(0, byRun.exit(), byRun.err());
        assertEquals("", byRun.err());
        assertTrue(byRun.out().startsWith(byArch.out()), byRun.out());
        assertTrue(byRun.out().contains("weights_sha256=" + RunDir.readManifest(run).weightsSha256() + "\n"),
                byRun.out());
        assertTrue(byRun.out().contains("source=init\n"), byRun.out());

        Run shaped = cli("model-info", "--model", run.toString(), "--size", "96");
        assertEquals(2, shaped.exit());
        assertTrue(shaped.err().contains("a RUN_DIR has its own"), shaped.err());
        Run neither = cli("model-info");
        assertEquals(2, neither.exit());
        assertTrue(neither.err().contains("give either --arch"), neither.err());
        Run missing = cli("model-info", "--model", tmp.resolve("vgg16").toString());
        assertEquals(2, missing.exit());
        assertTrue(missing.err().startsWith("covidct: error: ") && missing.err().contains("vgg16"), missing.err());
    }

    @Test
    void benchInferTimesATrainedModelGivenWithModel() {
        Path run = tmp.resolve("run");
        assertEquals(0, cli("init-model", "--arch", "resnet50v2", "--size", "64", "--width", "0.125",
                "--out", run.toString()).exit());
        Run r = cli("bench", "infer", "--model", run.toString(), "--iterations", "1", "--warmup", "0");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("model=resnet50v2\nsize=64\n"), r.out());
        Run old = cli("bench", "infer", "--model", "resnet50v2", "--size", "64", "--width", "0.125", "--iterations",
                "1", "--warmup", "0");
        assertEquals(0, old.exit(), old.err());
        assertTrue(old.err().contains("--model resnet50v2 names an architecture: use --arch resnet50v2"), old.err());
    }

    @Test
    void demoAndImportKerasTakeTheOldSpellingToo() {
        // both stop at a later check, after the architecture was read from --model
        Run demo = cli("demo", "--model", "fpn", "--epochs", "0", "--out", tmp.resolve("demo").toString());
        assertEquals(2, demo.exit());
        assertEquals(List.of(WARNING_FPN, "covidct: error: --epochs must be at least 1 and --folds positive fold numbers"),
                demo.err().strip().lines().toList());
        Run keras = cli("import-keras", tmp.resolve("none.h5").toString(), "--model", "fpn", "--out",
                tmp.resolve("k").toString());
        assertEquals(2, keras.exit());
        assertTrue(keras.err().startsWith(WARNING_FPN + "\ncovidct: error: "), keras.err());
    }

    @Test
    void synthTakesItsOldSpellingsWithAWarning() throws Exception {
        Path now = tmp.resolve("now");
        Path old = tmp.resolve("old");
        Run a = cli("synth", "--out", now.toString(), "--patients", "1", "--phantom-size", "32", "--covid-share", "1",
                "-q");
        Run b = cli("synth", "--out", old.toString(), "--patients", "1", "--size", "32", "--covid-fraction", "1", "-q");
        assertEquals(0, a.exit(), a.err());
        assertEquals(0, b.exit(), b.err());
        // (synth's own warning, too few patients for folds, is printed by both)
        assertEquals(List.of(), a.err().lines().filter(l -> l.startsWith("covidct:")).toList());
        assertEquals(List.of("covidct: warning: synth --size is now --phantom-size (--size is a network's input size)",
                "covidct: warning: synth --covid-fraction is now --covid-share (--covid-fraction is the patient "
                        + "rule's fraction)"), b.err().lines().filter(l -> l.startsWith("covidct:")).toList());
        assertEquals(java.nio.file.Files.readString(now.resolve("all.csv")),
                java.nio.file.Files.readString(old.resolve("all.csv")));
        assertTrue(java.nio.file.Files.readString(now.resolve("Patient_details.csv")).contains(",Positive,"),
                "a share of 1 makes the one patient a COVID patient (0.5, the default, makes it normal)");
        String slice = "flat/synthcovid_patient1_SR_2_IM00025.tif";
        assertTrue(java.util.Arrays.equals(java.nio.file.Files.readAllBytes(now.resolve(slice)),
                java.nio.file.Files.readAllBytes(old.resolve(slice))), "the same 32 px slice");
    }

    @Test
    void architectureGivenTwiceOrNotAtAllIsAUsageError() {
        Run both = cli("init-model", "--arch", "fpn", "--model", "fpn", "--out", tmp.resolve("x").toString());
        assertEquals(2, both.exit());
        assertTrue(both.err().contains("give the architecture once, with --arch"), both.err());
        Run none = cli("init-model", "--out", tmp.resolve("y").toString());
        assertEquals(2, none.exit());
        assertTrue(none.err().contains("Missing required option: '--arch=fpn|resnet50v2|xception'"), none.err());
        Run unknown = cli("init-model", "--arch", "vgg16", "--out", tmp.resolve("z").toString());
        assertEquals(2, unknown.exit());
        assertTrue(unknown.err().startsWith("covidct: error: unknown architecture 'vgg16'"), unknown.err());
    }

    @Test
    void archNamesArchitecturesAndModelNamesTrainedRunDirsInEveryCommand() {
        for (List<String> path : List.of(List.of("train"), List.of("init-model"), List.of("import-keras"),
                List.of("demo"))) {
            CommandLine.Model.CommandSpec spec = command(path.toArray(String[]::new)).getCommandSpec();
            assertFalse(spec.findOption("--arch").hidden(), path + " shows --arch");
            assertTrue(spec.findOption("--model").hidden(), path + " hides the old --model spelling");
        }
        for (List<String> path : List.of(List.of("detect"), List.of("evaluate"), List.of("validate-patients"),
                List.of("gradcam"), List.of("model-info"), List.of("bench", "infer"))) {
            CommandLine.Model.CommandSpec spec = command(path.toArray(String[]::new)).getCommandSpec();
            OptionSpec model = spec.findOption("--model");
            assertNotNull(model, path + " has --model");
            assertFalse(model.hidden());
            assertEquals("RUN_DIR", model.paramLabel(), path + ": --model names a RUN_DIR");
        }
        for (String name : List.of("detect", "evaluate", "validate-patients", "gradcam")) {
            assertNull(command(name).getCommandSpec().findOption("--arch"), name + " takes a trained model only");
        }
    }

    @Test
    void sharedOptionsHaveOneDescriptionEverywhere() {
        Map<String, String> seen = new HashMap<>();
        Map<String, String> where = new HashMap<>();
        List<String> shared = List.of("--arch", "--rule", "--fold", "--split", "--all-folds", "--series",
                "--no-selection", "--size", "--width", "--quiet", "--workers");
        CommandLine root = MainAccess.commandLine();
        int checked = 0;
        for (CommandLine c : allCommands(root)) {
            for (String name : shared) {
                OptionSpec o = c.getCommandSpec().findOption(name);
                if (o == null || o.hidden()) { // a hidden option is an old spelling kept working
                    continue;
                }
                checked++;
                String description = String.join(" ", o.description());
                String before = seen.putIfAbsent(name, description);
                if (before != null) {
                    assertEquals(before, description, name + " in " + c.getCommandName() + " vs " + where.get(name));
                } else {
                    where.put(name, c.getCommandName());
                }
            }
        }
        assertTrue(checked >= 30, "the shared options appear in several commands: " + checked);
    }

    private static List<CommandLine> allCommands(CommandLine root) {
        List<CommandLine> out = new java.util.ArrayList<>();
        for (CommandLine c : root.getSubcommands().values()) {
            out.add(c);
            out.addAll(allCommands(c));
        }
        return out;
    }
}
