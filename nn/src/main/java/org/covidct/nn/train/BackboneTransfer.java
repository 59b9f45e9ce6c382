package org.covidct.nn.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import org.covidct.core.CovidctException;
import org.covidct.nn.model.KerasLayer;
import org.covidct.nn.model.Network;
import org.covidct.nn.run.LoadedRun;
import org.covidct.nn.run.RunDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts a network from another trained run's backbone, as the paper starts from ImageNet weights: every backbone
 * layer is copied by its Keras name from the source run (a ResNet50V2 backbone is the same in the baseline and in the
 * FPN, so a baseline trained on a task initialises the FPN for it). Layers the source does not have, and the head,
 * keep their own initialisation; a layer present in both with other shapes is an error.
 */
public final class BackboneTransfer {

    private BackboneTransfer() {
    }

    /** Copies the backbone of the run in {@code source} into {@code target} (initialised); returns layers copied. */
    public static int copy(Path source, Network target) {
        try (NDManager manager = NDManager.newBaseManager()) {
            LoadedRun run = RunDir.load(source, manager);
            if (run.manifest().modelConfig().input() != target.config().input()) {
                throw new CovidctException(source, "was trained on " + run.manifest().modelConfig().input().cliName()
                        + " input, the new network takes " + target.config().input().cliName());
            }
            Map<String, KerasLayer> byName = new HashMap<>();
            for (KerasLayer l : run.network().backboneLayers()) {
                byName.put(l.name(), l);
            }
            int copied = 0;
            for (KerasLayer layer : target.backboneLayers()) {
                KerasLayer from = byName.get(layer.name());
                if (from == null) {
                    continue;
                }
                List<Parameter> to = layer.parameters();
                if (to.size() != from.parameters().size()) {
                    throw new CovidctException(source, "layer " + layer.name() + " has " + from.parameters().size()
                            + " weights there and " + to.size() + " here");
                }
                for (int i = 0; i < to.size(); i++) {
                    NDArray dst = to.get(i).getArray();
                    NDArray src = from.parameters().get(i).getArray();
                    if (!dst.getShape().equals(src.getShape())) {
                        throw new CovidctException(source, "layer " + layer.name() + " is " + src.getShape()
                                + " there and " + dst.getShape() + " here (another width?)");
                    }
                    dst.set(src.toFloatArray());
                }
                copied++;
            }
            if (copied == 0) {
                throw new CovidctException(source, "shares no backbone layer with a " + target.config().architecture()
                        .cliName() + " network");
            }
            return copied;
        }
    }
}
