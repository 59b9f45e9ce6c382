package org.covidct.core.selection;

import java.nio.file.Files;
import java.nio.file.Path;

/** The shared COVID-CT-MD series (../shared/data/real/covid-ct-md), located through the covidct.shared property. */
final class RealData {
    private RealData() {
    }

    static Path covidCtMd() {
        String shared = System.getProperty("covidct.shared");
        if (shared == null) {
            throw new IllegalStateException("system property covidct.shared is not set (surefire sets it)");
        }
        Path dir = Path.of(shared, "data", "real", "covid-ct-md");
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("real test data missing: " + dir);
        }
        return dir;
    }
}
