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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code covidct train} killed with SIGKILL in the middle of its second epoch (after its second batch: the child
 * {@link TrainUntilPaused} waits there to be killed), then {@code --resume}: the completed epoch is kept as it was
 * and the run finishes.
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
        List<String> args = List.of("train", "--data", data.toString(), "--fold", "1", "--arch", "resnet50v2",
                "--size", "64", "--width", "0.125", "--epochs", "3", "--batch", "4", "--lr", "1e-3", "--seed", "3",
                "--threads", "1", "--out", run.toString());

        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx1g", "-Dai.djl.offline=true",
                "-cp", System.getProperty("java.class.path"), TrainUntilPaused.class.getName()));
        command.addAll(args.subList(1, args.size()));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        boolean paused = false;
        StringBuilder seen = new StringBuilder();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            // the child blocks after batch 2 of epoch 2 and says so: killed there, at a known point, however fast it runs
            String line;
            while ((line = out.readLine()) != null) {
                seen.append(line).append('\n');
                if (line.startsWith(TrainUntilPaused.PAUSED)) {
                    child.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
                    paused = true;
                    break;
                }
            }
            assertTrue(paused, "the child never paused in epoch 2:\n" + seen);
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
