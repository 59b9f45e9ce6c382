package org.covidct.core.tiff;

import org.covidct.core.image.CtSlice;
import com.twelvemonkeys.imageio.plugins.tiff.TIFFImageReaderSpi;
import org.covidct.core.phantom.PhantomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Round trips through two independent decoders: the project's TIFF reader and TwelveMonkeys' ImageIO plugin. */
class TiffEncoderTest {

    @TempDir
    Path tmp;

    private static short[] viaTwelveMonkeys(byte[] tiff) throws Exception {
        ImageReader reader = new TIFFImageReaderSpi().createReaderInstance();
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(tiff))) {
            reader.setInput(in);
            Raster r = reader.readRaster(0, null);
            int[] px = r.getSamples(0, 0, r.getWidth(), r.getHeight(), 0, (int[]) null);
            short[] out = new short[px.length];
            for (int i = 0; i < px.length; i++) {
                out[i] = (short) px[i];
            }
            return out;
        } finally {
            reader.dispose();
        }
    }

    private void roundTrip(CtSlice s) throws Exception {
        byte[] tiff = TiffEncoder.encode(s);
        assertArrayEquals(s.values(), viaTwelveMonkeys(tiff), "TwelveMonkeys decode");
        Path f = tmp.resolve("s.tif");
        Files.write(f, tiff);
        CtSlice back = TiffSlices.read(f);
        assertEquals(s.width(), back.width());
        assertEquals(s.height(), back.height());
        assertEquals(s.sha256(), back.sha256(), "TiffSlices decode");
    }

    @Test
    void randomNoiseFillsTheStringTableAndStillRoundTrips() throws Exception {
        Random r = new Random(1);
        short[] v = new short[512 * 512];
        for (int i = 0; i < v.length; i++) {
            v[i] = (short) r.nextInt(65536);
        }
        roundTrip(new CtSlice(512, 512, v, "noise"));
    }

    @Test
    void constantAndOddSizedSlicesRoundTrip() throws Exception {
        roundTrip(new CtSlice(37, 23, new short[37 * 23], "zeros"));
        short[] v = new short[1 * 1];
        v[0] = (short) 0xFFFF;
        roundTrip(new CtSlice(1, 1, v, "one"));
        // up and down in every row: a row that only rises is what raw data under a false Predictor tag
        // decodes to, and the reader refuses it (StripDecoder's plausibility check)
        short[] ramp = new short[300 * 17];
        for (int i = 0; i < ramp.length; i++) {
            int x = i % 300;
            ramp[i] = (short) ((x < 150 ? x : 300 - x) * 37 + i / 300);
        }
        roundTrip(new CtSlice(300, 17, ramp, "ramp"));
    }

    @Test
    void phantomSlicesRoundTripAndCompress() throws Exception {
        var p = PhantomGenerator.builder().setSeed(3).optSize(512).build().patient(0);
        for (int j : new int[] {0, p.series().get(0).sliceCount() / 2}) {
            CtSlice s = p.render(0, j).slice();
            roundTrip(s);
            assertTrue(TiffEncoder.encode(s).length < 512 * 512 * 2 * 0.8, "LZW with predictor compresses CT");
        }
    }
}
