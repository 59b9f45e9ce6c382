package org.covidct.core.dicom;

import org.covidct.core.image.CtSlice;
import org.covidct.core.load.SeriesLoader;
import org.covidct.core.series.Series;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every slice of the two COVID-CT-MD series (JPEG Lossless SV1, 12-bit unsigned) decodes to the
 * SHA-256 an independent decoder (pydicom + GDCM) recorded, and the series opens in InstanceNumber order.
 */
class CovidCtMdDecodeTest {

    @ParameterizedTest
    @ValueSource(strings = {"covid/P001", "normal/normal001"})
    void everySliceMatchesTheIndependentDecoder(String series) throws Exception {
        Path dir = RealData.dir().resolve("covid-ct-md").resolve(series);
        List<String[]> expected = expected(dir.resolveSibling(dir.getFileName() + ".expected.csv"));
        Series s = SeriesLoader.open(dir);
        assertEquals(expected.size(), s.size(), "slices in " + series);
        for (int i = 0; i < expected.size(); i++) {
            String[] row = expected.get(i);
            assertEquals(i + 1, Integer.parseInt(row[0]));
            Path file = dir.resolve(row[1]);
            assertEquals(file, s.slices().get(i).file(), "slice " + (i + 1) + " is instance " + row[0]);

            DicomImage img = DicomFile.read(file);
            assertEquals(i + 1, img.header().instanceNumber());
            assertEquals(row[2], sha256(img.stored()), "stored values of " + row[1]);
            int min = Integer.MAX_VALUE;
            int max = Integer.MIN_VALUE;
            for (int v : img.stored()) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            assertEquals(Integer.parseInt(row[3]), min);
            assertEquals(Integer.parseInt(row[4]), max);

            // slope 1, intercept -1024: the COVID-CTset value IS the stored value (every 7th slice through
            // the series' SliceSource, to keep the test short; the rest through the same conversion)
            CtSlice slice = i % 7 == 0 ? s.slices().get(i).read() : img.toCtSlice(row[1]);
            assertEquals(row[2], slice.sha256(), "COVID-CTset values of " + row[1]);
        }
    }

    static List<String[]> expected(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        assertTrue(lines.get(0).startsWith("instance,file,sha256"));
        return lines.subList(1, lines.size()).stream().map(l -> l.split(",")).toList();
    }

    static String sha256(int[] stored) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(stored.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : stored) {
            b.putShort((short) v);
        }
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b.array()));
    }
}
