package org.covidct.core.dicom;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What a header must hold before its pixels are turned into values: every attribute that changes a
 * decoded value (size, bit layout, representation, rescale, padding) and the geometry that decides
 * whether a slice is axial and where it goes in the sweep. A header that breaks a rule is refused with
 * the attribute's name; nothing is guessed, because a guess (a missing intercept taken as 0, an
 * unreadable representation taken as unsigned) shifts every HU value without a trace. The rules, with
 * the parts of DICOM PS3.3 they follow, are listed in docs/DICOM.md ("What is accepted").
 */
final class ImageHeaderRules {
    private ImageHeaderRules() {
    }

    /** No CT slice is larger; a corrupt Rows/Columns cannot make the reader allocate gigabytes. */
    static final int MAX_PIXELS = 8192 * 8192;

    /**
     * Bound on the rescale (2^20 HU, sixteen times the output range 0..65535): a slope that spreads the
     * stored range wider, or an intercept beyond it, maps the image outside any CT scale.
     */
    static final int MAX_RESCALE = 1 << 20;

    /** Direction cosines must be unit vectors and orthogonal within this (real files round to 4-6 digits). */
    static final double ORIENTATION_TOLERANCE = 0.02;

    /**
     * Checks every rule; the first broken one is thrown.
     *
     * @throws IllegalArgumentException naming the attribute and the problem (the caller adds the file)
     */
    static void check(DicomHeader h) {
        DicomAttributes a = h.attributes();
        int rows = requiredInt(a, Tag.ROWS, "Rows");
        int cols = requiredInt(a, Tag.COLUMNS, "Columns");
        if (rows <= 0 || cols <= 0) {
            throw new IllegalArgumentException("Rows " + rows + ", Columns " + cols + ": an image needs at least one pixel");
        }
        if ((long) rows * cols > MAX_PIXELS) {
            throw new IllegalArgumentException("Rows/Columns: image of " + cols + "x" + rows + " pixels is too large");
        }
        int samples = requiredInt(a, Tag.SAMPLES_PER_PIXEL, "SamplesPerPixel");
        String photometric = a.string(Tag.PHOTOMETRIC_INTERPRETATION);
        if (photometric == null) {
            throw new IllegalArgumentException("PhotometricInterpretation is missing");
        }
        if (samples != 1 || !photometric.equals("MONOCHROME2") && !photometric.equals("MONOCHROME1")) {
            throw new IllegalArgumentException("SamplesPerPixel/PhotometricInterpretation: not a grayscale image ("
                    + samples + " samples, " + TransferSyntax.printable(photometric) + ")");
        }
        if (present(a, Tag.NUMBER_OF_FRAMES)) {
            int frames = requiredInt(a, Tag.NUMBER_OF_FRAMES, "NumberOfFrames");
            if (frames != 1) {
                throw new IllegalArgumentException("NumberOfFrames " + frames
                        + ": multi-frame images are not supported; export single-frame slices");
            }
        }
        int allocated = requiredInt(a, Tag.BITS_ALLOCATED, "BitsAllocated");
        if (allocated != 8 && allocated != 16) {
            throw new IllegalArgumentException("BitsAllocated " + allocated + " is not supported (8 or 16)");
        }
        int stored = requiredInt(a, Tag.BITS_STORED, "BitsStored");
        if (stored < 1 || stored > allocated) {
            throw new IllegalArgumentException("BitsStored " + stored + " does not fit BitsAllocated " + allocated);
        }
        int highBit = requiredInt(a, Tag.HIGH_BIT, "HighBit");
        if (highBit != stored - 1) {
            throw new IllegalArgumentException("HighBit " + highBit + " is not BitsStored - 1 (" + (stored - 1) + ")");
        }
        int representation = requiredInt(a, Tag.PIXEL_REPRESENTATION, "PixelRepresentation");
        if (representation != 0 && representation != 1) {
            throw new IllegalArgumentException("PixelRepresentation " + representation
                    + " is neither 0 (unsigned) nor 1 (signed)");
        }
        boolean ct = "CT".equals(a.string(Tag.MODALITY));
        double slope = rescale(a, Tag.RESCALE_SLOPE, "RescaleSlope", ct);
        if (!(slope > 0)) {
            throw new IllegalArgumentException("RescaleSlope " + format(slope)
                    + " is not positive (it would invert or flatten the image)");
        }
        if (slope * ((1 << stored) - 1) > MAX_RESCALE) {
            throw new IllegalArgumentException("RescaleSlope " + format(slope) + " stretches " + stored
                    + "-bit values over more than " + MAX_RESCALE + " HU: not a CT rescale");
        }
        double intercept = rescale(a, Tag.RESCALE_INTERCEPT, "RescaleIntercept", ct);
        if (Math.abs(intercept) > MAX_RESCALE) {
            throw new IllegalArgumentException("RescaleIntercept " + format(intercept) + " is beyond +-" + MAX_RESCALE
                    + " HU: not a CT rescale");
        }
        if (present(a, Tag.PIXEL_PADDING_VALUE)) {
            requiredInt(a, Tag.PIXEL_PADDING_VALUE, "PixelPaddingValue");
        }
        checkOrientation(a);
        if (present(a, Tag.IMAGE_POSITION_PATIENT)) {
            finiteValues(a, Tag.IMAGE_POSITION_PATIENT, "ImagePositionPatient", 3);
        }
    }

