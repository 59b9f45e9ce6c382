package org.covidct.core.split;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.fail;

/** The real COVID-CTset metadata CSVs under the shared data folder. */
final class RealData {
    private RealData() {
    }

    static Path meta(String file) {
        String shared = System.getProperty("covidct.shared");
        if (shared == null) {
            fail("system property covidct.shared is not set (surefire sets it to <repo>/../shared)");
        }
        Path p = Path.of(shared, "data", "covid-ctset-meta", file);
        if (!Files.isRegularFile(p)) {
            fail("real metadata file missing: " + p);
        }
        return p;
    }
}
