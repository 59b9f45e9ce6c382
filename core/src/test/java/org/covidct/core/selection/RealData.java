package org.covidct.core.selection;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.fail;

/** The real test data under ../shared/data/real, found through the covidct.shared property surefire sets. */
final class RealData {
    private RealData() {
    }

    /** A folder of ../shared/data/real; a missing property or folder fails the test with what is missing. */
    static Path dir(String name) {
        String shared = System.getProperty("covidct.shared");
        if (shared == null) {
            fail("system property covidct.shared is not set (surefire sets it to <checkout>/../shared)");
        }
        Path dir = Path.of(shared, "data", "real", name);
        if (!Files.isDirectory(dir)) {
            fail("real test data missing: " + dir + " (the shared data folder beside the checkout)");
        }
        return dir;
    }

    /** The shared COVID-CT-MD series (../shared/data/real/covid-ct-md). */
    static Path covidCtMd() {
        return dir("covid-ct-md");
    }
}
