package org.covidct.core.dicom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Files compressed by an independent toolkit (GDCM 3.0: JPEG Lossless process 14 and SV1 at 12 and 16
 * bits, signed and unsigned, and RLE Lossless) decode to the stored values pydicom 2.3.1 + GDCM report
 * (resources/dicom/expected.csv, made by resources/dicom/make_fixtures.py). This covers what the real
 * COVID-CT-MD series (12-bit unsigned SV1) do not: 1.2.840.10008.1.2.4.57, 16-bit precision, signed
 * JPEG and RLE output that must be sign-extended, and an RLE encoder other than our own.
 */
class IndependentEncoderFixturesTest {

    static Path dir() throws Exception {
        return Path.of(IndependentEncoderFixturesTest.class.getResource("/dicom/expected.csv").toURI()).getParent();
    }

    static Stream<Arguments> rows() throws Exception {
        return Files.readAllLines(dir().resolve("expected.csv")).stream().skip(1).map(l -> Arguments.of(
                (Object[]) l.split(",")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void decodesLikeTheIndependentDecoder(String file, String ts, String rows, String cols, String bitsStored,
                                          String signed, String sha256, String min, String max, String sum)
            throws Exception {
        DicomImage img = DicomFile.read(dir().resolve(file));
        assertEquals(ts, img.header().transferSyntaxUid());
        assertEquals(Integer.parseInt(rows), img.height());
        assertEquals(Integer.parseInt(cols), img.width());
        assertEquals(Integer.parseInt(bitsStored), img.header().bitsStored());
        assertEquals(signed.equals("1"), img.header().signed());
        ByteBuffer b = ByteBuffer.allocate(img.stored().length * 4).order(ByteOrder.LITTLE_ENDIAN);
        long total = 0;
        int lo = Integer.MAX_VALUE;
        int hi = Integer.MIN_VALUE;
        for (int v : img.stored()) {
            b.putInt(v);
            total += v;
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        assertEquals(Integer.parseInt(min), lo);
        assertEquals(Integer.parseInt(max), hi);
        assertEquals(Long.parseLong(sum), total);
        assertEquals(sha256, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b.array())));
    }
}
