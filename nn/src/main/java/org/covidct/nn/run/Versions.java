package org.covidct.nn.run;

import ai.djl.engine.Engine;
import java.util.LinkedHashMap;
import java.util.Map;

/** Library versions recorded in every run manifest. */
public final class Versions {

    private Versions() {
    }

    public static Map<String, String> current() {
        Map<String, String> v = new LinkedHashMap<>();
        String own = Versions.class.getPackage().getImplementationVersion();
        v.put("covidct", own == null ? "0.1.0-SNAPSHOT" : own);
        v.put("djl", Engine.getDjlVersion());
        v.put("pytorch", Engine.getEngine("PyTorch").getVersion());
        v.put("java", System.getProperty("java.version"));
        return v;
    }
}
