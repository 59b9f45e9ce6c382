package org.covidct.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;
import org.covidct.app.screen.ScreenEngine;
import org.covidct.app.screen.ScreenFolder;
import org.covidct.app.screen.ScreenJob;
import org.covidct.app.screen.ScreenProgress;
import org.covidct.app.screen.ScreenRow;
import org.covidct.app.screen.SharedDetector;
import org.covidct.core.CovidctException;
import org.covidct.core.io.AtomicFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * One screen as a Spark application. The driver (this process) starts or joins the session, ships the model as a
 * file, and runs one job whose tasks each take a contiguous share of the folders (one folder per task up to
 * {@link #MAX_PARTITIONS} folders); executors write each folder's rows into the ledger in OUT (so OUT must be a folder
 * every executor sees at the same path, as ROOT must be), and the driver follows finished tasks for the progress
 * lines. {@link #finish} writes OUT/results.parquet beside results.csv.
 */
final class SparkScreen implements ScreenEngine.Session {

    /** More partitions than this and a task takes several folders (the driver's bookkeeping per task stays small). */
    static final int MAX_PARTITIONS = 10_000;

    static final String PARQUET = "results.parquet";

    private final ScreenJob job;
    private final SparkSession spark;
    private final boolean localMaster;
    private Path shipDir;

    SparkScreen(ScreenJob job) {
        this.job = job;
        SparkConf given = new SparkConf();
        SparkSession.Builder b = SparkSession.builder().appName("covidct screen");
        String master = job.master() != null ? job.master() : given.contains("spark.master") ? null : "local[*]";
        if (master != null) {
            b.master(master);
        }
        String effective = master != null ? master : given.get("spark.master");
        localMaster = effective.startsWith("local");
        if (localMaster) {
            // one machine: no web UI or port beyond loopback
            b.config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1");
        }
        // covidct prints its own progress; Spark's bar would interleave with it
        b.config("spark.ui.showConsoleProgress", "false").config("spark.sql.shuffle.partitions", "4");
        this.spark = b.getOrCreate();
    }

    @Override
    public void screen(List<ScreenFolder> folders, ScreenProgress progress) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        String archive = ship();
        LongAccumulator series = jsc.sc().longAccumulator("covidct series");
        LongAccumulator failed = jsc.sc().longAccumulator("covidct failed series");
        int partitions = Math.min(folders.size(), MAX_PARTITIONS);
        AtomicInteger foldersDone = new AtomicInteger();
        SparkListener listener = new SparkListener() {
            @Override
            public void onTaskEnd(SparkListenerTaskEnd end) {
                if (end.taskInfo().successful()) {
                    int p = end.taskInfo().partitionId();
                    int inPartition = (int) (((long) (p + 1) * folders.size()) / partitions
                            - ((long) p * folders.size()) / partitions);
                    progress.reached(foldersDone.addAndGet(inPartition), (int) series.value().longValue(),
                            (int) failed.value().longValue());
                }
            }
        };
        spark.sparkContext().addSparkListener(listener);
        try {
            JavaRDD<ScreenFolder> rdd = jsc.parallelize(folders, partitions);
            // one action: the partitions run once (no cache needed), and the rows are in the ledger
            rdd.mapPartitions(new PartitionScreening(job, archive, series, failed)).collect();
            progress.reached(folders.size(), (int) series.value().longValue(), (int) failed.value().longValue());
        } finally {
            spark.sparkContext().removeSparkListener(listener);
        }
    }

    /** Packs the model into a zip that Spark distributes; returns its name for {@code SparkFiles.get}. */
    private String ship() {
        try {
            shipDir = Files.createTempDirectory("covidct-spark-model");
            String name = "covidct-model-" + ProcessHandle.current().pid() + "-" + System.nanoTime() + ".zip";
            Path zip = shipDir.resolve(name);
            ShippedModel.pack(job.modelPath(), zip);
            spark.sparkContext().addFile(zip.toString());
            return name;
        } catch (IOException e) {
            throw new CovidctException("cannot make a temporary folder for the shipped model (" + e.getMessage() + ")");
        }
    }

    @Override
    public void finish(List<ScreenRow> all) {
        List<Row> rows = new ArrayList<>(all.size());
        for (ScreenRow r : all) {
            rows.add(RowFactory.create(r.seriesPath(), r.decision(), r.failed() ? null : r.kept(),
                    r.failed() ? null : r.covid(), r.fraction(), r.slices(), r.seriesUid(), r.studyUid(), r.reason(),
                    r.warnings().toArray(String[]::new), r.error(), r.seconds()));
        }
        Dataset<Row> df = spark.createDataFrame(rows, schema());
        Path target = job.outPath().resolve(PARQUET);
        Path tmp = job.outPath().resolve("." + PARQUET + "." + ProcessHandle.current().pid() + ".tmp");
        Path old = job.outPath().resolve("." + PARQUET + "." + ProcessHandle.current().pid() + ".old");
        try {
            deleteTree(tmp);
            df.coalesce(1).write().mode(SaveMode.Overwrite).parquet(tmp.toUri().toString());
            // the folder appears whole: the old one is moved aside, the new one moved in, then the old one removed
            if (Files.exists(target)) {
                AtomicFiles.move(target, old);
            }
            AtomicFiles.move(tmp, target);
            deleteTree(old);
        } catch (IOException e) {
            throw new CovidctException(target, "cannot write (" + e.getMessage() + ")", e);
        }
    }

    /** The Parquet columns: results.csv's, typed (warnings a list; kept and covid null for a failed series). */
    static StructType schema() {
        return DataTypes.createStructType(new StructField[] {
                DataTypes.createStructField("series_path", DataTypes.StringType, false),
                DataTypes.createStructField("decision", DataTypes.StringType, true),
                DataTypes.createStructField("kept", DataTypes.IntegerType, true),
                DataTypes.createStructField("covid", DataTypes.IntegerType, true),
                DataTypes.createStructField("fraction", DataTypes.DoubleType, true),
                DataTypes.createStructField("slices", DataTypes.IntegerType, false),
                DataTypes.createStructField("series_uid", DataTypes.StringType, true),
                DataTypes.createStructField("study_uid", DataTypes.StringType, true),
                DataTypes.createStructField("reason", DataTypes.StringType, true),
                DataTypes.createStructField("warnings", DataTypes.createArrayType(DataTypes.StringType, false), false),
                DataTypes.createStructField("error", DataTypes.StringType, true),
                DataTypes.createStructField("seconds", DataTypes.DoubleType, false)});
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Override
    public void close() {
        try {
            spark.stop();
        } finally {
            if (localMaster) {
                // the executors were this process: their models go with the session
                SharedDetector.closeAll();
            }
            try {
                deleteTree(shipDir == null ? Path.of("/nonexistent-covidct") : shipDir);
            } catch (IOException ignored) {
                // a temporary file left in the system's temporary folder
            }
        }
    }
}
