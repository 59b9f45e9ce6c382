package org.covidct.app.screen;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code --engine local}: this process, every core. The model is loaded once ({@link SharedDetector}); {@code inFlight}
 * threads each take the next folder and run detect's detection on its series, so reading, selection and decoding of
 * some series overlap the forward passes of another (which use all cores through PyTorch's threads, one at a time).
 */
public final class LocalEngine implements ScreenEngine {

    public static final String NAME = "local";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Session open(ScreenJob job) {
        return new LocalSession(job);
    }

    private static final class LocalSession implements Session {
        private final ScreenJob job;
        private SharedDetector shared;

        LocalSession(ScreenJob job) {
            this.job = job;
        }

        @Override
        public void screen(List<ScreenFolder> folders, ScreenProgress progress) {
            if (shared == null) {
                // loaded only when there is work: a rerun with nothing to do reads no weights
                shared = new SharedDetector(job.modelPath(), job.pipelineArgs(), job.torchThreads());
            }
            ScreenLedger ledger = job.ledger();
            AtomicInteger thread = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, job.inFlight()), r -> {
                Thread t = new Thread(r, "screen-" + thread.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            try {
                List<Future<?>> done = new ArrayList<>();
                for (ScreenFolder f : folders) {
                    done.add(pool.submit(() -> {
                        List<ScreenRow> rows = FolderScreening.screen(shared.detector(), f);
                        ledger.record(f.relative(), rows);
                        progress.folderDone(rows);
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("screen interrupted", e);
            } catch (ExecutionException e) {
                // a series' failure is a row; what arrives here stops the screen (the ledger could not be written)
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw new IllegalStateException(e.getCause());
            } finally {
                pool.shutdownNow();
                try {
                    // after a failure, let running detections stop before the model is closed under them
                    pool.awaitTermination(1, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public void close() {
            if (shared != null) {
                shared.close();
            }
        }
    }
}
