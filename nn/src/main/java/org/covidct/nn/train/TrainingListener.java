package org.covidct.nn.train;

/**
 * Progress of a training run, for a progress bar or a log. Every method has an empty default. A listener
 * that throws aborts the run; completed epochs stay checkpointed.
 */
public interface TrainingListener {

    /** A training epoch begins; {@code firstBatch} is 0 (resume restarts an interrupted epoch). */
    default void epochStarted(int epoch, int epochs, int batches) {
    }

    /**
     * A training batch is done.
     *
     * @param batch           1-based number of batches done in this epoch
     * @param meanLoss        running mean of the loss over the epoch so far
     * @param meanAccuracy    running accuracy over the epoch so far
     * @param slicesPerSecond training throughput over the epoch so far
     */
    default void batchFinished(int epoch, int batch, int batches, double meanLoss, double meanAccuracy,
                               double slicesPerSecond) {
    }

    /** Validation of the epoch begins. */
    default void validationStarted(int epoch, int batches) {
    }

    /** The epoch is done and checkpointed. */
    default void epochFinished(EpochRecord record) {
    }

    /** A run resumes from a checkpoint after {@code completedEpochs} epochs. */
    default void resumed(int completedEpochs, double bestAccuracy) {
    }
}
