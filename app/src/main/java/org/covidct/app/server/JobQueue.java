package org.covidct.app.server;

import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.Semaphore;

/**
 * The jobs waiting for the detector, first in first out, bounded: a new study is admitted only while fewer
 * than {@code capacity} jobs wait (the caller reserves a place before reading an upload, so a full queue
 * refuses at once with nothing written). Jobs found pending at start are queued whatever the bound.
 */
final class JobQueue {

    private final LinkedBlockingDeque<String> waiting = new LinkedBlockingDeque<>();
    private final Places places;
    private final int capacity;

    JobQueue(int capacity) {
        this.capacity = capacity;
        this.places = new Places(capacity);
    }

    int capacity() {
        return capacity;
    }

    /** Reserves a place; false when the queue is full. */
    boolean reserve() {
        return places.tryAcquire();
    }

    /** Gives back a reservation that did not become a job. */
    void cancel() {
        places.release();
    }

    /** Queues a job on a reserved place. */
    void put(String id) {
        waiting.addLast(id);
    }

    /** Queues a job found pending at start (takes a place even beyond the bound). */
    void restore(String id) {
        places.shrink();
        waiting.addLast(id);
    }

    /** The next job; its place is freed. */
    String take() throws InterruptedException {
        String id = waiting.takeFirst();
        places.release();
        return id;
    }

    int size() {
        return waiting.size();
    }

    /** A semaphore whose permits can go below zero (restored jobs beyond the bound). */
    private static final class Places extends Semaphore {
        Places(int permits) {
            super(permits);
        }

        void shrink() {
            reducePermits(1);
        }
    }
}
