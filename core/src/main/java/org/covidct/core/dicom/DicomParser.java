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
            if (tsUid.equals("1.2.840.10008.1.2.1.99")) {
                throw in.error(TransferSyntax.describe(tsUid) + " is not supported");
            }
            // every other standard syntax encodes the data set as explicit VR little endian
            explicitVr = true;
            in.bigEndian(false);
        } else {
            explicitVr = syntax.explicitVr();
            in.bigEndian(syntax.bigEndian());
        }
        DicomAttributes dataSet = readDataSet(-1, 0);
        return new Parsed(tsUid, meta, dataSet, pixelDataSeen, pixels, preamble, pixelOffset, pixelLength,
                in.bigEndian());
    }

    private DicomAttributes readMeta() throws IOException {
        DicomAttributes meta = new DicomAttributes(false);
        boolean savedVr = explicitVr;
        explicitVr = true;
        in.bigEndian(false);
        while (in.remaining() >= 8 && in.peekU16() == 0x0002) {
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
    private DicomAttributes readDataSet(long end, int depth) throws IOException {
        DicomAttributes attrs = new DicomAttributes(in.bigEndian());
        while (true) {
            if (end >= 0 && in.position() >= end) {
                if (in.position() > end) {
                    throw in.error("attribute overruns its item at byte " + in.position());
                }
                return attrs;
            }
            if (end < 0 && depth == 0 && in.remaining() < 8) {
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
                    pixels = readPixelData(len);
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
                List<DicomAttributes> items = readSequence(len, depth + 1);
                explicitVr = savedVr;
                in.bigEndian(savedBe);
                attrs.put(new DicomAttributes.Element(tag, "SQ", null, items));
                continue;
            }
            if (len == UNDEFINED) {
                throw in.error("undefined length for a " + vr + " attribute " + Tag.toString(tag));
            }
            if (len <= MAX_KEPT_VALUE) {
                attrs.put(new DicomAttributes.Element(tag, vr, in.bytes(len), null));
            } else {
                in.skip(len);
                attrs.put(new DicomAttributes.Element(tag, vr, null, null));
            }
        }
    }

    private List<DicomAttributes> readSequence(long len, int depth) throws IOException {
        List<DicomAttributes> items = new ArrayList<>();
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
            if (itemLen == UNDEFINED) {
                items.add(readDataSet(-1, depth));
            } else {
                in.require(itemLen);
                items.add(readDataSet(in.position() + itemLen, depth));
            }
        }
    }

    private PixelData readPixelData(long len) throws IOException {
        boolean encapsulated = syntax != null && syntax.encapsulated() || syntax == null;
        if (len != UNDEFINED) {
            if (syntax != null && syntax.encapsulated()) {
                throw in.error("pixel data of " + TransferSyntax.describe(syntax.uid())
                        + " must be encapsulated (undefined length), found a length of " + len);
            }
            return new PixelData(in.bytes(len), in.bigEndian(), null, List.of());
        }
        if (!encapsulated) {
            throw in.error("native pixel data with undefined length");
        }
        List<byte[]> items = fragmentItems(true, " in encapsulated pixel data");
        if (items.isEmpty()) {
            throw in.error("encapsulated pixel data without a basic offset table item");
        }
        byte[] offsetTable = items.get(0);
        List<byte[]> fragments = new ArrayList<>(items.subList(1, items.size()));
        return new PixelData(null, false, offsetTable, fragments);
    }

    private void skipFragments() throws IOException {
        fragmentItems(false, "");
    }

    /**
     * The items of encapsulated pixel data up to its sequence delimiter (the basic offset table first,
     * then the fragments), or with {@code keep} false the same items skipped (an empty list).
     */
    private List<byte[]> fragmentItems(boolean keep, String where) throws IOException {
        List<byte[]> items = new ArrayList<>();
        while (true) {
            int tag = readTag();
            long itemLen = in.u32();
            if (tag == Tag.SEQUENCE_DELIMITATION) {
                return items;
            }
            if (tag != Tag.ITEM || itemLen == UNDEFINED) {
                throw in.error("bad fragment " + Tag.toString(tag) + where + " at byte " + (in.position() - 8));
            }
            if (keep) {
                items.add(in.bytes(itemLen));
            } else {
                in.skip(itemLen);
            }
        }
    }
}
