package org.covidct.core.dicom;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The attributes of one DICOM image file up to (not including) its pixel data, with typed access to
 * what this project uses: pixel format, rescale, ordering, grouping, geometry and window presets.
 */
public final class DicomHeader {

    private final Path file;
    private final String transferSyntaxUid;
    private final DicomAttributes meta;
    private final DicomAttributes attributes;
    private final boolean hasPixelData;

    /** Where the pixel data value starts in the file, its length (-1: undefined), and its byte order. */
    record PixelLocation(long offset, long length, boolean bigEndian) {
        static final PixelLocation NONE = new PixelLocation(-1, -1, false);
    }

    private final PixelLocation pixelLocation;

    DicomHeader(Path file, String transferSyntaxUid, DicomAttributes meta, DicomAttributes attributes,
                boolean hasPixelData, PixelLocation pixelLocation) {
        this.file = file;
        this.transferSyntaxUid = transferSyntaxUid;
        this.meta = meta;
        this.attributes = attributes;
        this.hasPixelData = hasPixelData;
        this.pixelLocation = pixelLocation;
    }

    PixelLocation pixelLocation() {
        return pixelLocation;
    }

    /** The tags {@link #compact()} keeps: everything this class and the converter's metadata read. */
    static final java.util.Set<Integer> ESSENTIAL;

    static {
        java.util.Set<Integer> t = new java.util.HashSet<>(java.util.List.of(Tag.TRANSFER_SYNTAX_UID,
                Tag.SPECIFIC_CHARACTER_SET, Tag.IMAGE_TYPE, Tag.SOP_CLASS_UID, Tag.MODALITY, Tag.PATIENT_ID,
                Tag.PATIENT_SEX, Tag.PATIENT_AGE, Tag.STUDY_INSTANCE_UID, Tag.SERIES_INSTANCE_UID, Tag.SERIES_NUMBER,
                Tag.INSTANCE_NUMBER, Tag.IMAGE_POSITION_PATIENT, Tag.IMAGE_ORIENTATION_PATIENT, Tag.SLICE_LOCATION,
                Tag.SAMPLES_PER_PIXEL, Tag.PHOTOMETRIC_INTERPRETATION, Tag.NUMBER_OF_FRAMES, Tag.ROWS, Tag.COLUMNS,
                Tag.PIXEL_SPACING, Tag.SLICE_THICKNESS, Tag.BITS_ALLOCATED, Tag.BITS_STORED, Tag.HIGH_BIT,
                Tag.PIXEL_REPRESENTATION, Tag.PIXEL_PADDING_VALUE, Tag.BURNED_IN_ANNOTATION, Tag.WINDOW_CENTER,
                Tag.WINDOW_WIDTH, Tag.RESCALE_INTERCEPT, Tag.RESCALE_SLOPE, Tag.RESCALE_TYPE));
        SeriesMetadata.TECHNICAL.forEach(c -> t.add(c.tag()));
        ESSENTIAL = java.util.Set.copyOf(t);
    }

    /**
     * The same header holding only the attributes this project reads: what to keep per file when
     * thousands of headers are held at once (vendor private blocks can be tens of kilobytes each).
     */
    public DicomHeader compact() {
        return new DicomHeader(file, transferSyntaxUid, meta.retain(ESSENTIAL), attributes.retain(ESSENTIAL),
                hasPixelData, pixelLocation);
    }

    public Path file() {
        return file;
    }

    /** The main data set (everything but the file meta group). */
    public DicomAttributes attributes() {
        return attributes;
    }

    public DicomAttributes meta() {
        return meta;
    }

    public String transferSyntaxUid() {
        return transferSyntaxUid;
    }

    /** The syntax, or null when it is one this reader cannot decode pixels of. */
    public TransferSyntax transferSyntax() {
        return TransferSyntax.of(transferSyntaxUid);
    }

    public boolean hasPixelData() {
        return hasPixelData;
    }

    public int rows() {
        return intOr(Tag.ROWS, 0);
    }

    public int columns() {
        return intOr(Tag.COLUMNS, 0);
    }

    public int samplesPerPixel() {
        return intOr(Tag.SAMPLES_PER_PIXEL, 1);
    }

    public String photometricInterpretation() {
        String p = attributes.string(Tag.PHOTOMETRIC_INTERPRETATION);
        return p == null ? "MONOCHROME2" : p;
    }

    public int numberOfFrames() {
        return intOr(Tag.NUMBER_OF_FRAMES, 1);
    }

    public int bitsAllocated() {
        return intOr(Tag.BITS_ALLOCATED, 16);
    }

    public int bitsStored() {
        return intOr(Tag.BITS_STORED, bitsAllocated());
    }

    public int highBit() {
        return intOr(Tag.HIGH_BIT, bitsStored() - 1);
    }

    public boolean signed() {
        return intOr(Tag.PIXEL_REPRESENTATION, 0) == 1;
    }

