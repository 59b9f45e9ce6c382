package org.covidct.core.dicom;

import java.nio.file.Files;
import java.nio.file.Path;

/** The shared real test data (../shared/data/real), located through the covidct.shared property. */
final class RealData {
    private RealData() {
    }

    static Path dir() {
        String shared = System.getProperty("covidct.shared");
        if (shared == null) {
            throw new IllegalStateException("system property covidct.shared is not set (surefire sets it)");
        }
        Path real = Path.of(shared, "data", "real");
        if (!Files.isDirectory(real)) {
            throw new IllegalStateException("real test data missing: " + real);
        }
        return real;
    }
}