    /** ImageOrientationPatient, when present: six finite numbers, two orthogonal unit vectors. */
    private static void checkOrientation(DicomAttributes a) {
        if (!present(a, Tag.IMAGE_ORIENTATION_PATIENT)) {
            return;
        }
        double[] o = finiteValues(a, Tag.IMAGE_ORIENTATION_PATIENT, "ImageOrientationPatient", 6);
        double rowNorm = Math.sqrt(o[0] * o[0] + o[1] * o[1] + o[2] * o[2]);
        double colNorm = Math.sqrt(o[3] * o[3] + o[4] * o[4] + o[5] * o[5]);
        double dot = o[0] * o[3] + o[1] * o[4] + o[2] * o[5];
        if (Math.abs(rowNorm - 1) > ORIENTATION_TOLERANCE || Math.abs(colNorm - 1) > ORIENTATION_TOLERANCE) {
            throw new IllegalArgumentException("ImageOrientationPatient " + quoted(a, Tag.IMAGE_ORIENTATION_PATIENT)
                    + ": the row and column directions are not unit vectors");
        }
        if (Math.abs(dot) > ORIENTATION_TOLERANCE) {
            throw new IllegalArgumentException("ImageOrientationPatient " + quoted(a, Tag.IMAGE_ORIENTATION_PATIENT)
                    + ": the row and column directions are not perpendicular");
        }
    }

    /** The values of a decimal attribute that must hold exactly {@code count} finite numbers. */
    private static double[] finiteValues(DicomAttributes a, int tag, String name, int count) {
        double[] v = a.decimals(tag);
        if (v == null) {
            throw new IllegalArgumentException(name + " " + quoted(a, tag) + " is not a list of numbers");
        }
        if (v.length != count) {
            throw new IllegalArgumentException(name + " has " + v.length + " values, needs " + count);
        }
        for (double d : v) {
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException(name + " " + quoted(a, tag) + " holds a value that is not finite");
            }
        }
        return v;
    }

    /**
     * A rescale value: one finite number. Absent, it is the identity (slope 1, intercept 0) except for CT,
     * where the CT Image Module makes both Type 1 (PS3.3 C.8.2.1): a CT slice without them has no HU.
     */
    private static double rescale(DicomAttributes a, int tag, String name, boolean required) {
        boolean isSlope = tag == Tag.RESCALE_SLOPE;
        if (!present(a, tag)) {
            if (required) {
                throw new IllegalArgumentException(name + " is missing (required for CT: the HU of a stored value)");
            }
            return isSlope ? 1.0 : 0.0;
        }
        double[] v = a.decimals(tag);
        if (v == null) {
            throw new IllegalArgumentException(name + " " + quoted(a, tag) + " is not a number");
        }
        if (v.length != 1) {
            throw new IllegalArgumentException(name + " has " + v.length + " values, needs 1");
        }
        if (!Double.isFinite(v[0])) {
            throw new IllegalArgumentException(name + " " + quoted(a, tag) + " is not a finite number");
        }
        return v[0];
    }

    /** A required integer attribute, readable. */
    private static int requiredInt(DicomAttributes a, int tag, String name) {
        if (!present(a, tag)) {
            throw new IllegalArgumentException(name + " is missing");
        }
        Integer v = a.integer(tag);
        if (v == null) {
            throw new IllegalArgumentException(name + " " + quoted(a, tag) + " is not a readable integer");
        }
        return v;
    }

    /** Present with a non-empty value. */
    private static boolean present(DicomAttributes a, int tag) {
        byte[] b = a.bytes(tag);
        return b != null && b.length > 0;
    }

    /** The raw value, printable and short, for a message: 'abc' for strings, the bytes in hex for binary VRs. */
    static String quoted(DicomAttributes a, int tag) {
        byte[] b = a.bytes(tag);
        if (b == null) {
            return "''";
        }
        String vr = a.vr(tag);
        if (List.of("US", "SS", "UL", "SL", "FL", "FD", "OB", "OW", "UN").contains(vr)) {
            StringBuilder hex = new StringBuilder("0x");
            for (int i = 0; i < Math.min(b.length, 16); i++) {
                hex.append(String.format("%02x", b[i] & 0xFF));
            }
            return hex + (b.length > 16 ? "..." : "") + " (" + vr + ", " + b.length + " bytes)";
        }
        return "'" + TransferSyntax.printable(new String(b, StandardCharsets.ISO_8859_1).trim()) + "'";
    }

    private static String format(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
