package org.covidct.core.load;

import org.covidct.core.dicom.DicomFile;
import org.covidct.core.image.CtSlice;
import org.covidct.core.series.Series;
import org.covidct.core.tiff.TiffSlices;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * pydicom's CT_small.dcm has a preamble that begins with TIFF magic ("II*\0"): "DICM" at byte 128 must
 * win, so that select and detect open it as DICOM instead of saying "no TIFF slices" (issue 14).
 */
class DicmMarkerWinsTest {

    @TempDir
    Path tmp;

    static Path ctSmall() {
        return Path.of(System.getProperty("covidct.shared"), "data", "real", "pydicom", "CT_small.dcm");
    }

    @Test
    void ctSmallIsDicomThoughItsPreambleStartsWithTiffMagic() throws Exception {
        Path f = ctSmall();
        byte[] head = Files.readAllBytes(f);
        assertEquals('I', head[0]);
        assertEquals(42, head[2]);
        assertTrue(TiffSlices.looksLikeTiff(f), "the magic bytes are there");
        assertTrue(DicomFile.hasDicmMarker(f));
        assertFalse(SliceFiles.isTiff(f));
        CtSlice s = SliceFiles.read(f);
        assertArrayEquals(DicomFile.read(f).toCtSlice("x").values(), s.values());
    }

    @Test
    void aFolderHoldingItOpensAsADicomSeries() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("series"));
        Files.copy(ctSmall(), dir.resolve("CT_small.dcm"));
        Series s = SeriesLoader.open(dir);
        assertEquals(1, s.size());
        assertEquals(128, s.slices().get(0).read().width());
    }

    @Test
    void aTiffWithoutTheMarkerStaysATiff() throws Exception {
        Path t = tmp.resolve("slice.tif");
        short[] v = new short[16 * 16];
        for (int i = 0; i < v.length; i++) {
            v[i] = (short) (i * 7);
        }
        TiffSlices.write(t, new CtSlice(16, 16, v, "x"), TiffSlices.Compression.LZW);
        assertTrue(SliceFiles.isTiff(t));
        assertFalse(DicomFile.hasDicmMarker(t));
        assertArrayEquals(v, SliceFiles.read(t).values());
        // a TIFF long enough to have bytes 128..131, which are not "DICM": still a TIFF
        assertTrue(Files.size(t) > 132);
        assertFalse(DicomFile.hasDicmMarker(tmp.resolve("missing")));
    }
}
