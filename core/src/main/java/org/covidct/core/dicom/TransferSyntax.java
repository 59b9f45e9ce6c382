package org.covidct.core.dicom;

import java.util.Map;

/**
 * The transfer syntaxes this reader knows: how the data set is encoded (VR explicit or implicit, byte
 * order) and how the pixel data is compressed. Anything else is named in a clear error.
 */
public enum TransferSyntax {
    IMPLICIT_VR_LITTLE_ENDIAN("1.2.840.10008.1.2", false, false, Pixels.NATIVE),
    EXPLICIT_VR_LITTLE_ENDIAN("1.2.840.10008.1.2.1", true, false, Pixels.NATIVE),
    EXPLICIT_VR_BIG_ENDIAN("1.2.840.10008.1.2.2", true, true, Pixels.NATIVE),
    /** Explicit VR little endian with everything after the file meta group raw-deflated (PS3.5 A.5). */
    DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN("1.2.840.10008.1.2.1.99", true, false, Pixels.NATIVE),
    JPEG_LOSSLESS_PROCESS_14("1.2.840.10008.1.2.4.57", true, false, Pixels.JPEG_LOSSLESS),
    JPEG_LOSSLESS_SV1("1.2.840.10008.1.2.4.70", true, false, Pixels.JPEG_LOSSLESS),
    JPEG_2000_LOSSLESS("1.2.840.10008.1.2.4.90", true, false, Pixels.JPEG_2000),
    /** JPEG 2000 Image Compression: lossless or lossy, as the encoder chose. */
    JPEG_2000("1.2.840.10008.1.2.4.91", true, false, Pixels.JPEG_2000),
    RLE_LOSSLESS("1.2.840.10008.1.2.5", true, false, Pixels.RLE);

    /** How the pixel data element is encoded. */
    public enum Pixels { NATIVE, JPEG_LOSSLESS, JPEG_2000, RLE }

    /** What this reader decodes, for messages. */
    public static final String SUPPORTED = "uncompressed (also deflated), JPEG Lossless, JPEG 2000, RLE Lossless";

    private static final Map<String, String> UNSUPPORTED_NAMES = Map.ofEntries(
            Map.entry("1.2.840.10008.1.2.4.50", "JPEG Baseline (lossy)"),
            Map.entry("1.2.840.10008.1.2.4.51", "JPEG Extended (lossy)"),
            Map.entry("1.2.840.10008.1.2.4.80", "JPEG-LS Lossless"),
            Map.entry("1.2.840.10008.1.2.4.81", "JPEG-LS Near-Lossless"),
            Map.entry("1.2.840.10008.1.2.4.92", "JPEG 2000 Part 2 Multi-component Lossless"),
            Map.entry("1.2.840.10008.1.2.4.93", "JPEG 2000 Part 2 Multi-component"),
            Map.entry("1.2.840.10008.1.2.4.100", "MPEG2"),
            Map.entry("1.2.840.10008.1.2.4.102", "MPEG-4 AVC/H.264"),
            Map.entry("1.2.840.10008.1.2.4.201", "HTJ2K Lossless"),
            Map.entry("1.2.840.10008.1.2.4.203", "HTJ2K"));

    private final String uid;
    private final boolean explicitVr;
    private final boolean bigEndian;
    private final Pixels pixels;

    TransferSyntax(String uid, boolean explicitVr, boolean bigEndian, Pixels pixels) {
        this.uid = uid;
        this.explicitVr = explicitVr;
        this.bigEndian = bigEndian;
        this.pixels = pixels;
    }

    public String uid() {
        return uid;
    }

    public boolean explicitVr() {
        return explicitVr;
    }

    public boolean bigEndian() {
        return bigEndian;
    }

    public Pixels pixels() {
        return pixels;
    }

    public boolean encapsulated() {
        return pixels != Pixels.NATIVE;
    }

    /** True when the data set after the meta group is deflated: no byte of it has a place in the file. */
    public boolean deflated() {
        return this == DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN;
    }

    /** The syntax with this UID, or null when it is not one this reader decodes. */
    public static TransferSyntax of(String uid) {
        for (TransferSyntax ts : values()) {
            if (ts.uid.equals(uid)) {
                return ts;
            }
        }
        return null;
    }

    /** A human name for an unsupported UID ("JPEG 2000 Lossless (1.2.840.10008.1.2.4.90)"). */
    public static String describe(String uid) {
        String name = UNSUPPORTED_NAMES.get(uid);
        return name == null ? "transfer syntax " + printable(uid) : name + " (" + uid + ")";
    }

    /** A value read from a file, safe to put in a one-line message: ASCII printable, at most 64 chars. */
    public static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 64; i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7F ? c : '?');
        }
        return b.toString();
    }
}
