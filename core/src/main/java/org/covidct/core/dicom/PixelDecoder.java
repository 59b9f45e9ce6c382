package org.covidct.core.dicom;

import com.twelvemonkeys.imageio.plugins.jpeg.JPEGImageReaderSpi;

import javax.imageio.ImageReader;
import javax.imageio.spi.IIORegistry;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;

/** Turns a file's pixel data into stored values: native, JPEG Lossless or RLE, then BitsStored/sign. */
final class PixelDecoder {
    private PixelDecoder() {
    }

    /** The registered TwelveMonkeys provider (it finds its JDK delegate on registration). */
    private static JPEGImageReaderSpi jpegSpi() {
        IIORegistry registry = IIORegistry.getDefaultInstance();
        JPEGImageReaderSpi spi = registry.getServiceProviderByClass(JPEGImageReaderSpi.class);
        if (spi == null) {
            registry.registerServiceProvider(new JPEGImageReaderSpi());
            spi = registry.getServiceProviderByClass(JPEGImageReaderSpi.class);
        }
        return spi;
    }

    /**
     * Stored values of the first frame, row-major, after masking to BitsStored and sign extension.
     *
     * @throws IllegalArgumentException naming the problem (the caller adds the file)
     */
    static int[] decode(DicomHeader h, PixelData pixels) {
        checkFormat(h);
        int rows = h.rows();
        int cols = h.columns();
        int allocated = h.bitsAllocated();
        int stored = h.bitsStored();
        int n = rows * cols;
        TransferSyntax ts = h.transferSyntax();
        if (ts == null) {
            throw new IllegalArgumentException(TransferSyntax.describe(h.transferSyntaxUid())
                    + " is not supported (supported: " + TransferSyntax.SUPPORTED + ")");
        }
        // HighBit is BitsStored - 1 (checked): the stored value sits in the low bits of every cell, and a
        // JPEG sample holds the stored value itself; either way it is masked and sign-extended the same way
        int[] raw;
        switch (ts.pixels()) {
            case NATIVE -> {
                if (pixels.encapsulated()) {
                    throw new IllegalArgumentException("encapsulated pixel data in an uncompressed transfer syntax");
                }
                raw = nativeSamples(pixels.nativeBytes(), n, allocated, pixels.bigEndian());
            }
            case RLE -> {
                byte[] frame = firstFrame(pixels);
                // a PackBits replicate run turns 2 bytes into at most 128: a frame that cannot fill the
                // image is corrupt, and refusing it early bounds what a bad Rows/Columns can allocate
                if ((long) n * (allocated / 8) > 64L * frame.length) {
                    throw new IllegalArgumentException("RLE frame of " + frame.length + " bytes is too short for "
                            + cols + "x" + rows + " pixels");
                }
                raw = RleDecoder.decode(frame, n, allocated / 8);
            }
            case JPEG_LOSSLESS -> {
                raw = jpeg(firstFrame(pixels), rows, cols);
            }
            case JPEG_2000 -> {
                raw = Jpeg2000Decoder.decode(firstFrame(pixels), rows, cols);
            }
            default -> throw new IllegalStateException(ts.toString());
        }
        return storedValues(raw, stored, h.signed());
    }

    /** Refuses what this decoder cannot turn into one grayscale frame of trustworthy values. */
    static void checkFormat(DicomHeader h) {
        ImageHeaderRules.check(h);
    }

    /**
     * Stored values of a region of a native (uncompressed) image from the bytes of the rows that cover
     * it ({@code band} starts at the region's first row).
     */
    static int[] nativeRegion(DicomHeader h, byte[] band, java.awt.Rectangle r, boolean bigEndian) {
        int bytes = h.bitsAllocated() / 8;
        int rowBytes = h.columns() * bytes;
        int[] raw = new int[r.width * r.height];
        for (int y = 0; y < r.height; y++) {
            int base = y * rowBytes + r.x * bytes;
            for (int x = 0; x < r.width; x++) {
                int at = base + x * bytes;
                raw[y * r.width + x] = bytes == 1 ? band[at] & 0xFF
                        : bigEndian ? (band[at] & 0xFF) << 8 | (band[at + 1] & 0xFF)
                        : (band[at] & 0xFF) | (band[at + 1] & 0xFF) << 8;
            }
        }
        return storedValues(raw, h.bitsStored(), h.signed());
    }

