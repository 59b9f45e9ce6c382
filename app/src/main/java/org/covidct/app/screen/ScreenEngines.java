package org.covidct.app.screen;

import org.covidct.core.CovidctException;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** Finds the engine {@code --engine} names: {@code local} always, others when their module is on the class path. */
public final class ScreenEngines {

    private ScreenEngines() {
    }

    public static ScreenEngine named(String name) {
        if (LocalEngine.NAME.equals(name)) {
            return new LocalEngine();
        }
        List<String> found = new ArrayList<>(List.of(LocalEngine.NAME));
        for (ScreenEngine e : ServiceLoader.load(ScreenEngine.class, ScreenEngines.class.getClassLoader())) {
            if (e.name().equals(name)) {
                return e;
            }
            found.add(e.name());
        }
        if ("spark".equals(name)) {
            throw new CovidctException("--engine spark: the Spark engine (module covidct-spark) is not on the class "
                    + "path; build it (mvn -B -DskipTests package) and run ./covidct, which adds spark/target/"
                    + "covidct-spark.jar and Spark's jars for --engine spark (docs/SCREENING.md)");
        }
        throw new CovidctException("--engine " + name + ": unknown engine (available: " + String.join(", ", found) + ")");
    }
}
