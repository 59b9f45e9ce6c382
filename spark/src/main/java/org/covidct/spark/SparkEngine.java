package org.covidct.spark;

import org.covidct.app.screen.ScreenEngine;
import org.covidct.app.screen.ScreenJob;

/**
 * {@code covidct screen --engine spark}: the screen as a Spark job. Registered as a {@link ScreenEngine} service, so
 * the app finds it when this module is on the class path and never depends on Spark itself.
 */
public final class SparkEngine implements ScreenEngine {

    public static final String NAME = "spark";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Session open(ScreenJob job) {
        return new SparkScreen(job);
    }
}