    /** RescaleSlope, 1 when absent (the values of a header that passed the checks of a pixel read). */
    public double rescaleSlope() {
        Double d = attributes.decimal(Tag.RESCALE_SLOPE);
        return d == null ? 1.0 : d;
    }

    public double rescaleIntercept() {
        Double d = attributes.decimal(Tag.RESCALE_INTERCEPT);
        return d == null ? 0.0 : d;
    }

    /** PixelPaddingValue as a stored value (sign-extended when pixels are signed), or null. */
    public Integer pixelPaddingValue() {
        Integer raw = attributes.integer(Tag.PIXEL_PADDING_VALUE);
        if (raw == null) {
            return null;
        }
        if (signed() && "US".equals(attributes.vr(Tag.PIXEL_PADDING_VALUE))) {
            return (int) (short) (int) raw; // implicit VR files give "US or SS" as US
        }
        return raw;
    }

    public Integer instanceNumber() {
        return attributes.integer(Tag.INSTANCE_NUMBER);
    }

    /** ImagePositionPatient (x, y, z in mm), or null. */
    public double[] imagePosition() {
        double[] p = attributes.decimals(Tag.IMAGE_POSITION_PATIENT);
        return p != null && p.length == 3 ? p : null;
    }

    /** ImageOrientationPatient (row and column direction cosines), or null. */
    public double[] imageOrientation() {
        double[] p = attributes.decimals(Tag.IMAGE_ORIENTATION_PATIENT);
        return p != null && p.length == 6 ? p : null;
    }

    public Double sliceLocation() {
        return attributes.decimal(Tag.SLICE_LOCATION);
    }

    /**
     * Position along the slice normal (mm): ImagePositionPatient projected on row x column direction,
     * else its z, else SliceLocation; null when none is present.
     */
    public Double positionAlongNormal() {
        double[] p = imagePosition();
        double[] o = imageOrientation();
        if (p != null && o != null) {
            double nx = o[1] * o[5] - o[2] * o[4];
            double ny = o[2] * o[3] - o[0] * o[5];
            double nz = o[0] * o[4] - o[1] * o[3];
            return p[0] * nx + p[1] * ny + p[2] * nz;
        }
        if (p != null) {
            return p[2];
        }
        return sliceLocation();
    }

    public String studyInstanceUid() {
        return attributes.string(Tag.STUDY_INSTANCE_UID);
    }

    public String seriesInstanceUid() {
        return attributes.string(Tag.SERIES_INSTANCE_UID);
    }

    public Integer seriesNumber() {
        return attributes.integer(Tag.SERIES_NUMBER);
    }

    /** PixelSpacing (row spacing, column spacing in mm), or null. */
    public double[] pixelSpacing() {
        double[] p = attributes.decimals(Tag.PIXEL_SPACING);
        return p != null && p.length == 2 ? p : null;
    }

    public Double sliceThickness() {
        return attributes.decimal(Tag.SLICE_THICKNESS);
    }

    /** WindowCenter values (one per preset), empty when absent. */
    public double[] windowCenters() {
        double[] d = attributes.decimals(Tag.WINDOW_CENTER);
        return d == null ? new double[0] : d;
    }

    public double[] windowWidths() {
        double[] d = attributes.decimals(Tag.WINDOW_WIDTH);
        return d == null ? new double[0] : d;
    }

    public String modality() {
        return attributes.string(Tag.MODALITY);
    }

    /** ImageType values upper-cased (ORIGINAL, PRIMARY, AXIAL...). */
    public List<String> imageType() {
        return attributes.strings(Tag.IMAGE_TYPE).stream().map(s -> s.toUpperCase(Locale.ROOT)).toList();
    }

    public String sopClassUid() {
        return attributes.string(Tag.SOP_CLASS_UID);
    }

    public String patientId() {
        return attributes.string(Tag.PATIENT_ID);
    }

    /** CT Image Storage or Enhanced CT Image Storage. */
    public boolean isCtImageStorage() {
        String c = sopClassUid();
        return "1.2.840.10008.5.1.4.1.1.2".equals(c) || "1.2.840.10008.5.1.4.1.1.2.1".equals(c);
    }

    /**
     * An axial image: the orientation's normal is within 30 degrees of the patient's head-feet axis, or,
     * without ImageOrientationPatient, ImageType says AXIAL. Localizers and scouts are never axial.
     */
    public boolean isAxial() {
        List<String> type = imageType();
        if (type.contains("LOCALIZER") || type.contains("SCOUT") || type.contains("TOPOGRAM")) {
            return false;
        }
        double[] o = imageOrientation();
        if (o == null) {
            return type.contains("AXIAL");
        }
        double nz = o[0] * o[4] - o[1] * o[3];
        return Math.abs(nz) >= Math.cos(Math.toRadians(30));
    }

    private int intOr(int tag, int fallback) {
        Integer v = attributes.integer(tag);
        return v == null ? fallback : v;
    }
}
