package org.covidct.core.dicom;

import org.covidct.core.CovidctException;
import org.covidct.core.image.Crops;
import org.covidct.core.image.CtSlice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.Rectangle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Region reads (what slice selection asks for) equal the crop of the whole decoded slice, for
 * uncompressed files read row band only (little and big endian, 8 and 16 bits, signed, padding) and for
 * compressed files decoded whole.
 */
class DicomRegionTest {

    @TempDir
    Path tmp;

    @Test
    void regionsEqualCropsOfTheWholeSlice() throws Exception {
        List<Path> files = new ArrayList<>();
        Path real = RealData.dir();
        files.add(real.resolve("ny-sbu/A048383_axial_19001231-30.dcm"));
        files.add(real.resolve("ny-sbu/A098752_axial_19001231-32.dcm"));
        files.add(real.resolve("pydicom/CT_small.dcm"));
        files.add(real.resolve("covid-ct-md/covid/P001/98C14734-ASSH_84.dcm"));
        Random r = new Random(7);
        int[] cells = new int[35];
        for (int i = 0; i < cells.length; i++) {
            cells[i] = r.nextInt(65536);
        }
        for (TransferSyntax ts : new TransferSyntax[] {TransferSyntax.EXPLICIT_VR_BIG_ENDIAN,
                TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN, TransferSyntax.RLE_LOSSLESS}) {
            Path f = tmp.resolve(ts.name() + ".dcm");
            // intercept +1024: random signed 12-bit cells then map to 0..4095 with nothing clipped
            DicomWriter.builder().setTransferSyntax(ts).build().write(f, DicomFormatsTest.dataSet(16, 12, 11, true)
                    .string(Tag.RESCALE_INTERCEPT, "DS", "1024"), cells);
            files.add(f);
        }
        Path u8 = tmp.resolve("u8.dcm");
        int[] small = new int[35];
        for (int i = 0; i < small.length; i++) {
            small[i] = r.nextInt(256);
        }
        DicomWriter.builder().setTransferSyntax(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).build()
                .write(u8, DicomFormatsTest.dataSet(8, 8, 7, false), small);
        files.add(u8);

        for (Path f : files) {
            CtSlice whole = DicomFile.read(f).toCtSlice("x");
            int w = whole.width();
            int h = whole.height();
            Rectangle[] regions = {new Rectangle(0, 0, w, h), new Rectangle(0, 0, 1, 1),
                    new Rectangle(w - 1, h - 1, 1, 1), new Rectangle(w / 4, h / 3, w / 2, h / 3 + 1),
                    new Rectangle(1, h / 2, w - 2, 2)};
            for (Rectangle region : regions) {
                CtSlice part = DicomFile.readRegion(f, region, "x");
                assertArrayEquals(Crops.crop(whole, region).values(), part.values(), f.getFileName() + " " + region);
            }
        }
    }

    @Test
    void badRegionsAndCutFilesAreRefused() throws Exception {
        Path f = RealData.dir().resolve("pydicom/CT_small.dcm");
        CovidctException e = assertThrows(CovidctException.class,
                () -> DicomFile.readRegion(f, new Rectangle(100, 100, 50, 10), "x"));
        assertTrue(e.getMessage().contains("too small for region"), e.getMessage());
        byte[] all = Files.readAllBytes(f);
        Path cut = tmp.resolve("cut.dcm");
        Files.write(cut, java.util.Arrays.copyOf(all, all.length - 20000)); // inside the 32 KiB of pixels
        // the region's rows are still there, but the file is refused as a whole read refuses it
        e = assertThrows(CovidctException.class, () -> DicomFile.readRegion(cut, new Rectangle(0, 0, 8, 8), "x"));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        assertThrows(CovidctException.class, () -> DicomFile.read(cut));
    }
}
