package org.covidct.core.series;

import org.covidct.core.image.CtSlice;
import org.junit.jupiter.api.Test;

import java.awt.Rectangle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The default region reads of SliceSource (what formats without a faster path get) and Series' own copy. */
class SeriesTest {

    /** A source that decodes to a fixed 3x2 slice: 0, 100, 40000 / 65535, 99, 101. */
    private static SliceSource fixed(String name) {
        return new SliceSource() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Path file() {
                return Path.of(name);
            }

            @Override
            public CtSlice read() {
                return new CtSlice(3, 2, new short[] {0, 100, (short) 40000, (short) 65535, 99, 101}, name);
            }
        };
    }

    @Test
    void regionsAreCutFromTheWholeSlice() {
        SliceSource s = fixed("a.dcm");
        assertArrayEquals(new short[] {100, (short) 40000, 99, 101}, s.readRegion(new Rectangle(1, 0, 2, 2)).values());
        // the rule sees the slice's width and height
        List<int[]> asked = new ArrayList<>();
        CtSlice r = s.readRegion((w, h) -> {
            asked.add(new int[] {w, h});
            return new Rectangle(0, 1, w, 1);
        });
        assertEquals(1, asked.size());
        assertArrayEquals(new int[] {3, 2}, asked.get(0));
        assertArrayEquals(new short[] {(short) 65535, 99, 101}, r.values());
    }

    @Test
    void countBelowComparesUnsignedAndStrictly() {
        SliceSource s = fixed("a.dcm");
        SliceSource.RegionRule whole = (w, h) -> new Rectangle(0, 0, w, h);
        assertEquals(2, s.countBelow(whole, 100));      // 0 and 99; not 100, nor 40000 and 65535 read signed
        assertEquals(3, s.countBelow(whole, 101));      // 0, 99 and 100
        assertEquals(5, s.countBelow(whole, 65535));    // 40000 is below, 65535 is not
        assertEquals(0, s.countBelow(whole, 0));
        assertEquals(1, s.countBelow((w, h) -> new Rectangle(2, 1, 1, 1), 102));
        assertEquals(0, s.countBelow((w, h) -> new Rectangle(2, 1, 1, 1), 101));
    }

    @Test
    void aSeriesKeepsItsOwnCopyOfTheSlices() {
        List<SliceSource> slices = new ArrayList<>(List.of(fixed("1.dcm"), fixed("2.dcm")));
        Series series = new Series(Path.of("P1/SR_2"), "2", slices);
        slices.clear();
        assertEquals(2, series.size());
        assertEquals("2.dcm", series.slices().get(1).name());
        assertThrows(UnsupportedOperationException.class, () -> series.slices().add(fixed("3.dcm")));
        assertEquals(0, new Series(Path.of("e"), "e", List.of()).size());
    }
}
