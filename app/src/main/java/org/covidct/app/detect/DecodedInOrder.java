package org.covidct.app.detect;

import org.covidct.core.image.CtSlice;
import org.covidct.core.series.SliceSource;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Slices decoded ahead, in parallel, and handed out in series order: {@link #slices()} is a list whose element
 * {@code i} waits only for slice {@code i}, so the classification of the first batches overlaps the decoding of the
 * later slices (and, with a model loading in the background, the decoding overlaps that). Decoding starts at once on
 * {@link #DECODERS}, one thread per core shared by every series of the process (the waiting caller uses no core); a
 * slice that cannot be decoded throws its own exception where it is asked for, and the slices not yet started are
 * dropped.
 */
final class DecodedInOrder {

    /** The decoding threads of the process (daemons: they never keep it alive). */
    private static final ExecutorService DECODERS = Executors.newFixedThreadPool(
            Runtime.getRuntime().availableProcessors(), r -> {
                Thread t = new Thread(r, "covidct-decode");
                t.setDaemon(true);
                return t;
            });

    private final List<CompletableFuture<CtSlice>> pending;

    DecodedInOrder(List<SliceSource> sources) {
        pending = new ArrayList<>(sources.size());
        for (SliceSource s : sources) {
            pending.add(CompletableFuture.supplyAsync(s::read, DECODERS));
        }
    }

    /** The decoded slices in order; element access waits for that slice (the list itself is fixed). */
    List<CtSlice> slices() {
        return new AbstractList<>() {
            @Override
            public CtSlice get(int index) {
                try {
                    return pending.get(index).join();
                } catch (CompletionException e) {
                    pending.forEach(f -> f.cancel(false));
                    if (e.getCause() instanceof RuntimeException r) {
                        throw r;
                    }
                    if (e.getCause() instanceof Error err) {
                        throw err;
                    }
                    throw e;
                }
            }

            @Override
            public int size() {
                return pending.size();
            }
        };
    }
}
