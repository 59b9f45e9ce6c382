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
    void helpNoCommandAndUnknownNamesGetTheFullCli() {
        for (String[] args : new String[][] {{}, {"help", "select"}, {"--version"}, {"selct"}}) {
            assertTrue(Main.commandLine(args).getSubcommands().size() > 3, String.join(" ", args));
        }
    }

    @Test
    void plainSelectCommandLinesParseWithoutPicocliExactlyAsPicocliParsesThem() {
        String[][] plain = {
                {"select", "src", "--out", "dir"},
                {"select", "--out", "dir", "src"},
                {"select", "src", "--out=dir", "-q"},
                {"select", "src", "--out", "dir", "--rule", "lung-aware", "--no-copy", "--quiet"},
                {"select", "src", "--rule=reference", "--link", "--out", "dir with space"},
        };
        for (String[] args : plain) {
            SelectCommand fast = SelectCommand.plain(args);
            CommandLine cli = Main.commandLine(args);
            CommandLine.ParseResult parsed = cli.parseArgs(args);
            SelectCommand viaPicocli = (SelectCommand) parsed.subcommand().commandSpec().userObject();
            String what = String.join(" ", args);
            assertTrue(fast != null, what);
            assertEquals(viaPicocli.src, fast.src, what);
            assertEquals(viaPicocli.out, fast.out, what);
            assertEquals(viaPicocli.rule, fast.rule, what);
            assertEquals(viaPicocli.noCopy, fast.noCopy, what);
            assertEquals(viaPicocli.link, fast.link, what);
            assertEquals(viaPicocli.quiet, fast.quiet, what);
        }
        // everything else is left to picocli (help, errors, argument files, repeats, conflicts...)
        String[][] notPlain = {
                {"select"}, {"select", "src"}, {"select", "src", "--out"}, {"select", "--help"},
                {"select", "src", "--out", "dir", "--help"}, {"select", "src", "--out", "dir", "-V"},
                {"select", "src", "--out", "a", "--out", "b"}, {"select", "a", "b", "--out", "dir"},
                {"select", "src", "--out", "dir", "-q", "-q"}, {"select", "src", "--out", "dir", "-qq"},
                {"select", "@args.txt", "--out", "dir"}, {"select", "src", "--out", "@dir"},
                {"select", "src", "--out", "-dir"}, {"select", "src", "--out=", "x"},
                {"select", "src", "--out", "dir", "--no-copy", "--link"}, {"select", "src", "--out", "dir", "--"},
                {"select", "src", "--out", "dir", "--no-copy=true"}, {"select", "src", "--out", "dir", "--rule"},
                {"select", "src", "--out", "dir", "--unknown"}, {"split", "src", "--out", "dir"},
                {"select", "src", "--out", "dir\0"},
        };
        for (String[] args : notPlain) {
            assertEquals(null, SelectCommand.plain(args), String.join(" ", args));
        }
    }

    @Test
    void plainSelectRunsLikeThePicocliCommand(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        java.nio.file.Path src = tmp.resolve("SR_2");
        SelectCommandTest.series(src, new int[] {100, 400}, new java.util.Random(1));
        for (String[] args : new String[][] {{"select", src.toString(), "--out", tmp.resolve("a").toString()},
                {"select", tmp.resolve("missing").toString(), "--out", tmp.resolve("b").toString()},
                {"select", src.toString(), "--out", src.resolve("inside").toString(), "-q"}}) {
            assertTrue(SelectCommand.plain(args) != null);
            ConsoleCapture.Result fast = ConsoleCapture.run(args);
            // the same arguments through picocli, with the fast path's output folder
            String[] again = args.clone();
            if (again[3].endsWith("a")) {
                again[3] = tmp.resolve("a2").toString();
            }
            String[] viaPicocli = run(Main.commandLine(again), again);
            assertEquals(viaPicocli[0], Integer.toString(fast.exit()), String.join(" ", args));
            assertEquals(viaPicocli[1].replace(tmp.resolve("a2").toString(), tmp.resolve("a").toString()),
                    fast.out(), String.join(" ", args));
            assertEquals(viaPicocli[2], fast.err(), String.join(" ", args));
        }
        assertEquals(java.nio.file.Files.readString(tmp.resolve("a2/selection.csv")),
                java.nio.file.Files.readString(tmp.resolve("a/selection.csv")));
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
