package org.covidct.app.server;

import org.covidct.app.ServeCommand;
import picocli.CommandLine;

/**
 * A child JVM for {@link KillRestartTest}: {@code covidct serve} with the given arguments that, when its first
 * job starts, prints {@link #PAUSED} and the job's ID and blocks, so the test kills it mid-job at a known point.
 */
public final class ServeUntilPaused {

    static final String PAUSED = "PAUSED-IN-JOB ";

    private ServeUntilPaused() {
    }

    public static void main(String[] args) throws Exception {
        ServeCommand command = new ServeCommand();
        new CommandLine(command).parseArgs(args);
        command.listener(job -> {
            System.out.println(PAUSED + job.job());
            System.out.flush();
            try {
                Thread.sleep(Long.MAX_VALUE); // until SIGKILL
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        command.call();
    }
}
