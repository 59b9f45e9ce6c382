package org.covidct.core.display;

import org.covidct.core.CovidctException;
import org.covidct.core.image.CtSlice;
import org.covidct.core.tiff.TiffDirectory;
import org.covidct.core.tiff.TiffSlices;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VisualizationTest {

    @TempDir
    Path tmp;

    static Path dir() {
        String shared = System.getProperty("covidct.shared");
        assertTrue(shared != null && Files.isDirectory(Path.of(shared)), "system property covidct.shared must name"
                + " the shared data folder (surefire sets it); got " + shared);
        return Path.of(shared).resolve("data/real/covid-ctset-format");
    }

    static String expectedFloatHash() throws IOException {
        Matcher m = Pattern.compile("float32 little-endian values ([0-9a-f]{64})")
                .matcher(Files.readString(dir().resolve("EXPECTED.md")).replace('\n', ' '));
        assertTrue(m.find(), "EXPECTED.md names the float32 hash");
        return m.group(1);
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] littleEndian(float[] f) {
        ByteBuffer b = ByteBuffer.allocate(f.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(f);
        return b.array();
    }

    /** The float samples of a one-channel float32 TIFF, read through our directory parser. */
    static float[] readFloatTiff(Path f) throws IOException {
        TiffDirectory d = TiffSlices.directory(f);
        assertEquals(32, d.bitsPerSample());
        assertEquals(3, d.sampleFormat());
        assertEquals(1, d.compression());
        ByteBuffer all = ByteBuffer.wrap(Files.readAllBytes(f)).order(d.littleEndian() ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        float[] out = new float[d.width() * d.height()];
        int k = 0;
        for (int s = 0; s < d.offsets().length; s++) {
            for (long p = d.offsets()[s]; p < d.offsets()[s] + d.byteCounts()[s] && k < out.length; p += 4) {
                out[k++] = all.getFloat((int) p);
            }
        }
        assertEquals(out.length, k);
        return out;
    }

    @Test
    void instance75DividedByItsMaximumIsBitIdenticalToTheReference() throws IOException {
        CtSlice s = TiffSlices.read(dir().resolve("P001_IM00075_cv2.tif"));
        float[] v = Visualization.divideByMax(s);
        assertEquals(expectedFloatHash(), sha256(littleEndian(v)));
        assertArrayEquals(readFloatTiff(dir().resolve("P001_IM00075_visualized_float32.tif")), v);

        Path out = tmp.resolve("vis.tif");
        Visualization.writeReferenceVisualization(out, s);
        assertEquals(expectedFloatHash(), sha256(littleEndian(readFloatTiff(out))));
        // our float TIFF is refused as a CT slice, with the reason
        CovidctException e = assertThrows(CovidctException.class, () -> TiffSlices.read(out));
        assertTrue(e.getMessage().contains("floating-point"), e.getMessage());
    }

    @Test
    void lungWindowFollowsTheDicomLinearFunction() {
        DisplayWindow lung = DisplayWindow.LUNG;
        assertEquals("W1500/L-600", lung.toString());
        // edges: HU <= -1350 black, HU > 149 white; HU -1024 (value 0) = ((-1024+600.5)/1499+0.5)*255 = 55.46
        assertEquals(55, lung.gray(0, 0));
        assertEquals(255, lung.gray(1024 + 149, 0));
        assertEquals(255, lung.gray(1024 + 150, 0));
        assertEquals(254, lung.gray(1024 + 146, 0));
        DisplayWindow soft = DisplayWindow.parse("W400/L40");
        assertEquals(0, soft.gray(1024 - 160, 0));
        assertEquals(1, soft.gray(1024 - 159, 0));
        assertEquals(128, soft.gray(1024 + 40, 0));
        assertEquals(255, soft.gray(1024 + 239, 0));
        int prev = 0;
        for (int v = 0; v < 65536; v++) {
            int g = lung.gray(v, 0);
            assertTrue(g >= prev && g <= 255, "monotonic at " + v);
            prev = g;
        }
        DisplayWindow binary = DisplayWindow.hu(1, 0);
        assertEquals(0, binary.gray(1023, 0));
        assertEquals(255, binary.gray(1024, 0));
    }

    @Test
    void windowsParseFromTextAndPresets() {
        assertEquals(DisplayWindow.LUNG, DisplayWindow.parse("1500/-600"));
        assertEquals(DisplayWindow.LUNG, DisplayWindow.parse("lung"));
        assertEquals(DisplayWindow.MEDIASTINUM, DisplayWindow.parse("mediastinum"));
        assertEquals(DisplayWindow.hu(350.5, 50), DisplayWindow.parse("w350.5/l50"));
        assertTrue(DisplayWindow.parse("max").relativeToMax());
        for (String bad : new String[] {"", "1500", "a/b", "0/40", "-3/40", "1500/-600/2"}) {
            CovidctException e = assertThrows(CovidctException.class, () -> DisplayWindow.parse(bad), bad);
            assertTrue(e.getMessage().contains("window"), e.getMessage());
        }
    }

    @Test
    void maxModeScalesEachSliceByItsOwnMaximum() {
        CtSlice s = new CtSlice(4, 1, new short[] {0, 1000, 2000, 4000}, "t");
        BufferedImage img = DisplayWindow.toGray8(s, DisplayWindow.sliceMax());
        int[] g = img.getRaster().getSamples(0, 0, 4, 1, 0, (int[]) null);
        assertArrayEquals(new int[] {0, 64, 128, 255}, g);
        assertEquals(0, DisplayWindow.sliceMax().gray(0, 0), "an all-zero slice stays black");
    }

    @Test
    void pngRoundTripsTheWindowedGreyLevels() throws IOException {
        CtSlice s = TiffSlices.read(dir().resolve("P001_IM00040_cv2.tif"));
        Path png = tmp.resolve("a/b.png");
        Visualization.writePng(png, s, DisplayWindow.LUNG);
        BufferedImage back = ImageIO.read(png.toFile());
        assertEquals(512, back.getWidth());
        assertEquals(512, back.getHeight());
        assertEquals(1, back.getRaster().getNumBands(), "8-bit grey");
        // every pixel against the DICOM linear function written out here for W1500/L-600 (c - 0.5 = -600.5,
        // (w - 1) / 2 = 749.5): HU <= -1350 is 0, HU > 149 is 255, between ((HU + 600.5) / 1499 + 0.5) * 255 rounded
        int[] expected = new int[512 * 512];
        for (int i = 0; i < expected.length; i++) {
            double hu = (s.values()[i] & 0xFFFF) - 1024;
            expected[i] = hu <= -1350 ? 0 : hu > 149 ? 255 : (int) Math.round(((hu + 600.5) / 1499 + 0.5) * 255);
        }
        assertArrayEquals(expected, back.getRaster().getSamples(0, 0, 512, 512, 0, (int[]) null));
        // the slice spans the window: air outside the body grey 55, dense bone white, lungs in between
        assertTrue(java.util.Arrays.stream(expected).anyMatch(g -> g == 255));
        assertTrue(java.util.Arrays.stream(expected).anyMatch(g -> g > 55 && g < 255));
    }
}
