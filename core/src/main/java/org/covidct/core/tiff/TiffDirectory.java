package org.covidct.core.tiff;

import org.covidct.core.CovidctException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * The first image file directory (IFD) of a classic TIFF: the fields a CT slice reader needs, parsed
 * without decoding any pixel. It serves two purposes: precise one-line errors for files that are not
 * 16-bit grayscale slices (8-bit, RGB, float, signed), and the strip locations that let
 * {@link StripDecoder} decode only the rows a caller asks for.
 *
 * @param littleEndian    byte order of the file ("II")
 * @param width           ImageWidth
 * @param height          ImageLength
 * @param bitsPerSample   BitsPerSample of the first sample
 * @param samplesPerPixel SamplesPerPixel
 * @param sampleFormat    SampleFormat (1 unsigned, 2 signed, 3 float)
 * @param photometric     PhotometricInterpretation (0 WhiteIsZero, 1 BlackIsZero, 2 RGB, 3 palette...)
 * @param compression     Compression (1 none, 5 LZW, 8/32946 Deflate...)
 * @param predictor       Predictor (1 none, 2 horizontal, 3 floating point)
 * @param planarConfig    PlanarConfiguration
 * @param rowsPerStrip    RowsPerStrip (height when absent)
 * @param tiled           true when the image is stored as tiles, not strips
 * @param tileWidth       TileWidth (0 for strips)
 * @param tileLength      TileLength (0 for strips)
 * @param offsets         StripOffsets or TileOffsets
 * @param byteCounts      StripByteCounts or TileByteCounts
 * @param fileSize        size of the file in bytes
 * @param otherStarts     where the header, the directory and the value arrays begin, sorted, and the file size:
 *                        with the strip offsets, what may follow a strip's last byte
 */
