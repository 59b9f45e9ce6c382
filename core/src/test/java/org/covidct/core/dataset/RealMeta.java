package org.covidct.core.dataset;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.fail;

/** The real COVID-CTset metadata CSVs under the shared data folder (see its PROVENANCE.md). */
final class RealMeta {
    private RealMeta() {
    }

    static Path dir() {
        String shared = System.getProperty("covidct.shared");
        if (shared == null) {
            fail("system property covidct.shared is not set (surefire sets it to <repo>/../shared)");
        }
        Path dir = Path.of(shared, "data", "covid-ctset-meta");
        if (!Files.isDirectory(dir)) {
            fail("real metadata folder missing: " + dir);
        }
        return dir;
    }

    static Path allCsv() {
        return dir().resolve("all.csv");
    }

    static Path patientDetails() {
        return dir().resolve("Patient_details.csv");
    }
}
