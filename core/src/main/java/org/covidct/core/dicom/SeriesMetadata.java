package org.covidct.core.dicom;

import java.util.ArrayList;
import java.util.List;

/**
 * The columns of metadata.csv: a whitelist of technical, non-identifying attributes of a series (image
 * format, geometry, acquisition and reconstruction technique, equipment make and model), modelled on
 * the COVID-CTset Patients_metadata.csv minus everything the PS3.15 Basic Application Level
 * Confidentiality Profile removes (names, IDs, dates, times, UIDs, institution, station, serial numbers,
 * descriptions, comments, private attributes). Patient sex and age only with the profile's Retain
 * Patient Characteristics Option.
 */
public final class SeriesMetadata {
    private SeriesMetadata() {
    }

    /** One whitelisted attribute: its column name and tag. */
    record Column(String name, int tag) {
    }

    static final List<Column> TECHNICAL = List.of(
            new Column("Modality", Tag.MODALITY),
            new Column("ImageType", Tag.IMAGE_TYPE),
            new Column("SOPClassUID", Tag.SOP_CLASS_UID), // a standard class, not an instance
            new Column("Manufacturer", Tag.MANUFACTURER),
            new Column("ManufacturerModelName", Tag.MANUFACTURER_MODEL_NAME),
            new Column("BodyPartExamined", Tag.BODY_PART_EXAMINED),
            new Column("PatientPosition", Tag.PATIENT_POSITION),
            new Column("KVP", Tag.KVP),
            new Column("XRayTubeCurrent", Tag.XRAY_TUBE_CURRENT),
            new Column("ExposureTime", Tag.EXPOSURE_TIME),
            new Column("Exposure", Tag.EXPOSURE),
            new Column("CTDIvol", Tag.CTDI_VOL),
            new Column("ConvolutionKernel", Tag.CONVOLUTION_KERNEL),
            new Column("FilterType", Tag.FILTER_TYPE),
            new Column("FocalSpots", Tag.FOCAL_SPOTS),
            new Column("GeneratorPower", Tag.GENERATOR_POWER),
            new Column("DataCollectionDiameter", Tag.DATA_COLLECTION_DIAMETER),
            new Column("ReconstructionDiameter", Tag.RECONSTRUCTION_DIAMETER),
            new Column("DistanceSourceToDetector", Tag.DISTANCE_SOURCE_TO_DETECTOR),
            new Column("DistanceSourceToPatient", Tag.DISTANCE_SOURCE_TO_PATIENT),
            new Column("GantryDetectorTilt", Tag.GANTRY_DETECTOR_TILT),
            new Column("TableHeight", Tag.TABLE_HEIGHT),
            new Column("RotationDirection", Tag.ROTATION_DIRECTION),
            new Column("RevolutionTime", Tag.REVOLUTION_TIME),
            new Column("SingleCollimationWidth", Tag.SINGLE_COLLIMATION_WIDTH),
            new Column("TotalCollimationWidth", Tag.TOTAL_COLLIMATION_WIDTH),
            new Column("TableSpeed", Tag.TABLE_SPEED),
            new Column("TableFeedPerRotation", Tag.TABLE_FEED_PER_ROTATION),
            new Column("SpiralPitchFactor", Tag.SPIRAL_PITCH_FACTOR),
            new Column("Rows", Tag.ROWS),
            new Column("Columns", Tag.COLUMNS),
            new Column("PixelSpacing", Tag.PIXEL_SPACING),
            new Column("SliceThickness", Tag.SLICE_THICKNESS),
            new Column("ImageOrientationPatient", Tag.IMAGE_ORIENTATION_PATIENT),
            new Column("BitsAllocated", Tag.BITS_ALLOCATED),
            new Column("BitsStored", Tag.BITS_STORED),
            new Column("HighBit", Tag.HIGH_BIT),
            new Column("PixelRepresentation", Tag.PIXEL_REPRESENTATION),
            new Column("PhotometricInterpretation", Tag.PHOTOMETRIC_INTERPRETATION),
            new Column("PixelPaddingValue", Tag.PIXEL_PADDING_VALUE),
            new Column("RescaleIntercept", Tag.RESCALE_INTERCEPT),
            new Column("RescaleSlope", Tag.RESCALE_SLOPE),
            new Column("WindowCenter", Tag.WINDOW_CENTER),
            new Column("WindowWidth", Tag.WINDOW_WIDTH));

    static final List<Column> PATIENT_CHARACTERISTICS = List.of(
            new Column("PatientSex", Tag.PATIENT_SEX),
            new Column("PatientAge", Tag.PATIENT_AGE));

    /** Columns written first, computed by the converter. */
    static final List<String> LEAD = List.of("Patient ID", "Series", "Slices", "SliceSpacing", "ClippedValues",
            "PaddingPixels", "TransferSyntaxUID");

    public static List<String> header(boolean patientCharacteristics) {
        List<String> h = new ArrayList<>(LEAD);
        TECHNICAL.forEach(c -> h.add(c.name()));
        if (patientCharacteristics) {
            PATIENT_CHARACTERISTICS.forEach(c -> h.add(c.name()));
        }
        return h;
    }

    /** The whitelisted values of a series' first slice (multi-values joined with a backslash, as DICOM). */
    public static List<String> values(DicomHeader h, boolean patientCharacteristics) {
        List<String> out = new ArrayList<>();
        for (Column c : TECHNICAL) {
            out.add(value(h.attributes(), c.tag()));
        }
        if (patientCharacteristics) {
            out.add(value(h.attributes(), Tag.PATIENT_SEX));
            out.add(age(h.attributes().string(Tag.PATIENT_AGE)));
        }
        return out;
    }

    /** Ages above 89 years are reported as "090Y+": an extreme age narrows a person down (HIPAA safe harbor). */
    static String age(String as) {
        if (as == null || !as.matches("\\d{3}[DWMY]")) {
            return "";
        }
        if (as.endsWith("Y") && Integer.parseInt(as.substring(0, 3)) > 89) {
            return "090Y+";
        }
        return as;
    }

    private static String value(DicomAttributes a, int tag) {
        String vr = a.vr(tag);
        if (vr == null) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        switch (vr) {
            case "US", "SS", "UL", "SL" -> {
                Integer i = a.integer(tag);
                return i == null ? "" : i.toString();
            }
            case "FD", "FL" -> {
                double[] d = a.decimals(tag);
                if (d == null) {
                    return "";
                }
                for (double x : d) {
                    parts.add(x == Math.rint(x) && Math.abs(x) < 1e15 ? Long.toString((long) x)
                            : Double.toString(x));
                }
            }
            default -> parts.addAll(a.strings(tag));
        }
        StringBuilder b = new StringBuilder();
        for (char ch : String.join("\\", parts).toCharArray()) {
            b.append(ch >= 0x20 && ch < 0x7F ? ch : '?');
        }
        return b.toString();
    }
}
