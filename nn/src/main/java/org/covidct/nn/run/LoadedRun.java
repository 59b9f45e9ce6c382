package org.covidct.nn.run;

import java.nio.file.Path;
import org.covidct.nn.model.Network;

/**
 * A RUN_DIR read back: its manifest and the network with its weights, whose arrays live in the
 * NDManager given to {@link RunDir#load}.
 */
public record LoadedRun(Path dir, RunManifest manifest, Network network) {
}
