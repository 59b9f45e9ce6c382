package org.covidct.app;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MainTest {

    @Test
    void aNamedSubcommandGetsAOneCommandCliThatBehavesLikeTheFullOne() {
        CommandLine one = Main.commandLine("select", "x", "--out", "y");
        assertEquals(java.util.Set.of("select"), one.getSubcommands().keySet());
        CommandLine full = Main.commandLine();
        assertTrue(full.getSubcommands().keySet().containsAll(java.util.List.of("help", "select", "split", "visualize")));
        // the same usage text, version and usage error either way
        for (String[] args : new String[][] {{"select", "--help"}, {"select", "--version"}, {"select"},
                {"select", "a", "--out", "b", "--rule"}}) {
            String[] viaOne = run(Main.commandLine(args), args);
            String[] viaFull = run(Main.commandLine(), args);
            assertEquals(viaFull[0], viaOne[0], String.join(" ", args) + " exit");
            assertEquals(viaFull[1], viaOne[1], String.join(" ", args) + " stdout");
            assertEquals(viaFull[2], viaOne[2], String.join(" ", args) + " stderr");
        }
    }

    @Test
    void aMisspeltOptionIsNamedInOneLine() {
        // --model is required too: picocli alone reports it missing and prints the usage
        for (CommandLine cli : new CommandLine[] {Main.commandLine(), Main.commandLine("detect")}) {
            String[] r = run(cli, "detect", "--modle", "m", "series", "--out", "o");
            assertEquals("2", r[0]);
            assertEquals("", r[1]);
            assertEquals("covidct: error: unknown option --modle (did you mean --model?); 'covidct help detect' lists "
                    + "the options\n", r[2]);
        }
        String[] missing = run(Main.commandLine(), "detect", "series", "--out", "o");
        assertEquals("2", missing[0]);
        assertEquals(1, missing[2].lines().count(), missing[2]);
        assertTrue(missing[2].startsWith("covidct: error: Missing required option: '--model=RUN_DIR'"), missing[2]);
        String[] far = run(Main.commandLine(), "select", "a", "--out", "b", "--zzzzzz");
        assertEquals("covidct: error: unknown option --zzzzzz; 'covidct help select' lists the options\n", far[2]);
        assertEquals(2, Main.editDistance("--modle", "--model"));
        assertEquals(0, Main.editDistance("--out", "--out"));
        assertEquals(3, Main.editDistance("", "abc"));
    }

    @Test
    void helpNoCommandAndUnknownNamesGetTheFullCli() {
        for (String[] args : new String[][] {{}, {"help", "select"}, {"--version"}, {"selct"}}) {
            assertTrue(Main.commandLine(args).getSubcommands().size() > 3, String.join(" ", args));
        }
    }

    private static String[] run(CommandLine cli, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new String[] {Integer.toString(exit), out.toString(), err.toString()};
    }
}