    /** Masks every cell to its low BitsStored bits and sign-extends them when the pixels are signed (PS3.5 8.1.1). */
    static int[] storedValues(int[] raw, int bitsStored, boolean signed) {
        int mask = (1 << bitsStored) - 1;
        int sign = 1 << (bitsStored - 1);
        for (int i = 0; i < raw.length; i++) {
            int v = raw[i] & mask;
            if (signed && (v & sign) != 0) {
                v -= 1 << bitsStored;
            }
            raw[i] = v;
        }
        return raw;
    }

    /**
     * Native pixel data must hold exactly the image (plus the one padding byte of an odd length): more
     * means Rows/Columns describe a smaller image than the data, whose values would then be read in the
     * wrong places.
     */
    static void checkNativeLength(long length, long pixels, int bytesPerSample) {
        long need = pixels * bytesPerSample;
        if (length < need) {
            throw new IllegalArgumentException("pixel data holds " + length + " bytes, the image needs " + need);
        }
        if (length > need + (need % 2)) {
            throw new IllegalArgumentException("Rows/Columns: the pixel data holds " + length
                    + " bytes but Rows x Columns x BitsAllocated/8 is " + need + " (the size does not match the data)");
        }
    }

    private static int[] nativeSamples(byte[] b, int n, int allocated, boolean bigEndian) {
        int bytes = allocated / 8;
        checkNativeLength(b.length, n, bytes);
        int[] out = new int[n];
        if (bytes == 1) {
            for (int i = 0; i < n; i++) {
                out[i] = b[i] & 0xFF;
            }
        } else if (bigEndian) {
            for (int i = 0; i < n; i++) {
                out[i] = (b[2 * i] & 0xFF) << 8 | (b[2 * i + 1] & 0xFF);
            }
        } else {
            for (int i = 0; i < n; i++) {
                out[i] = (b[2 * i] & 0xFF) | (b[2 * i + 1] & 0xFF) << 8;
            }
        }
        return out;
    }

    /** The fragments of the first (only) frame, joined: a single-frame image owns them all. */
    private static byte[] firstFrame(PixelData p) {
        if (!p.encapsulated()) {
            throw new IllegalArgumentException("compressed transfer syntax but native (defined-length) pixel data");
        }
        List<byte[]> f = p.fragments();
        if (f.isEmpty()) {
            throw new IllegalArgumentException("encapsulated pixel data has no fragments");
        }
        if (f.size() == 1) {
            return f.get(0);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] b : f) {
            out.writeBytes(b);
        }
        return out.toByteArray();
    }

    private static int[] jpeg(byte[] data, int rows, int cols) {
        // a Huffman code takes at least one bit per sample: the same bound against corrupt sizes as RLE
        if ((long) rows * cols > 8L * data.length + 4096) {
            throw new IllegalArgumentException("JPEG frame of " + data.length + " bytes is too short for "
                    + cols + "x" + rows + " pixels");
        }
        ImageReader reader = null;
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(data))) {
            reader = jpegSpi().createReaderInstance();
            reader.setInput(in, true, true);
            int w = reader.getWidth(0);
            int h = reader.getHeight(0);
            if (w != cols || h != rows) {
                throw new IllegalArgumentException("JPEG frame is " + w + "x" + h + " but the header says "
                        + cols + "x" + rows);
            }
            Raster r = reader.read(0).getRaster();
            if (r.getNumBands() != 1) {
                throw new IllegalArgumentException("JPEG frame has " + r.getNumBands() + " components, expected 1");
            }
            return r.getSamples(0, 0, cols, rows, 0, new int[rows * cols]);
        } catch (IOException e) {
            throw new IllegalArgumentException("corrupt JPEG Lossless frame (" + oneLine(e) + ")", e);
        } finally {
            if (reader != null) {
                reader.dispose();
            }
        }
    }

    static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return TransferSyntax.printable(m);
    }
}
