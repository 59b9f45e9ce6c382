package org.covidct.app.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.nio.file.Files;
import java.nio.file.Path;

class ScratchTrainTest {
    @Test
    void scratch(@TempDir Path tmp) throws Exception {
        for (String cfg : System.getProperty("scratch.configs", "fpn:72:1e-2:8").split(",")) {
            String[] c = cfg.split(":");
            Path data = tmp.resolve("data" + c[1]);
            if (!Files.exists(data)) {
                Files.createDirectories(data);
                TrainEvaluateCommandTest.writeDatasetTo(data, Integer.parseInt(c[1]), new int[] {96, 24, 24});
            }
            long t0 = System.nanoTime();
            var r = TrainEvaluateCommandTest.cli("train", "--data", data.toString(), "--fold", "1",
                    "--model", c[0], "--size", c[1], "--width", "0.125", "--epochs", c[3], "--batch", "4",
                    "--threads", "1", "--lr", c[2], "--seed", "7", "--quiet", "--out", tmp.resolve("r" + cfg.replace(':', '_')).toString());
            System.out.println("SCRATCH " + cfg + "\n" + r.out() + r.err() + " seconds " + (System.nanoTime() - t0) / 1e9);
        }
    }
}
