package org.covidct.app.train;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.covidct.nn.train.EpochRecord;
import org.covidct.nn.train.TrainingListener;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Shows training on the console: a progress bar per epoch on stderr (batches, ETA of the epoch, running
 * loss and accuracy, slices/s) and one summary line per epoch on stdout.
 */
final class ProgressBarListener implements TrainingListener {

    private final PrintWriter out;
    private final PrintStream barStream;
    private final boolean showBar;
    private ProgressBar bar;

    ProgressBarListener(PrintWriter out, PrintStream barStream, boolean showBar) {
        this.out = out;
        this.barStream = barStream;
        this.showBar = showBar;
    }

    @Override
    public void resumed(int completedEpochs, double bestAccuracy) {
        out.printf(Locale.ROOT, "resuming after epoch %d (best val_accuracy %.4f)%n", completedEpochs, bestAccuracy);
        out.flush();
    }

    @Override
    public void epochStarted(int epoch, int epochs, int batches) {
        if (showBar) {
            bar = new ProgressBarBuilder().setTaskName(String.format(Locale.ROOT, "epoch %d/%d", epoch, epochs))
                    .setInitialMax(batches).setUnit(" batches", 1).setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(500).setConsumer(new ConsoleProgressBarConsumer(barStream)).build();
        }
    }

    @Override
    public void batchFinished(int epoch, int batch, int batches, double meanLoss, double meanAccuracy,
                              double slicesPerSecond) {
        if (bar != null) {
            bar.stepTo(batch);
            bar.setExtraMessage(String.format(Locale.ROOT, "loss %.4f acc %.3f %.1f slices/s", meanLoss, meanAccuracy,
                    slicesPerSecond));
        }
    }

    @Override
    public void validationStarted(int epoch, int batches) {
        if (bar != null) {
            bar.setExtraMessage(bar.getExtraMessage() + " | validating");
        }
    }

    @Override
    public void epochFinished(EpochRecord r) {
        closeBar();
        out.printf(Locale.ROOT, "epoch %d: loss %.4f acc %.4f val_loss %.4f val_acc %.4f (%.0f s)%s%n", r.epoch(),
                r.trainLoss(), r.trainAccuracy(), r.validationLoss(), r.validationAccuracy(), r.seconds(),
                r.best() ? " best, saved" : "");
        out.flush();
    }

    void closeBar() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
