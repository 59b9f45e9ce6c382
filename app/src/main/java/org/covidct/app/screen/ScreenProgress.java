package org.covidct.app.screen;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress lines of a screen on stderr: folders done of the total, series and failures so far, the rate in series
 * per minute and the time left at that rate; at most one line every {@link #EVERY_NS} and always the last.
 * Thread-safe.
 */
public final class ScreenProgress {

    /** At most one line every 2 s. */
    static final long EVERY_NS = 2_000_000_000L;

    private final PrintWriter err;
    private final boolean quiet;
    private final int total;
    private final LongSupplier clock;
    private final long start;
    private long lastLine;
    private int folders;
    private int series;
    private int failed;

    /**
     * @param total folders to analyse in this run
     */
    public ScreenProgress(PrintWriter err, boolean quiet, int total) {
        this(err, quiet, total, System::nanoTime);
    }

    ScreenProgress(PrintWriter err, boolean quiet, int total, LongSupplier clock) {
        this.err = err;
        this.quiet = quiet;
        this.total = total;
        this.clock = clock;
        this.start = clock.getAsLong();
        this.lastLine = start;
    }

    /** One more folder done, with its rows. */
    public synchronized void folderDone(List<ScreenRow> rows) {
        folders++;
        series += rows.size();
        failed += (int) rows.stream().filter(ScreenRow::failed).count();
        maybePrint();
    }

    /** The totals so far as an engine counts them (Spark: finished tasks and accumulators); never goes back. */
    public synchronized void reached(int foldersDone, int seriesDone, int failedSeries) {
        if (foldersDone <= folders) {
            return;
        }
        folders = foldersDone;
        series = Math.max(series, seriesDone);
        failed = Math.max(failed, failedSeries);
        maybePrint();
    }

    private void maybePrint() {
        long now = clock.getAsLong();
        if (folders >= total || now - lastLine >= EVERY_NS) {
            lastLine = now;
            if (!quiet) {
                err.println(line(now));
                err.flush();
            }
        }
    }

    /** "screen: 7/15 folders done (8 series, 1 failed), 3.2 series/min, about 2 min 30 s left". */
    synchronized String line(long now) {
        double seconds = (now - start) / 1e9;
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "screen: %d/%d folders done (%d series, %d failed)",
                folders, total, series, failed));
        if (seconds > 0) {
            b.append(String.format(Locale.ROOT, ", %.1f series/min", series / seconds * 60));
        }
        if (folders >= total) {
            b.append(String.format(Locale.ROOT, ", done in %s", duration(seconds)));
        } else if (folders > 0) {
            b.append(", about ").append(duration(seconds / folders * (total - folders))).append(" left");
        }
        return b.toString();
    }

    public synchronized int series() {
        return series;
    }

    public synchronized int folders() {
        return folders;
    }

    public double elapsedSeconds() {
        return (clock.getAsLong() - start) / 1e9;
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return (s / 60) + " min " + (s % 60) + " s";
        }
        return (s / 3600) + " h " + (s % 3600 / 60) + " min";
    }
}
