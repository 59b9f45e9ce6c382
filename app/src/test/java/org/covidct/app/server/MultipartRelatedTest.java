package org.covidct.app.server;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The streaming multipart reader: parts come out byte for byte, whatever the bytes (CR LF, dashes, partial
 * boundaries inside the data) and however the input is cut into reads; preambles, transport padding and the
 * close delimiter per RFC 2046; malformed bodies are 400.
 */
class MultipartRelatedTest {

    static final String B = "abc--boundary";

    private static List<byte[]> read(byte[] body, int chunk) throws IOException {
        List<byte[]> parts = new ArrayList<>();
        List<ByteArrayOutputStream> outs = new ArrayList<>();
        InputStream in = new FilterInputStream(new ByteArrayInputStream(body)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, chunk)); // reads cut at awkward places
            }
        };
        int n = new MultipartRelated(in, B).readAll((i, headers) -> {
            ByteArrayOutputStream o = new ByteArrayOutputStream();
            outs.add(o);
            return o;
        });
        outs.forEach(o -> parts.add(o.toByteArray()));
        assertEquals(n, parts.size());
        return parts;
    }

    private static byte[] body(String preamble, List<byte[]> parts, String padding) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(preamble.getBytes(StandardCharsets.ISO_8859_1));
        for (byte[] p : parts) {
            b.writeBytes(("--" + B + padding + "\r\nContent-Type: application/dicom\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            b.writeBytes(p);
            b.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        b.writeBytes(("--" + B + "--\r\nepilogue").getBytes(StandardCharsets.ISO_8859_1));
        return b.toByteArray();
    }

    @Test
    void partsComeOutExactly() throws IOException {
        Random r = new Random(7);
        List<byte[]> parts = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            byte[] p = new byte[r.nextInt(200_000)];
            r.nextBytes(p);
            parts.add(p);
        }
        // data that looks like the start of a delimiter, and like a whole one without the CRLF before it (a whole
        // CRLF-dash-dash-boundary cannot occur in a part: RFC 2046 makes the sender choose a boundary that does not)
        parts.add(("x\r\n--abc--boundar\r\n-\r\n--abc--boundarX" + "--" + B).getBytes(StandardCharsets.ISO_8859_1));
        parts.add(new byte[0]);
        parts.add("\r\n\r\n--".getBytes(StandardCharsets.ISO_8859_1));
        for (int chunk : new int[] {1, 3, 17, 65536}) {
            for (String preamble : new String[] {"", "preamble text\r\n", "\r\n"}) {
                List<byte[]> got = read(body(preamble, parts, ""), chunk);
                assertEquals(parts.size(), got.size());
                for (int i = 0; i < parts.size(); i++) {
                    assertArrayEquals(parts.get(i), got.get(i), "part " + i + ", reads of " + chunk + ", preamble '" + preamble + "'");
                }
            }
        }
        assertEquals(2, read(body("", parts.subList(0, 2), " \t"), 5).size(), "transport padding after a boundary");
    }

    @Test
    void headersAreRead() throws IOException {
        byte[] body = ("--" + B + "\r\nContent-Type: application/dicom; transfer-syntax=1.2.840.10008.1.2.1\r\nContent-Length: 3\r\n\r\nabc\r\n--" + B + "--")
                .getBytes(StandardCharsets.ISO_8859_1);
        List<Map<String, String>> seen = new ArrayList<>();
        new MultipartRelated(new ByteArrayInputStream(body), B).readAll((i, h) -> {
            seen.add(h);
            return new ByteArrayOutputStream();
        });
        assertEquals("application/dicom; transfer-syntax=1.2.840.10008.1.2.1", seen.get(0).get("content-type"));
        assertEquals("3", seen.get(0).get("content-length"));
        assertEquals(B, MultipartRelated.boundary("multipart/related; type=\"application/dicom\"; boundary=\"" + B + "\""));
        assertEquals("application/dicom", MultipartRelated.parameter("multipart/related; TYPE=application/dicom; boundary=x", "type"));
        assertNull(MultipartRelated.boundary("multipart/related"));
    }

    @Test
    void malformedBodiesAre400() {
        for (String bad : new String[] {"no boundary at all", "--" + B + "\r\nContent-Type: a\r\n\r\nunfinished part",
                "--" + B + "\r\nheaders that never end", "--" + B + "garbage\r\n\r\n"}) {
            HttpFailure e = assertThrows(HttpFailure.class, () -> read(bad.getBytes(StandardCharsets.ISO_8859_1), 4), bad);
            assertEquals(400, e.status());
        }
    }
}
