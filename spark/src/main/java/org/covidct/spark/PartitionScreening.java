package org.covidct.spark;

import org.apache.spark.SparkFiles;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.util.LongAccumulator;
import org.covidct.app.screen.FolderScreening;
import org.covidct.app.screen.ScreenFolder;
import org.covidct.app.screen.ScreenJob;
import org.covidct.app.screen.ScreenLedger;
import org.covidct.app.screen.ScreenRow;
import org.covidct.app.screen.SharedDetector;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * What an executor does with a partition of folders: detect's detection on each (the process' one
 * {@link SharedDetector}, loaded by its first task from the shipped model and shared by its task threads), the
 * folder's rows into the ledger as soon as the folder is done, the counts into the accumulators for the driver's
 * progress. Returns the number of rows of each folder.
 *
 * @param job          the screen
 * @param modelArchive the name of the shipped model zip ({@link org.apache.spark.SparkFiles})
 * @param series       rows written so far
 * @param failed       failed rows written so far
 */
record PartitionScreening(ScreenJob job, String modelArchive, LongAccumulator series, LongAccumulator failed)
        implements FlatMapFunction<Iterator<ScreenFolder>, Integer> {

    @Override
    public Iterator<Integer> call(Iterator<ScreenFolder> folders) {
        List<Integer> counts = new ArrayList<>();
        if (!folders.hasNext()) {
            return counts.iterator();
        }
        Path model = ShippedModel.unpacked(Path.of(SparkFiles.get(modelArchive)));
        SharedDetector detector = SharedDetector.perProcess(model, job.pipelineArgs(), job.torchThreads());
        ScreenLedger ledger = job.ledger();
        while (folders.hasNext()) {
            ScreenFolder f = folders.next();
            List<ScreenRow> rows = FolderScreening.screen(detector.detector(), f);
            ledger.record(f.relative(), rows);
            series.add(rows.size());
            failed.add(rows.stream().filter(ScreenRow::failed).count());
            counts.add(rows.size());
        }
        return counts.iterator();
    }
}
