package org.covidct.nn.train;

/**
 * The figures of one finished epoch (one row of epochs.csv).
 *
 * @param epoch              1-based epoch number
 * @param trainLoss          mean categorical cross-entropy over the epoch's training batches
 * @param trainAccuracy      fraction of training slices classified right (augmented, dropout on)
 * @param validationLoss     mean cross-entropy over the validation slices
 * @param validationAccuracy fraction of validation slices classified right
 * @param seconds            wall time of the epoch, validation included
 * @param best               whether this epoch's weights became the kept checkpoint
 */
public record EpochRecord(int epoch, double trainLoss, double trainAccuracy, double validationLoss,
                          double validationAccuracy, double seconds, boolean best) {

    public static final String CSV_HEADER = "epoch,train_loss,train_accuracy,val_loss,val_accuracy,seconds,best";

    public String csvRow() {
        return String.format(java.util.Locale.ROOT, "%d,%.6f,%.6f,%.6f,%.6f,%.1f,%s", epoch, trainLoss, trainAccuracy,
                validationLoss, validationAccuracy, seconds, best);
    }
}
