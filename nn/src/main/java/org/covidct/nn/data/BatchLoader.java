package org.covidct.nn.data;

import org.covidct.core.tiff.TiffSlices;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Streams batches of slices from disk: worker threads decode (and augment) upcoming batches while the
 * caller trains on the current one; at most {@code prefetch} batches are held ahead, so memory does not
 * grow with the data set. The epoch's order is a shuffle seeded by (seed, epoch) and each slice's
 * augmentation is seeded by (seed, epoch, its row in the sample list), so the batches are identical
 * whatever the number of workers or their timing.
 */
public final class BatchLoader implements AutoCloseable {

    private final List<LabelledFile> samples;
    private final int batchSize;
    private final SliceDecoder decoder;
    private final Augmenter augmenter;
    private final boolean shuffle;
    private final long seed;
    private final int prefetch;
    private final ExecutorService workers;
    /** Decoded inputs by sample row (before augmentation), when they fit the cache budget; else null. */
    private final float[][] cache;

    private BatchLoader(Builder b) {
        this.samples = List.copyOf(b.samples);
        this.batchSize = b.batchSize;
        this.decoder = b.decoder;
        this.augmenter = b.augmenter;
        this.shuffle = b.shuffle;
        this.seed = b.seed;
        this.prefetch = b.prefetch;
        AtomicInteger n = new AtomicInteger();
        ThreadFactory daemons = r -> {
            Thread t = new Thread(r, "covidct-loader-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.workers = Executors.newFixedThreadPool(b.workers, daemons);
        long bytes = (long) samples.size() * decoder.size() * decoder.size() * Float.BYTES;
        this.cache = bytes <= b.cacheBytes ? new float[samples.size()][] : null;
    }

    /** Whether decoded inputs are kept between epochs. */
    public boolean caches() {
        return cache != null;
    }

    private float[] input(int row) {
        if (cache == null) {
            return decoder.read(samples.get(row).file());
        }
        float[] image = cache[row];
        if (image == null) {
            // a race decodes a slice twice at worst; the values are the same
            image = decoder.read(samples.get(row).file());
            cache[row] = image;
        }
        return image;
    }

    public static Builder builder() {
        return new Builder();
    }

    public int sampleCount() {
        return samples.size();
    }

    /** Batches per epoch; the last one may be smaller (Keras keeps the remainder too). */
    public int batchCount() {
        return (samples.size() + batchSize - 1) / batchSize;
    }

    /** The sample order of an epoch (row indices into the sample list). */
    public int[] order(int epoch) {
        int[] order = new int[samples.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        if (shuffle) {
            SplittableRandom rng = new SplittableRandom(Augmenter.mix(seed, epoch, -1));
            for (int i = order.length - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        return order;
    }

    /** The batches of one epoch, starting at batch {@code firstBatch}; close it to drop what is prefetched. */
    public Epoch epoch(int epoch, int firstBatch) {
        return new Epoch(epoch, order(epoch), firstBatch);
    }

    public Epoch epoch(int epoch) {
        return epoch(epoch, 0);
    }

    private Batch load(int epoch, int[] order, int batchIndex) {
        int from = batchIndex * batchSize;
        int to = Math.min(order.length, from + batchSize);
        int size = decoder.size();
        int pixels = size * size;
        float[] images = new float[(to - from) * pixels];
        int[] labels = new int[to - from];
        float[] masks = null;
        boolean[] hasMask = null;
        for (int i = from; i < to; i++) {
            int row = order[i];
            LabelledFile sample = samples.get(row);
            float[] image = input(row);
            Augmenter.Transform t = augmenter == null ? null : augmenter.draw(seed, epoch, row, size, size);
            if (t != null) {
                image = Augmenter.apply(image, size, size, t);
            }
            System.arraycopy(image, 0, images, (i - from) * pixels, pixels);
            labels[i - from] = sample.label();
            if (sample.mask() != null) {
                if (masks == null) {
                    masks = new float[(to - from) * pixels];
                    hasMask = new boolean[to - from];
                }
                // the mask moves with its slice: the same transform, resampled the same way
                float[] mask = new float[pixels];
                decoder.resize(TiffSlices.read(sample.mask()), sample.mask(), mask, 0);
                if (t != null) {
                    mask = Augmenter.apply(mask, size, size, t);
                }
                System.arraycopy(mask, 0, masks, (i - from) * pixels, pixels);
                hasMask[i - from] = true;
            }
        }
        return new Batch(batchIndex, images, labels, size, masks, hasMask);
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }

    /** One pass over the data in the epoch's order. */
    public final class Epoch implements Iterator<Batch>, AutoCloseable {
        private final int epoch;
        private final int[] order;
        private final ArrayDeque<Future<Batch>> pending = new ArrayDeque<>();
        private int nextToSubmit;
        private int nextToReturn;

        private Epoch(int epoch, int[] order, int firstBatch) {
            this.epoch = epoch;
            this.order = order;
            this.nextToSubmit = firstBatch;
            this.nextToReturn = firstBatch;
            fill();
        }

        private void fill() {
            while (pending.size() < prefetch && nextToSubmit < batchCount()) {
                int index = nextToSubmit++;
                pending.add(workers.submit(() -> load(epoch, order, index)));
            }
        }

        @Override
        public boolean hasNext() {
            return nextToReturn < batchCount();
        }

        @Override
        public Batch next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Future<Batch> head = pending.poll();
            nextToReturn++;
            fill();
            try {
                return head.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException("interrupted while loading slices");
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException re) {
                    throw re;
                }
                throw new IllegalStateException(cause);
            }
        }

        @Override
        public void close() {
            for (Future<Batch> f : pending) {
                f.cancel(true);
            }
            pending.clear();
        }
    }

    /** Builder: samples, batch size and decoder are required. */
    public static final class Builder {
        private List<LabelledFile> samples;
        private int batchSize;
        private SliceDecoder decoder;
        private Augmenter augmenter;
        private boolean shuffle;
        private long seed;
        private int workers = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        private int prefetch = 3;
        private long cacheBytes;

        private Builder() {
        }

        public Builder setSamples(List<LabelledFile> samples) {
            this.samples = samples;
            return this;
        }

        public Builder setBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        public Builder setDecoder(SliceDecoder decoder) {
            this.decoder = decoder;
            return this;
        }

        /** Augments every slice (training); none by default (validation, evaluation). */
        public Builder optAugmenter(Augmenter augmenter) {
            this.augmenter = augmenter;
            return this;
        }

        /** Shuffles each epoch with the seed; off by default. */
        public Builder optShuffle(boolean shuffle, long seed) {
            this.shuffle = shuffle;
            this.seed = seed;
            return this;
        }

        /** The seed of augmentation when not shuffling. */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder optWorkers(int workers) {
            this.workers = workers;
            return this;
        }

        /** Batches decoded ahead of the consumer (memory: prefetch x batch x size^2 x 4 bytes). */
        public Builder optPrefetch(int prefetch) {
            this.prefetch = prefetch;
            return this;
        }

        /**
         * Keeps every decoded input (before augmentation) for the next epochs when all of them fit in {@code bytes};
         * worth it when decoding costs (an input transform) and epochs repeat the slices. Default 0: no cache.
         */
        public Builder optCache(long bytes) {
            this.cacheBytes = bytes;
            return this;
        }

        public BatchLoader build() {
            if (samples == null || decoder == null || batchSize <= 0 || workers <= 0 || prefetch <= 0) {
                throw new IllegalArgumentException("samples, decoder, batch size > 0, workers > 0, prefetch > 0 required");
            }
            return new BatchLoader(this);
        }
    }
}
