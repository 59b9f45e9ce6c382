package org.covidct.app.server;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** A request body that may not exceed a size: reading past it fails with 413 (Payload Too Large). */
final class BoundedInput extends FilterInputStream {

    private final long limit;
    private long count;

    BoundedInput(InputStream in, long limit) {
        super(in);
        this.limit = limit;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            add(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        if (n > 0) {
            add(n);
        }
        return n;
    }

    private void add(long n) {
        count += n;
        if (count > limit) {
            throw new HttpFailure(413, "upload larger than the limit of " + limit + " bytes (--max-upload-mb)");
        }
    }

    long count() {
        return count;
    }
}
