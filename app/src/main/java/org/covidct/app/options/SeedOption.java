package org.covidct.app.options;

import picocli.CommandLine.Option;

/** {@code --seed}: the one seed of a command that initialises or trains a network (train, init-model, ...). */
public final class SeedOption {

    @Option(names = "--seed", defaultValue = "42", paramLabel = "S",
            description = "Seed of every random draw: initialisation (of the layers a Keras file does not hold), "
                    + "training's shuffling, augmentation and dropout, the demo's phantoms and split (default "
                    + "${DEFAULT-VALUE}).")
    long seed;

    public long seed() {
        return seed;
    }
}
