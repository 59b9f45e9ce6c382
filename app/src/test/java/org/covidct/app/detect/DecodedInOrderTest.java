package org.covidct.app.detect;

import org.covidct.core.CovidctException;
import org.covidct.core.image.CtSlice;
import org.covidct.core.series.SliceSource;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Detect's read-ahead: slices in series order, each waited for alone, a decoding error where it is asked for. */
class DecodedInOrderTest {

    /** A slice whose decoding waits for {@code gate} (null: decodes at once) and may fail. */
    private static SliceSource source(int index, CountDownLatch gate, boolean fails, AtomicInteger reads) {
        return new SliceSource() {
            @Override
            public String name() {
                return "s" + index;
            }

            @Override
            public Path file() {
                return Path.of("s" + index + ".tif");
            }

            @Override
            public CtSlice read() {
                reads.incrementAndGet();
                try {
                    if (gate != null && !gate.await(30, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("gate never opened");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
                if (fails) {
                    throw new CovidctException(file(), "cannot decode slice " + index);
                }
                return new CtSlice(2, 1, new short[] {(short) index, (short) (index * 3)}, name());
            }
        };
    }

    @Test
    void slicesComeInSeriesOrderAndTheFirstDoNotWaitForTheLast() {
        CountDownLatch lastGate = new CountDownLatch(1);
        AtomicInteger reads = new AtomicInteger();
        List<SliceSource> sources = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            sources.add(source(i, i == 5 ? lastGate : null, false, reads));
        }
        List<CtSlice> slices = new DecodedInOrder(sources).slices();
        assertEquals(6, slices.size());
        // slice 5 is still blocked: the first five are handed out anyway (a batch goes through the network meanwhile)
        for (int i = 0; i < 5; i++) {
            assertEquals("s" + i, slices.get(i).source());
            assertEquals((short) (i * 3), slices.get(i).values()[1]);
        }
        lastGate.countDown();
        assertEquals("s5", slices.get(5).source());
        assertEquals(6, reads.get(), "each slice decoded exactly once");
        assertEquals("s2", slices.get(2).source(), "asking again gives the same slice");
        assertEquals(6, reads.get(), "asking again decodes nothing");
    }

    @Test
    void aSliceThatCannotBeDecodedThrowsItsOwnErrorWhereItIsAskedFor() {
        AtomicInteger reads = new AtomicInteger();
        List<SliceSource> sources = List.of(source(0, null, false, reads), source(1, null, true, reads),
                source(2, null, false, reads));
        List<CtSlice> slices = new DecodedInOrder(sources).slices();
        assertEquals("s0", slices.get(0).source());
        CovidctException e = assertThrows(CovidctException.class, () -> slices.get(1));
        assertTrue(e.getMessage().contains("cannot decode slice 1"), e.getMessage());
    }
}
