package org.covidct.core.dicom;

import org.covidct.core.CovidctException;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads one Part-10 file front to back, once, stopping at the pixel data element (header reads) or
 * right after it (image reads). Every length read from the file is checked against what is left of
 * the file before anything is allocated or skipped.
 *
 * <p>Memory is bounded by the image, not by the file's structure: at most {@link #MAX_KEPT_ELEMENTS}
 * attributes and {@link #MAX_KEPT_BYTES} of values are kept per file. Past that budget the rest of the
 * header is still parsed (its structure must hold) but only the attributes this project reads are kept
 * (see {@link DicomHeader#ESSENTIAL}); sequences are streamed through without keeping their items. Pixel
 * data must fit the image its header describes.
 */
final class DicomParser {

    /** What one pass over a file produced. */
    record Parsed(String transferSyntaxUid, DicomAttributes meta, DicomAttributes dataSet, boolean hasPixelData,
                  PixelData pixels, boolean preamble, long pixelOffset, long pixelLength, boolean pixelBigEndian) {
    }

    static final long UNDEFINED = 0xFFFFFFFFL;
    /** Values larger than this are skipped, not kept (private blobs, overlays, waveforms). */
    private static final long MAX_KEPT_VALUE = 1 << 20;
    private static final int MAX_DEPTH = 16;
    /** Attributes kept per file, nested ones included: a CT header has hundreds, rarely a few thousand. */
    static final int MAX_KEPT_ELEMENTS = 50_000;
    /** Bytes of attribute values kept per file. */
    static final long MAX_KEPT_BYTES = 16L << 20;
    /** File meta attributes (group 0002 has about ten). */
    private static final int MAX_META_ELEMENTS = 1000;
    /** Fragments of one encapsulated image (encoders write one to a few hundred). */
    static final int MAX_FRAGMENTS = 65_536;
    /** The most a deflated data set may inflate to: the largest image and every header budget, with room. */
    private static final long MAX_INFLATED = 2L * ImageHeaderRules.MAX_PIXELS * 2 + (64L << 20);
    private static final Set<String> LONG_VRS = Set.of("OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN",
            "UR", "UT", "UV");
    private static final Set<String> KNOWN_VRS = Set.of("AE", "AS", "AT", "CS", "DA", "DS", "DT", "FL", "FD", "IS",
            "LO", "LT", "OB", "OD", "OF", "OL", "OV", "OW", "PN", "SH", "SL", "SQ", "SS", "ST", "SV", "TM", "UC", "UI",
            "UL", "UN", "UR", "US", "UT", "UV");

    private final DicomInput in;
    private boolean explicitVr;
    private boolean stopAtPixelData;
    private boolean pixelDataSeen;
    private PixelData pixels;
    private TransferSyntax syntax;
    private long pixelOffset = -1;
    private long pixelLength = -1;
    private int keptElements;
    private long keptBytes;

    private DicomParser(DicomInput in) {
        this.in = in;
    }

    /** Parses a file; with {@code withPixels} false it stops before reading any pixel byte. */
    static Parsed parse(Path file, boolean withPixels) {
        try (DicomInput in = new DicomInput(file)) {
            DicomParser p = new DicomParser(in);
            p.stopAtPixelData = !withPixels;
            return p.run();
        } catch (EOFException e) {
            throw new CovidctException(file, "truncated DICOM file (ends inside an attribute)");
        } catch (java.util.zip.ZipException e) {
            throw new CovidctException(file, "corrupt deflated data set (" + PixelDecoder.oneLine(e) + ")");
        } catch (IOException e) {
            throw new CovidctException(file, "cannot read (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    /** How a file without a preamble starts. */
    enum Start { META, EXPLICIT_LE, EXPLICIT_BE, IMPLICIT_LE, NOT_DICOM }

    /** Looks at the first bytes of a file with no "DICM" at 128: does a plausible data set start at 0? */
    static Start sniff(byte[] head, long fileSize) {
        if (head.length < 8) {
            return Start.NOT_DICOM;
        }
        int groupLe = (head[0] & 0xFF) | (head[1] & 0xFF) << 8;
        int groupBe = (head[1] & 0xFF) | (head[0] & 0xFF) << 8;
        String vr = "" + (char) (head[4] & 0xFF) + (char) (head[5] & 0xFF);
        boolean validVr = KNOWN_VRS.contains(vr);
        if (groupLe == 0x0002 && validVr) {
            return Start.META;
        }
        if (groupLe == 0x0008 && validVr) {
            return Start.EXPLICIT_LE;
        }
        if (groupBe == 0x0008 && validVr) {
            return Start.EXPLICIT_BE;
        }
        if (groupLe == 0x0008) {
            long len = (head[4] & 0xFFL) | (head[5] & 0xFFL) << 8 | (head[6] & 0xFFL) << 16 | (head[7] & 0xFFL) << 24;
            int element = (head[2] & 0xFF) | (head[3] & 0xFF) << 8;
            // the first element of group 0008 is short (group length, charset, image type, a UID)
            if (len <= 1024 && len + 8 <= fileSize && element <= 0x0100) {
                return Start.IMPLICIT_LE;
            }
        }
        return Start.NOT_DICOM;
    }

    private Parsed run() throws IOException {
        boolean preamble = false;
        in.mark(256);
        byte[] head = in.bytes(Math.min(132, in.size()));
        DicomAttributes meta = new DicomAttributes(false);
        String tsUid;
        Start start;
        if (head.length == 132 && head[128] == 'D' && head[129] == 'I' && head[130] == 'C' && head[131] == 'M') {
            preamble = true;
            start = Start.META;
        } else {
            start = sniff(head, in.size());
            in.rewind(0);
        }
        switch (start) {
            case META -> {
                meta = readMeta();
                tsUid = meta.string(Tag.TRANSFER_SYNTAX_UID);
                if (tsUid == null) {
                    throw in.error("file meta information has no transfer syntax UID (0002,0010)");
                }
            }
            case EXPLICIT_LE -> tsUid = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid();
            case EXPLICIT_BE -> tsUid = TransferSyntax.EXPLICIT_VR_BIG_ENDIAN.uid();
            case IMPLICIT_LE -> tsUid = TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.uid();
            default -> throw in.error("not a DICOM file (no DICM marker and no data set at the start)");
        }
        syntax = TransferSyntax.of(tsUid);
        if (syntax == null) {
            // every other standard syntax encodes the data set as explicit VR little endian
            explicitVr = true;
            in.bigEndian(false);
        } else {
            explicitVr = syntax.explicitVr();
            in.bigEndian(syntax.bigEndian());
            if (syntax.deflated()) {
                in.inflateRest(MAX_INFLATED);
            }
        }
        DicomAttributes dataSet = readDataSet(-1, 0, true);
        return new Parsed(tsUid, meta, dataSet, pixelDataSeen, pixels, preamble, pixelOffset, pixelLength,
                in.bigEndian());
    }

    private DicomAttributes readMeta() throws IOException {
        DicomAttributes meta = new DicomAttributes(false);
        boolean savedVr = explicitVr;
        explicitVr = true;
        in.bigEndian(false);
        int count = 0;
        while (in.remaining() >= 8 && in.peekU16() == 0x0002) {
            if (++count > MAX_META_ELEMENTS) {
                throw in.error("file meta group with more than " + MAX_META_ELEMENTS + " attributes");
            }
            int tag = readTag();
            long[] vrLen = new long[1];
            String vr = readVrAndLength(tag, vrLen);
            long len = vrLen[0];
            if (len == UNDEFINED || len > MAX_KEPT_VALUE) {
                throw in.error("bad length " + len + " of file meta attribute " + Tag.toString(tag));
            }
            meta.put(new DicomAttributes.Element(tag, vr, in.bytes(len), null));
        }
        explicitVr = savedVr;
        return meta;
    }

    private int readTag() throws IOException {
        int group = in.u16();
        int element = in.u16();
        return group << 16 | element;
    }

    /** Reads VR (explicit, or from the dictionary) and the value length; returns the VR. */
    private String readVrAndLength(int tag, long[] length) throws IOException {
        if (!explicitVr) {
            length[0] = in.u32();
            return Tag.implicitVr(tag);
        }
        int a = in.u8();
        int b = in.u8();
        String vr = "" + (char) a + (char) b;
        if (!KNOWN_VRS.contains(vr)) {
            throw in.error("invalid value representation at byte " + (in.position() - 2) + " in attribute "
                    + Tag.toString(tag));
        }
        if (LONG_VRS.contains(vr)) {
            in.skip(2);
            length[0] = in.u32();
        } else {
            length[0] = in.u16();
        }
        return vr;
    }

    /**
     * Reads attributes until {@code end} (absolute position), or, when end is -1, until an item
     * delimiter (nested) or the end of the file (top level).
     */
    private DicomAttributes readDataSet(long end, int depth, boolean keep) throws IOException {
        // an item past the budget is parsed for its structure only: no map, no values
        DicomAttributes attrs = keep ? new DicomAttributes(in.bigEndian()) : null;
        while (true) {
            if (end >= 0 && in.position() >= end) {
                if (in.position() > end) {
                    throw in.error("attribute overruns its item at byte " + in.position());
                }
                return attrs;
            }
            if (end < 0 && depth == 0 && !in.hasAtLeast(8)) {
                return attrs; // end of file (a few bytes of trailing padding are tolerated)
            }
            int tag = readTag();
            if (tag == Tag.ITEM_DELIMITATION) {
                in.u32();
                if (end < 0 && depth > 0) {
                    return attrs;
                }
                throw in.error("unexpected item delimiter at byte " + (in.position() - 8));
            }
            if (tag == Tag.ITEM || tag == Tag.SEQUENCE_DELIMITATION) {
                throw in.error("unexpected item tag " + Tag.toString(tag) + " at byte " + (in.position() - 4));
            }
            long[] lenHolder = new long[1];
            String vr = readVrAndLength(tag, lenHolder);
            long len = lenHolder[0];
            if (tag == Tag.PIXEL_DATA && depth == 0) {
                pixelDataSeen = true;
                pixelOffset = in.position();
                pixelLength = len == UNDEFINED ? -1 : len;
                if (!stopAtPixelData) {
                    pixels = readPixelData(len, attrs);
                }
                return attrs;
            }
            if (tag == Tag.PIXEL_DATA && len == UNDEFINED) {
                skipFragments(); // an encapsulated icon inside a sequence item
                continue;
            }
            if (vr.equals("SQ") || len == UNDEFINED && (vr.equals("UN") || !explicitVr)) {
                if (depth + 1 > MAX_DEPTH) {
                    throw in.error("sequences nested deeper than " + MAX_DEPTH + " levels");
                }
                boolean savedVr = explicitVr;
                boolean savedBe = in.bigEndian();
                if (vr.equals("UN")) {
                    // PS3.5 6.2.2: a UN sequence of undefined length is encoded implicit VR little endian
                    explicitVr = false;
                    in.bigEndian(false);
                }
                boolean keepItems = keep && keptElements < MAX_KEPT_ELEMENTS;
                List<DicomAttributes> items = readSequence(len, depth + 1, keepItems);
                explicitVr = savedVr;
                in.bigEndian(savedBe);
                if (keepItems) {
                    keptElements++;
                    attrs.put(new DicomAttributes.Element(tag, "SQ", null, items));
                }
                continue;
            }
            if (len == UNDEFINED) {
                throw in.error("undefined length for a " + vr + " attribute " + Tag.toString(tag));
            }
            if (len <= MAX_KEPT_VALUE && keep && withinBudget(tag, depth, len)) {
                keptElements++;
                keptBytes += len;
                attrs.put(new DicomAttributes.Element(tag, vr, in.bytes(len), null));
            } else {
                in.skip(len);
                if (keep && len > MAX_KEPT_VALUE) {
                    attrs.put(new DicomAttributes.Element(tag, vr, null, null));
                }
            }
        }
    }

    /**
     * Whether a value is kept: always for the attributes the project reads at the top level (so that a
     * huge header cannot push out Rows or the rescale), else while the file's budget lasts.
     */
    private boolean withinBudget(int tag, int depth, long len) {
        if (depth == 0 && DicomHeader.ESSENTIAL.contains(tag)) {
            return true;
        }
        return keptElements < MAX_KEPT_ELEMENTS && keptBytes + len <= MAX_KEPT_BYTES;
    }

    private List<DicomAttributes> readSequence(long len, int depth, boolean keep) throws IOException {
        List<DicomAttributes> items = keep ? new ArrayList<>() : null;
        long end = -1;
        if (len != UNDEFINED) {
            in.require(len);
            end = in.position() + len;
        }
        while (true) {
            if (end >= 0 && in.position() >= end) {
                if (in.position() > end) {
                    throw in.error("sequence item overruns its sequence at byte " + in.position());
                }
                return items;
            }
            int tag = readTag();
            long itemLen = in.u32();
            if (tag == Tag.SEQUENCE_DELIMITATION && end < 0) {
                return items;
            }
            if (tag != Tag.ITEM) {
                throw in.error("expected a sequence item, found " + Tag.toString(tag) + " at byte "
                        + (in.position() - 8));
            }
            boolean keepItem = keep && keptElements < MAX_KEPT_ELEMENTS;
            DicomAttributes item;
            if (itemLen == UNDEFINED) {
                item = readDataSet(-1, depth, keepItem);
            } else {
                in.require(itemLen);
                item = readDataSet(in.position() + itemLen, depth, keepItem);
            }
            if (keepItem) {
                keptElements++;
                items.add(item);
            }
        }
    }

    private PixelData readPixelData(long len, DicomAttributes attrs) throws IOException {
        boolean encapsulated = syntax != null && syntax.encapsulated() || syntax == null;
        long image = imageBytes(attrs);
        if (len != UNDEFINED) {
            if (syntax != null && syntax.encapsulated()) {
                throw in.error("pixel data of " + TransferSyntax.describe(syntax.uid())
                        + " must be encapsulated (undefined length), found a length of " + len);
            }
            if (image > 0) {
                try {
                    // refused before the bytes are allocated: the data must be the image the header describes
                    PixelDecoder.checkNativeLength(len, image / bytesPerSample(attrs), bytesPerSample(attrs));
                } catch (IllegalArgumentException e) {
                    throw in.error(e.getMessage());
                }
            }
            return new PixelData(in.bytes(len), in.bigEndian(), null, List.of());
        }
        if (!encapsulated) {
            throw in.error("native pixel data with undefined length");
        }
        // compressed data is at most about the size of the raw image (noise): twice that, plus room, is a
        // bound no real frame reaches and a false length or fragment count cannot pass
        long cap = image > 0 ? 2 * image + (1 << 20) : 4L * ImageHeaderRules.MAX_PIXELS;
        List<byte[]> items = fragmentItems(true, " in encapsulated pixel data", cap);
        if (items.isEmpty()) {
            throw in.error("encapsulated pixel data without a basic offset table item");
        }
        byte[] offsetTable = items.get(0);
        List<byte[]> fragments = new ArrayList<>(items.subList(1, items.size()));
        return new PixelData(null, false, offsetTable, fragments);
    }

    private void skipFragments() throws IOException {
        fragmentItems(false, "", Long.MAX_VALUE);
    }

    /** Rows x Columns x BitsAllocated/8 when the header gives a sane image so far, else -1 (the rules refuse it later). */
    private static long imageBytes(DicomAttributes attrs) {
        if (attrs == null) {
            return -1;
        }
        Integer rows = attrs.integer(Tag.ROWS);
        Integer cols = attrs.integer(Tag.COLUMNS);
        int bytes = bytesPerSample(attrs);
        if (rows == null || cols == null || rows <= 0 || cols <= 0 || bytes == 0
                || (long) rows * cols > ImageHeaderRules.MAX_PIXELS) {
            return -1;
        }
        return (long) rows * cols * bytes;
    }

    private static int bytesPerSample(DicomAttributes attrs) {
        Integer bits = attrs.integer(Tag.BITS_ALLOCATED);
        return bits == null ? 0 : bits == 8 ? 1 : bits == 16 ? 2 : 0;
    }

    /**
     * The items of encapsulated pixel data up to its sequence delimiter (the basic offset table first,
     * then the fragments), or with {@code keep} false the same items skipped (an empty list).
     */
    private List<byte[]> fragmentItems(boolean keep, String where, long cap) throws IOException {
        List<byte[]> items = new ArrayList<>();
        long total = 0;
        int count = 0;
        while (true) {
            int tag = readTag();
            long itemLen = in.u32();
            if (tag == Tag.SEQUENCE_DELIMITATION) {
                return items;
            }
            if (tag != Tag.ITEM || itemLen == UNDEFINED) {
                throw in.error("bad fragment " + Tag.toString(tag) + where + " at byte " + (in.position() - 8));
            }
            total += itemLen;
            if (keep && (++count > MAX_FRAGMENTS || total > cap)) {
                throw in.error("encapsulated pixel data of more than " + (count > MAX_FRAGMENTS
                        ? MAX_FRAGMENTS + " fragments" : cap + " bytes") + " for one image (corrupt lengths)");
            }
            if (keep) {
                items.add(in.bytes(itemLen));
            } else {
                in.skip(itemLen);
            }
        }
    }
}
