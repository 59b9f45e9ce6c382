package org.covidct.app;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import org.covidct.nn.model.Architecture;
import org.covidct.nn.model.ModelConfig;
import org.covidct.nn.model.Network;
import org.covidct.nn.model.Networks;
import org.covidct.nn.run.RunDir;
import org.covidct.nn.run.RunManifest;

import java.nio.file.Path;

/** Initialised (untrained) RUN_DIRs for tests that exercise the pipeline, not the model's skill. */
public final class TestModels {
    private TestModels() {
    }

    public static Path initialised(Path dir, Architecture architecture, int size, double width, long seed) {
        Engine.getInstance().setRandomSeed((int) seed);
        try (NDManager m = NDManager.newBaseManager()) {
            ModelConfig cfg = new ModelConfig(architecture, size, width);
            Network net = Networks.build(cfg);
            net.initialize(m);
            RunDir.save(dir, net, RunManifest.of(cfg, seed, "init", "test"));
        }
        return dir;
    }
}
