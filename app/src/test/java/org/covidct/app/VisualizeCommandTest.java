package org.covidct.app;

import org.covidct.core.image.CtSlice;
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
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VisualizeCommandTest {

    @TempDir
    Path tmp;

    static Path real() {
        return SelectCommandTest.shared().resolve("data/real/covid-ctset-format");
    }

    @Test
    void oneSliceGivesTheReferenceFloatTiff() throws Exception {
        Path out = tmp.resolve("v75.tif");
        CliRun r = CliRun.of("visualize", real().resolve("P001_IM00075_cv2.tif").toString(), out.toString());
        assertEquals(0, r.exit(), r.err());
        byte[] b = Files.readAllBytes(out);
        // our writer puts the float samples right after the 8-byte header
        ByteBuffer data = ByteBuffer.wrap(b, 8, 512 * 512 * 4).slice().order(ByteOrder.LITTLE_ENDIAN);
        byte[] floats = new byte[512 * 512 * 4];
        data.get(floats);
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(floats));
        assertTrue(Files.readString(real().resolve("EXPECTED.md")).contains(hash), "float32 hash " + hash);
    }

    @Test
    void aTreeBecomesMirroredWindowedPngs() throws IOException {
        Path in = tmp.resolve("in");
        Files.createDirectories(in.resolve("p1/SR_2"));
        Files.createDirectories(in.resolve("p2/SR_3"));
        Files.copy(real().resolve("P001_IM00040_cv2.tif"), in.resolve("p1/SR_2/IM00040.tif"));
        Files.copy(real().resolve("P001_IM00148_pil.tif"), in.resolve("p2/SR_3/IM00148.tif"));
        Path out = tmp.resolve("out");
        CliRun r = CliRun.of("visualize", in.toString(), out.toString(), "--window", "400/40");
        assertEquals(0, r.exit(), r.err());
        List<String> files;
        try (Stream<Path> s = Files.walk(out)) {
            files = s.filter(Files::isRegularFile).map(p -> out.relativize(p).toString().replace('\\', '/')).sorted().toList();
        }
        assertEquals(List.of("p1/SR_2/IM00040.png", "p2/SR_3/IM00148.png"), files);
        BufferedImage png = ImageIO.read(out.resolve("p1/SR_2/IM00040.png").toFile());
        assertEquals(512, png.getWidth());
        assertEquals(512, png.getHeight());
        assertEquals(1, png.getRaster().getNumBands(), "8-bit grey");
        CtSlice s = TiffSlices.read(in.resolve("p1/SR_2/IM00040.tif"));
        int[] expected = new int[512 * 512];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = linearVoi(s.values()[i] & 0xFFFF, 400, 40);
        }
        assertArrayEquals(expected, png.getRaster().getSamples(0, 0, 512, 512, 0, (int[]) null));
        // a soft-tissue window leaves the lungs black and the bones white: both occur
        assertTrue(java.util.Arrays.stream(expected).anyMatch(g -> g == 0));
        assertTrue(java.util.Arrays.stream(expected).anyMatch(g -> g == 255));
        assertTrue(java.util.Arrays.stream(expected).anyMatch(g -> g > 0 && g < 255));
    }

    /**
     * The linear VOI function of DICOM PS3.3 C.11.2.1.2.1 onto 0..255, for a stored value (HU + 1024):
     * 0 up to c - 0.5 - (w - 1) / 2, 255 above c - 0.5 + (w - 1) / 2, linear (rounded) between.
     */
    static int linearVoi(int stored, double width, double center) {
        double hu = stored - 1024;
        if (hu <= center - 0.5 - (width - 1) / 2) {
            return 0;
        }
        if (hu > center - 0.5 + (width - 1) / 2) {
            return 255;
        }
        return (int) Math.round(((hu - (center - 0.5)) / (width - 1) + 0.5) * 255);
    }

    @Test
    void pngLungDefaultAndMaxDiffer() throws IOException {
        Path f = real().resolve("P001_IM00075_cv2.tif");
        assertEquals(0, CliRun.of("visualize", f.toString(), tmp.resolve("lung.png").toString(), "--png").exit());
        assertEquals(0, CliRun.of("visualize", f.toString(), tmp.resolve("max.png").toString(), "--max").exit());
        BufferedImage lung = ImageIO.read(tmp.resolve("lung.png").toFile());
        BufferedImage max = ImageIO.read(tmp.resolve("max.png").toFile());
        // outside air (value 0): grey 55 in the lung window, black when scaled by the maximum
        assertEquals(55, lung.getRaster().getSample(2, 2, 0));
        assertEquals(0, max.getRaster().getSample(2, 2, 0));
        assertNotEquals(lung.getRaster().getSample(256, 200, 0), max.getRaster().getSample(256, 200, 0));
    }

    @Test
    void badInputIsAOneLineError() throws IOException {
        CliRun window = CliRun.of("visualize", real().resolve("P001_IM00075_cv2.tif").toString(),
                tmp.resolve("x.png").toString(), "--window", "wide");
        assertEquals(2, window.exit());
        SelectCommandTest.assertOneLine(window.err(), "wide", "bad window");
        assertFalse(Files.exists(tmp.resolve("x.png")));

        Path eight = tmp.resolve("eight.tif");
        ImageIO.write(new BufferedImage(64, 64, BufferedImage.TYPE_BYTE_GRAY), "tiff", eight.toFile());
        CliRun r = CliRun.of("visualize", eight.toString(), tmp.resolve("e.tif").toString());
        assertEquals(2, r.exit());
        SelectCommandTest.assertOneLine(r.err(), eight.toString(), "8-bit");
        assertFalse(Files.exists(tmp.resolve("e.tif")));

        CliRun missing = CliRun.of("visualize", tmp.resolve("nope.tif").toString(), tmp.resolve("n.tif").toString());
        assertEquals(2, missing.exit());
        SelectCommandTest.assertOneLine(missing.err(), "nope.tif", "no such file");

        Path empty = Files.createDirectories(tmp.resolve("empty"));
        CliRun none = CliRun.of("visualize", empty.toString(), tmp.resolve("o").toString());
        assertEquals(2, none.exit());
        SelectCommandTest.assertOneLine(none.err(), "empty", "no TIFF or DICOM slices");
    }
}
