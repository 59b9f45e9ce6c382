package org.covidct.app.screen;

import java.util.List;

/**
 * Where a screen's folders are analysed: {@code local} (threads of this process, {@link LocalEngine}) or another
 * engine found on the class path through {@link java.util.ServiceLoader} ({@code spark}, in the covidct-spark
 * module, which the app does not depend on).
 */
public interface ScreenEngine {

    /** The name {@code --engine} gives. */
    String name();

    /** Starts the engine for one screen (a Spark session, a thread pool). */
    Session open(ScreenJob job);

    /** One screen on an engine. */
    interface Session extends AutoCloseable {

        /**
         * Analyses every folder with detect's detection, entering each folder's rows in the job's ledger as soon
         * as the folder is done (by whichever process did it), and telling {@code progress}.
         */
        void screen(List<ScreenFolder> folders, ScreenProgress progress);

        /** Writes what this engine adds to OUT beside results.csv, given every row of the screen (default: none). */
        default void finish(List<ScreenRow> all) {
        }

        @Override
        void close();
    }
}
