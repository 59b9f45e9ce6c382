package org.covidct.nn.train;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** One row of epochs.csv, in the header's column order and with its rounding. */
class EpochRecordTest {

    @Test
    void aRowHasTheHeadersColumnsInOrder() {
        assertEquals("epoch,train_loss,train_accuracy,val_loss,val_accuracy,slices_per_sec,seconds,best",
                EpochRecord.CSV_HEADER);
        EpochRecord r = new EpochRecord(3, 0.6931471805, 0.5, 0.25, 0.875, 12.3456, 61.25, true);
        assertEquals("3,0.693147,0.500000,0.250000,0.875000,12.346,61.3,true", r.csvRow());
        assertEquals("12,1.000000,0.000000,NaN,0.000000,0.000,0.0,false",
                new EpochRecord(12, 1, 0, Double.NaN, 0, 0, 0, false).csvRow());
    }
}