public record TiffDirectory(boolean littleEndian, int width, int height, int bitsPerSample, int samplesPerPixel,
                            int sampleFormat, int photometric, int compression, int predictor, int planarConfig,
                            int rowsPerStrip, boolean tiled, int tileWidth, int tileLength, long[] offsets,
                            long[] byteCounts, long fileSize, long[] otherStarts) {

    static final int COMPRESSION_NONE = 1;
    static final int COMPRESSION_LZW = 5;
    static final int COMPRESSION_DEFLATE = 8;
    static final int COMPRESSION_DEFLATE_OLD = 32946;

    private static final int MAX_ENTRIES = 4096;
    /** 8192 x 8192: far beyond any CT slice, small enough that sizes never overflow an int. */
    private static final long MAX_PIXELS = 1L << 26;

    /** Reads the first IFD of {@code file} through an open channel. */
    static TiffDirectory read(Path file, FileChannel ch) throws IOException {
        long size = ch.size();
        if (size < 8) {
            throw new CovidctException(file, "not a TIFF file (" + size + " bytes)");
        }
        ByteBuffer head = readAt(file, ch, 0, 8, size);
        byte b0 = head.get(0);
        byte b1 = head.get(1);
        ByteOrder order;
        if (b0 == 'I' && b1 == 'I') {
            order = ByteOrder.LITTLE_ENDIAN;
        } else if (b0 == 'M' && b1 == 'M') {
            order = ByteOrder.BIG_ENDIAN;
        } else {
            throw new CovidctException(file, "not a TIFF file");
        }
        head.order(order);
        int magic = head.getShort(2) & 0xFFFF;
        if (magic == 43) {
            throw new CovidctException(file, "BigTIFF is not supported; CT slices are classic TIFF");
        }
        if (magic != 42) {
            throw new CovidctException(file, "not a TIFF file");
        }
        long ifd = head.getInt(4) & 0xFFFFFFFFL;
        if (ifd < 8 || ifd + 2 > size) {
            throw new CovidctException(file, "truncated or corrupt TIFF: first directory at byte " + ifd
                    + " of a " + size + "-byte file");
        }
        int count = readAt(file, ch, ifd, 2, size).order(order).getShort(0) & 0xFFFF;
        if (count == 0 || count > MAX_ENTRIES) {
            throw new CovidctException(file, "corrupt TIFF: directory with " + count + " entries");
        }
        ByteBuffer entries = readAt(file, ch, ifd + 2, count * 12L, size).order(order);
        // bytes with a meaning other than pixel data: the header, the directory, arrays of values
        java.util.List<long[]> used = new java.util.ArrayList<>();
        used.add(new long[] {0, 8, -1});
        used.add(new long[] {ifd, Math.min(size, ifd + 2 + count * 12L + 4), -1});

        int width = -1;
        int height = -1;
        int bits = 1;
        int spp = 1;
        int sampleFormat = 1;
        int photometric = -1;
        int compression = 1;
        int predictor = 1;
        int planar = 1;
        long rowsPerStrip = -1;
        int tileWidth = 0;
        int tileLength = 0;
        long[] offsets = null;
        long[] byteCounts = null;
        long[] tileOffsets = null;
        long[] tileByteCounts = null;
        for (int i = 0; i < count; i++) {
            int p = i * 12;
            int tag = entries.getShort(p) & 0xFFFF;
            int type = entries.getShort(p + 2) & 0xFFFF;
            long n = entries.getInt(p + 4) & 0xFFFFFFFFL;
            int unit = knownTypeSize(type);
            if (unit > 0 && n * unit > 4 && tag != 273 && tag != 279 && tag != 324 && tag != 325) {
                long at = entries.getInt(p + 8) & 0xFFFFFFFFL;
                used.add(new long[] {at, Math.min(size, at + n * unit), -1}); // a string, rationals...
            }
            switch (tag) {
                case 256 -> width = (int) first(file, ch, entries, p, type, n, size);
                case 257 -> height = (int) first(file, ch, entries, p, type, n, size);
                case 258 -> bits = (int) first(file, ch, entries, p, type, n, size);
                case 259 -> compression = (int) first(file, ch, entries, p, type, n, size);
                case 262 -> photometric = (int) first(file, ch, entries, p, type, n, size);
                case 273 -> offsets = values(file, ch, entries, p, type, n, size, order, used);
                case 277 -> spp = (int) first(file, ch, entries, p, type, n, size);
                case 278 -> rowsPerStrip = first(file, ch, entries, p, type, n, size);
                case 279 -> byteCounts = values(file, ch, entries, p, type, n, size, order, used);
                case 284 -> planar = (int) first(file, ch, entries, p, type, n, size);
                case 317 -> predictor = (int) first(file, ch, entries, p, type, n, size);
                case 322 -> tileWidth = (int) first(file, ch, entries, p, type, n, size);
                case 323 -> tileLength = (int) first(file, ch, entries, p, type, n, size);
                case 324 -> tileOffsets = values(file, ch, entries, p, type, n, size, order, used);
                case 325 -> tileByteCounts = values(file, ch, entries, p, type, n, size, order, used);
                case 339 -> sampleFormat = (int) first(file, ch, entries, p, type, n, size);
                default -> {
                    // other tags (resolution, software, description...) do not affect the pixels
                }
            }
        }
        if (width <= 0 || height <= 0) {
            throw new CovidctException(file, "corrupt TIFF: missing or invalid image size");
        }
        if ((long) width * height > MAX_PIXELS) {
            throw new CovidctException(file, "image of " + width + "x" + height + " pixels is too large for a CT slice");
        }
        boolean tiled = tileOffsets != null;
        if (tiled) {
            offsets = tileOffsets;
            byteCounts = tileByteCounts;
            if (tileWidth <= 0 || tileLength <= 0) {
                throw new CovidctException(file, "corrupt TIFF: tiles without a valid tile size");
            }
        }
        if (offsets == null || byteCounts == null || offsets.length != byteCounts.length) {
            throw new CovidctException(file, "corrupt TIFF: missing or inconsistent strip/tile offsets");
        }
        int rps = rowsPerStrip <= 0 || rowsPerStrip > height ? height : (int) rowsPerStrip;
        long blocks = tiled ? ceil(width, tileWidth) * ceil(height, tileLength) * (planar == 2 ? spp : 1)
                : ceil(height, rps) * (planar == 2 ? spp : 1);
        if (offsets.length != blocks) {
            // TIFF 6.0: StripsPerImage = floor((ImageLength + RowsPerStrip - 1) / RowsPerStrip) offsets, no
            // more, no fewer; another count means the size or RowsPerStrip does not describe the data
            throw new CovidctException(file, "corrupt TIFF: " + offsets.length + (tiled ? " tiles" : " strips")
                    + " where ImageWidth " + width + ", ImageLength " + height + (tiled ? " and the tile size"
                    : " and RowsPerStrip " + rps) + " make " + blocks);
        }
        if (compression != COMPRESSION_NONE && compression != COMPRESSION_LZW && compression != COMPRESSION_DEFLATE
                && compression != COMPRESSION_DEFLATE_OLD) {
            throw new CovidctException(file, "TIFF Compression " + compression
                    + " is not supported for CT slices (none, LZW, Deflate)");
        }
        if (predictor != 1 && predictor != 2 && sampleFormat != 3) {
            throw new CovidctException(file, "TIFF Predictor " + predictor
                    + " is not valid for integer samples (1 none, 2 horizontal differencing)");
        }
        checkBlockRanges(file, offsets, byteCounts, size, used, tiled ? "tile" : "strip");
        if (compression == COMPRESSION_NONE && !tiled && planar == 1) {
            long rowBytes = (long) width * spp * Math.max(1, bits / 8);
            for (int k = 0; k < offsets.length; k++) {
                long rows = Math.min(rps, height - (long) k * rps);
                long need = rows * rowBytes;
                boolean lastPadded = k == offsets.length - 1 && byteCounts[k] == (long) rps * rowBytes;
                if (byteCounts[k] != need && !lastPadded) {
                    throw new CovidctException(file, "corrupt TIFF: uncompressed strip " + k + " holds "
                            + byteCounts[k] + " bytes, its " + rows + " rows of " + width
                            + " pixels need " + need + " (ImageWidth/ImageLength/RowsPerStrip do not match the data)");
                }
            }
        }
        long[] otherStarts = java.util.stream.LongStream.concat(used.stream().mapToLong(r -> r[0]),
                java.util.stream.LongStream.of(size)).sorted().toArray();
        return new TiffDirectory(order == ByteOrder.LITTLE_ENDIAN, width, height, bits, spp, sampleFormat,
                photometric, compression, predictor, planar, rps, tiled, tileWidth, tileLength, offsets,
                byteCounts, size, otherStarts);
    }

    /**
     * Throws a one-line error unless this is a single-channel 16-bit unsigned grayscale image, the
     * only form a COVID-CTset slice takes.
     */
    void requireCtSlice(Path file) {
        if (sampleFormat == 3) {
            throw new CovidctException(file, bitsPerSample + "-bit floating-point TIFF; expected a 16-bit unsigned "
                    + "integer CT slice (HU + 1024)");
        }
        if (photometric == 2 || photometric == 6 || samplesPerPixel >= 3) {
            throw new CovidctException(file, "colour (RGB) TIFF with " + samplesPerPixel + " channels of "
                    + bitsPerSample + " bits; expected a 16-bit single-channel CT slice");
        }
        if (photometric == 3) {
            throw new CovidctException(file, "palette TIFF; expected a 16-bit single-channel CT slice");
        }
        if (samplesPerPixel != 1) {
            throw new CovidctException(file, samplesPerPixel + "-channel TIFF; expected a 16-bit single-channel CT slice");
        }
        if (bitsPerSample != 16) {
            throw new CovidctException(file, bitsPerSample + "-bit TIFF; expected a 16-bit CT slice (an 8-bit or "
                    + "windowed image has lost the HU values)");
        }
        if (sampleFormat == 2) {
            throw new CovidctException(file, "signed 16-bit TIFF; COVID-CTset slices are unsigned (HU + 1024)");
        }
        if (sampleFormat != 1) {
            throw new CovidctException(file, "unsupported TIFF SampleFormat " + sampleFormat);
        }
        if (photometric == 0) {
            throw new CovidctException(file, "WhiteIsZero TIFF (inverted grey); expected BlackIsZero CT values");
        }
        if (photometric != 1 && photometric != -1) {
            throw new CovidctException(file, "unsupported TIFF PhotometricInterpretation " + photometric);
        }
    }

    /**
     * The bytes between the end of block k and whatever begins next (another block, the directory, a value
     * array, the end of the file). Writers put strips back to back (at most one byte apart, for word
     * alignment); a gap means the byte count or the offset was changed.
     */
    long gapAfter(int k) {
        long end = offsets[k] + byteCounts[k];
        long next = Long.MAX_VALUE;
        for (long o : offsets) {
            if (o >= end && o < next) {
                next = o;
            }
        }
        for (long o : otherStarts) {
            if (o >= end && o < next) {
                next = o;
            }
        }
        return next - end;
    }

    /** True when {@link StripDecoder} handles this layout itself (else TwelveMonkeys decodes it). */
    boolean leanDecodable() {
        return !tiled && planarConfig == 1 && bitsPerSample == 16 && samplesPerPixel == 1
                && (predictor == 1 || predictor == 2)
                && (compression == COMPRESSION_NONE || compression == COMPRESSION_LZW
                || compression == COMPRESSION_DEFLATE || compression == COMPRESSION_DEFLATE_OLD);
    }

    private static long ceil(long a, long b) {
        return (a + b - 1) / b;
    }

    /**
     * Every strip (or tile) lies within the file and overlaps neither another one nor the header, the
     * directory or a value array; two blocks at the same offset with the same length (a writer's shared
     * block) are allowed. A shifted offset or a grown byte count shows up here before anything is decoded.
     */
    static void checkBlockRanges(Path file, long[] offsets, long[] byteCounts, long size, java.util.List<long[]> used,
                                 String kind) {
        java.util.List<long[]> ranges = new java.util.ArrayList<>(used);
        for (int k = 0; k < offsets.length; k++) {
            long off = offsets[k];
            long len = byteCounts[k];
            if (len < 0 || off < 0 || off + len > size) {
                throw new CovidctException(file, "truncated TIFF: " + kind + " " + k + " needs bytes " + off + ".."
                        + (off + len) + " of a " + size + "-byte file");
            }
            if (len > 0) {
                ranges.add(new long[] {off, off + len, k});
            }
        }
        ranges.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(b[1], a[1]));
        long[] reach = null; // the range reaching furthest so far
        for (long[] cur : ranges) {
            if (reach != null && cur[0] < reach[1] && (cur[2] >= 0 || reach[2] >= 0)) {
                boolean shared = reach[0] == cur[0] && reach[1] == cur[1] && reach[2] >= 0 && cur[2] >= 0;
                if (!shared) {
                    throw new CovidctException(file, "corrupt TIFF: " + describe(kind, cur) + " (bytes " + cur[0]
                            + ".." + cur[1] + ") overlaps " + describe(kind, reach) + " (bytes " + reach[0] + ".."
                            + reach[1] + ")");
                }
            }
            if (reach == null || cur[1] > reach[1]) {
                reach = cur;
            }
        }
    }

    private static int knownTypeSize(int type) {
        return switch (type) {
            case 1, 2, 6, 7 -> 1;
            case 3, 8 -> 2;
            case 4, 9, 11, 13 -> 4;
            case 5, 10, 12, 16, 17, 18 -> 8;
            default -> 0;
        };
    }

    private static String describe(String kind, long[] range) {
        return range[2] >= 0 ? kind + " " + range[2] : "the header, the directory or a value array";
    }

    private static ByteBuffer readAt(Path file, FileChannel ch, long pos, long len, long size) throws IOException {
        if (pos < 0 || len < 0 || pos + len > size || len > Integer.MAX_VALUE) {
            throw new CovidctException(file, "truncated TIFF: needs bytes " + pos + ".." + (pos + len)
                    + " of a " + size + "-byte file");
        }
        ByteBuffer b = ByteBuffer.allocate((int) len);
        while (b.hasRemaining()) {
            if (ch.read(b, pos + b.position()) < 0) {
                throw new CovidctException(file, "truncated TIFF: unexpected end of file");
            }
        }
        return b.flip();
    }

    private static int typeSize(Path file, int type) {
        return switch (type) {
            case 1, 2, 6, 7 -> 1;
            case 3, 8 -> 2;
            case 4, 9, 11, 13 -> 4;
            case 5, 10, 12, 16, 17, 18 -> 8;
            default -> throw new CovidctException(file, "corrupt TIFF: unknown field type " + type);
        };
    }

    private static long first(Path file, FileChannel ch, ByteBuffer e, int p, int type, long n, long size)
            throws IOException {
        if (n < 1) {
            throw new CovidctException(file, "corrupt TIFF: empty field");
        }
        return values(file, ch, e, p, type, n, size, e.order(), null)[0];
    }

    /** The values of an integer field; those stored away from the entry have their byte range added to {@code used}. */
    private static long[] values(Path file, FileChannel ch, ByteBuffer e, int p, int type, long n, long size,
                                 ByteOrder order, java.util.List<long[]> used) throws IOException {
        int unit = typeSize(file, type);
        if (n > (size / Math.max(1, unit)) + 1) {
            throw new CovidctException(file, "corrupt TIFF: field with " + n + " values in a " + size + "-byte file");
        }
        ByteBuffer src;
        int base;
        if (n * unit <= 4) {
            src = e;
            base = p + 8;
        } else {
            long at = e.getInt(p + 8) & 0xFFFFFFFFL;
            src = readAt(file, ch, at, n * unit, size).order(order);
            base = 0;
            if (used != null) {
                used.add(new long[] {at, at + n * unit, -1});
            }
        }
        long[] out = new long[(int) n];
        for (int i = 0; i < n; i++) {
            int q = base + i * unit;
            out[i] = switch (type) {
                case 1, 7 -> src.get(q) & 0xFF;
                case 3 -> src.getShort(q) & 0xFFFF;
                case 4, 13 -> src.getInt(q) & 0xFFFFFFFFL;
                case 16 -> src.getLong(q);
                default -> throw new CovidctException(file, "corrupt TIFF: integer field of type " + type);
            };
        }
        return out;
    }
}
