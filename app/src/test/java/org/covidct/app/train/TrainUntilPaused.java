package org.covidct.app.train;

import org.covidct.nn.train.TrainingListener;
import picocli.CommandLine;

import java.util.Arrays;

/**
 * A child JVM for {@link TrainResumeTest}: runs {@code covidct train} with the given arguments, and after batch
 * {@code PAUSE_BATCH} of epoch 2 prints {@link #PAUSED} and blocks, so that the test kills it at a known point
 * whatever the machine's speed (killing on progress text raced a fast child to the end of the run).
 */
public final class TrainUntilPaused {

    static final String PAUSED = "PAUSED-IN-EPOCH-2";
    static final int PAUSE_BATCH = 2;

    private TrainUntilPaused() {
    }

    public static void main(String[] args) throws InterruptedException {
        TrainCommand command = new TrainCommand();
        new CommandLine(command).parseArgs(args); // picocli injects the @Spec the job's provenance reads
        TrainingListener pauser = new TrainingListener() {
            @Override
            public void batchFinished(int epoch, int batch, int batches, double meanLoss, double meanAccuracy,
                                      double slicesPerSecond) {
                if (epoch == 2 && batch == PAUSE_BATCH) {
                    System.out.println(PAUSED + " after batch " + batch + " of " + batches);
                    System.out.flush();
                    try {
                        Thread.sleep(Long.MAX_VALUE); // until SIGKILL
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        };
        command.job(pauser).run();
        System.out.println("FINISHED without pausing: " + Arrays.toString(args));
    }
}
