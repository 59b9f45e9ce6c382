package org.covidct.core.dicom;

import org.covidct.core.image.CtSlice;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The NY-SBU slices (GE, Toshiba; signed int16, padding -2000) and pydicom's CT_small decode to the
 * statistics of ny-sbu/EXPECTED.md (pydicom 2.3.1), and their COVID-CTset values follow the formula.
 * (EXPECTED.md names PixelPaddingValue -2000 for two files; A058062 and CT_small carry it too: the
 * bytes (0028,0120) SS 0xF830 are in both files.)
 */
class SingleSliceDecodeTest {

    @ParameterizedTest
    @CsvSource({
            "ny-sbu/A048383_axial_19001231-30.dcm, 512, 512, 1, -1024, -2000, 2326, 5941698, -2000",
            "ny-sbu/A058062_axial_19001231-084.dcm, 512, 512, 1, -1024, -2000, 2267, 40994400, -2000",
            "ny-sbu/A072894_axial_19010103-40.dcm, 512, 512, 1, -1024, -2000, 4095, 25953343, -2000",
            "ny-sbu/A098752_axial_19001231-32.dcm, 512, 512, 1, 0, -2048, 1149, -194264760, ",
            "pydicom/CT_small.dcm, 128, 128, 1, -1024, 128, 2191, 14826310, -2000",
    })
    void decodesToTheIndependentStatistics(String name, int rows, int cols, double slope, double intercept,
                                           int min, int max, long sum, Integer padding) {
        Path file = RealData.dir().resolve(name);
        assertTrue(DicomFile.looksLikeDicom(file));
        DicomImage img = DicomFile.read(file);
        DicomHeader h = img.header();
        assertEquals(rows, h.rows());
        assertEquals(cols, h.columns());
        assertTrue(h.signed(), "int16 stored values");
        assertEquals("1.2.840.10008.1.2.1", h.transferSyntaxUid());
        assertEquals(slope, h.rescaleSlope());
        assertEquals(intercept, h.rescaleIntercept());
        assertEquals(padding, h.pixelPaddingValue());
        int lo = Integer.MAX_VALUE;
        int hi = Integer.MIN_VALUE;
        long total = 0;
        for (int v : img.stored()) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
            total += v;
        }
        assertEquals(min, lo);
        assertEquals(max, hi);
        assertEquals(sum, total);

        DicomImage.Conversion c = img.toCovidCt(name);
        CtSlice s = c.slice();
        long clipped = 0;
        long padded = 0;
        for (int i = 0; i < img.stored().length; i++) {
            int stored = img.stored()[i];
            if (padding != null && stored == padding) {
                padded++;
                assertEquals(0, s.values()[i] & 0xFFFF);
                continue;
            }
            long v = Math.round(stored * slope + intercept) + 1024;
            if (v < 0 || v > 65535) {
                clipped++;
            }
            assertEquals(Math.max(0, Math.min(65535, v)), s.values()[i] & 0xFFFF);
        }
        assertEquals(clipped, c.clipped());
        assertEquals(padded, c.padding());
    }
}
