package org.covidct.core.image;

import org.covidct.core.CovidctException;
import org.junit.jupiter.api.Test;

import java.awt.Rectangle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CtSlice reads its shorts unsigned; Crops copies whole rows of a rectangle and refuses one that sticks out. */
class CtSliceTest {

    /** 2 columns, 2 rows: 1, 65535 / 32768, 0x1234 (as shorts: 1, -1, -32768, 4660). */
    private static CtSlice twoByTwo() {
        return new CtSlice(2, 2, new short[] {1, (short) 0xFFFF, (short) 0x8000, 0x1234}, "t.tif");
    }

    @Test
    void valuesAreReadUnsignedRowMajor() {
        CtSlice s = twoByTwo();
        assertEquals(1, s.get(0, 0));
        assertEquals(65535, s.get(1, 0));
        assertEquals(32768, s.get(0, 1));
        assertEquals(0x1234, s.get(1, 1));
        assertEquals(65535, s.max());
        assertEquals(1, s.min());
        CtSlice flat = new CtSlice(3, 1, new short[] {7, 7, 7}, "flat");
        assertEquals(7, flat.max());
        assertEquals(7, flat.min());
        assertEquals(0, new CtSlice(1, 1, new short[] {0}, "zero").max());
        assertEquals(65535, new CtSlice(1, 1, new short[] {-1}, "top").min());
    }

    @Test
    void sha256IsOfLittleEndianUint16RowMajor() {
        // bytes 01 00 ff ff 00 80 34 12, hashed with python3 hashlib.sha256
        assertEquals("ea49dce74266641908177d49dc558505447079857525d5fe71fa94d6a77dba3a", twoByTwo().sha256());
    }

    @Test
    void sizesThatDoNotMatchTheValuesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new CtSlice(0, 1, new short[0], "x"));
        assertThrows(IllegalArgumentException.class, () -> new CtSlice(1, 0, new short[0], "x"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CtSlice(2, 2, new short[3], "x"));
        assertEquals("slice 2x2 with 3 values", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new CtSlice(2, 2, new short[5], "x"));
    }

    @Test
    void cropsCopyTheRectangleRowByRow() {
        short[] v = new short[4 * 3];
        for (int i = 0; i < v.length; i++) {
            v[i] = (short) (10 + i);
        }
        CtSlice s = new CtSlice(4, 3, v, "s.tif");
        CtSlice c = Crops.crop(s, new Rectangle(1, 1, 3, 2));
        assertEquals(3, c.width());
        assertEquals(2, c.height());
        assertArrayEquals(new short[] {15, 16, 17, 19, 20, 21}, c.values());
        assertEquals("s.tif", c.source());
        assertArrayEquals(v, Crops.crop(s, new Rectangle(0, 0, 4, 3)).values());
    }

    @Test
    void aRegionOutsideTheSliceIsRefusedNamingIt() {
        CtSlice s = new CtSlice(4, 3, new short[12], "s.tif");
        CovidctException e = assertThrows(CovidctException.class, () -> Crops.crop(s, new Rectangle(2, 1, 3, 2)));
        assertEquals("slice s.tif is 4x3, too small for region 3x2 at 2,1", e.getMessage());
        assertThrows(CovidctException.class, () -> Crops.crop(s, new Rectangle(0, 2, 4, 2)));
        assertThrows(CovidctException.class, () -> Crops.crop(s, new Rectangle(-1, 0, 2, 2)));
        assertThrows(CovidctException.class, () -> Crops.crop(s, new Rectangle(0, -1, 2, 2)));
        assertTrue(Crops.crop(s, new Rectangle(3, 2, 1, 1)).values().length == 1);
    }
}
