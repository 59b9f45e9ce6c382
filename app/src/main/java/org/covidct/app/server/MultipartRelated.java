package org.covidct.app.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A streaming reader of a multipart body (RFC 2046 5.1; multipart/related of RFC 2387 as STOW-RS sends it,
 * PS3.18 8.6.1): parts are copied to their destination as they arrive, never held in memory. The boundary
 * is found with a Knuth-Morris-Pratt matcher, so a part's bytes pass exactly once.
 */
final class MultipartRelated {

    /** Where a part's body goes, chosen from its headers. */
    interface PartSink {
        OutputStream open(int index, Map<String, String> headers) throws IOException;
    }

    private static final int MAX_HEADER_BYTES = 16 * 1024;

    private final InputStream in;
    private final byte[] delimiter;
    private final int[] fail;
    private final byte[] buf = new byte[64 * 1024];
    private int pos;
    private int end;

    MultipartRelated(InputStream in, String boundary) {
        this.in = in;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        this.fail = failure(delimiter);
        buf[0] = '\r';
        buf[1] = '\n';
        end = 2;
    }

    /** The boundary parameter of a multipart Content-Type, or null. */
    static String boundary(String contentType) {
        return parameter(contentType, "boundary");
    }

    /** A parameter of a header value such as {@code multipart/related; type="application/dicom"}, or null. */
    static String parameter(String headerValue, String name) {
        if (headerValue == null) {
            return null;
        }
        for (String part : headerValue.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).trim().equalsIgnoreCase(name)) {
                String v = part.substring(eq + 1).trim();
                if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                    v = v.substring(1, v.length() - 1);
                }
                return v;
            }
        }
        return null;
    }

    /**
     * Reads every part into the sink; returns the number of parts.
     *
     * @throws HttpFailure 400 when the body is not a well-formed multipart body
     */
    int readAll(PartSink sink) throws IOException {
        // the first boundary may start the body without a CRLF before it: the reader starts with a virtual CRLF
        if (!skipPreamble()) {
            throw new HttpFailure(400, "not a multipart body: the boundary never appears");
        }
        int parts = 0;
        while (true) {
            int a = next();
            int b = next();
            if (a == '-' && b == '-') {
                return parts; // close delimiter; the epilogue is ignored
            }
            // transport padding (spaces, tabs) may follow a boundary before its CRLF
            while (a == ' ' || a == '\t') {
                a = b;
                b = next();
            }
            if (a != '\r' || b != '\n') {
                throw new HttpFailure(400, "malformed multipart body after boundary " + parts);
            }
            Map<String, String> headers = headers();
            try (OutputStream out = sink.open(parts, headers)) {
                if (!copyUntilDelimiter(out)) {
                    throw new HttpFailure(400, "multipart body ends inside part " + (parts + 1));
                }
            }
            parts++;
        }
    }

    /** Skips the preamble through the first boundary. */
    private boolean skipPreamble() throws IOException {
        return copyUntilDelimiter(OutputStream.nullOutputStream());
    }

    private Map<String, String> headers() throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        StringBuilder line = new StringBuilder();
        int total = 0;
        while (true) {
            int c = next();
            if (c < 0) {
                throw new HttpFailure(400, "multipart body ends inside part headers");
            }
            if (++total > MAX_HEADER_BYTES) {
                throw new HttpFailure(400, "multipart part headers longer than " + MAX_HEADER_BYTES + " bytes");
            }
            if (c == '\n') {
                String l = line.toString();
                if (l.endsWith("\r")) {
                    l = l.substring(0, l.length() - 1);
                }
                if (l.isEmpty()) {
                    return headers;
                }
                int colon = l.indexOf(':');
                if (colon > 0) {
                    headers.put(l.substring(0, colon).trim().toLowerCase(Locale.ROOT), l.substring(colon + 1).trim());
                }
                line.setLength(0);
            } else {
                line.append((char) c);
            }
        }
    }

    /** Copies bytes until the delimiter (which is consumed); false at the end of the input. */
    private boolean copyUntilDelimiter(OutputStream out) throws IOException {
        byte[] pending = new byte[8192];
        int n = 0;
        int j = 0;
        while (true) {
            int c = next();
            if (c < 0) {
                out.write(pending, 0, n);
                return false;
            }
            while (j > 0 && (delimiter[j] & 0xFF) != c) {
                int k = fail[j - 1];
                // the first j - k bytes of the partial match are data after all
                for (int i = 0; i < j - k; i++) {
                    if (n == pending.length) {
                        out.write(pending, 0, n);
                        n = 0;
                    }
                    pending[n++] = delimiter[i];
                }
                j = k;
            }
            if ((delimiter[j] & 0xFF) == c) {
                if (++j == delimiter.length) {
                    out.write(pending, 0, n);
                    return true;
                }
            } else {
                if (n == pending.length) {
                    out.write(pending, 0, n);
                    n = 0;
                }
                pending[n++] = (byte) c;
            }
        }
    }

    private int next() throws IOException {
        if (pos == end) {
            end = in.read(buf, 0, buf.length);
            pos = 0;
            if (end <= 0) {
                end = 0;
                return -1;
            }
        }
        return buf[pos++] & 0xFF;
    }

    private static int[] failure(byte[] p) {
        int[] f = new int[p.length];
        int k = 0;
        for (int i = 1; i < p.length; i++) {
            while (k > 0 && p[i] != p[k]) {
                k = f[k - 1];
            }
            if (p[i] == p[k]) {
                k++;
            }
            f[i] = k;
        }
        return f;
    }
}
