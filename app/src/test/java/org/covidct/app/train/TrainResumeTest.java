package org.covidct.app.train;

import org.covidct.nn.train.Checkpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code covidct train} killed with SIGKILL in the middle of its second epoch, then {@code --resume}: the
 * completed epoch is kept as it was and the run finishes.
 */
class TrainResumeTest {

    @TempDir
    Path tmp;

    @Test
    void resumesAfterKillDashNine() throws Exception {
        Path data = tmp.resolve("data");
        Files.createDirectories(data);
        TrainEvaluateCommandTest.writeDatasetTo(data, 64, new int[] {96, 12, 12});
        Path run = tmp.resolve("run");
        List<String> args = List.of("train", "--data", data.toString(), "--fold", "1", "--model", "resnet50v2",
                "--size", "64", "--width", "0.125", "--epochs", "3", "--batch", "4", "--lr", "1e-3", "--seed", "3",
                "--threads", "1", "--out", run.toString());

        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx1g", "-Dai.djl.offline=true",
                "-cp", System.getProperty("java.class.path"), "org.covidct.app.Main"));
        command.addAll(args);
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        boolean killedInEpoch2 = false;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            // the progress bar shows "epoch 2/3 ... N/24 batches": kill once a couple of batches of epoch 2 are done
            StringBuilder seen = new StringBuilder();
            Pattern midEpoch2 = Pattern.compile("epoch 2/3[^\\r\\n]*? ([2-9]|1[0-9])/24 ");
            int c;
            while ((c = out.read()) != -1) {
                seen.append((char) c);
                int from = Math.max(0, seen.length() - 300);
                if ((c == ' ') && midEpoch2.matcher(seen.substring(from)).find()) {
                    child.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
                    killedInEpoch2 = true;
                    break;
                }
            }
            assertTrue(killedInEpoch2, "the child never reached epoch 2:\n" + seen);
        } finally {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }

        List<String> afterKill = Files.readAllLines(run.resolve("epochs.csv"));
        assertEquals(2, afterKill.size(), "header + epoch 1: " + afterKill);
        assertEquals(1, Checkpoint.readState(run.resolve(Checkpoint.FILE_NAME)).completedEpochs());
        try (var files = Files.list(run)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".part")), "no half-written file kept");
        }

        List<String> resumeArgs = new ArrayList<>(args);
        resumeArgs.add("--resume");
        resumeArgs.add("--quiet");
        var resumed = TrainEvaluateCommandTest.cli(resumeArgs.toArray(String[]::new));
        assertEquals(0, resumed.exit(), resumed.err());
        assertTrue(resumed.out().contains("resuming after epoch 1"), resumed.out());
        List<String> done = Files.readAllLines(run.resolve("epochs.csv"));
        assertEquals(4, done.size(), String.join("\n", done));
        assertEquals(afterKill.get(1), done.get(1), "the completed epoch is kept as it was");
        assertTrue(resumed.out().contains("best_epoch="));
    }
}
