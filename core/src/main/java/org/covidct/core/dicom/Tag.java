package org.covidct.core.dicom;

import java.util.HashMap;
import java.util.Map;

/**
 * The attribute tags this project reads, as {@code group << 16 | element}, with their value
 * representations (needed to read implicit-VR files, where the VR is not written).
 */
public final class Tag {
    private Tag() {
    }

    public static final int TRANSFER_SYNTAX_UID = 0x00020010;
    public static final int SPECIFIC_CHARACTER_SET = 0x00080005;
    public static final int IMAGE_TYPE = 0x00080008;
    public static final int SOP_CLASS_UID = 0x00080016;
    public static final int SOP_INSTANCE_UID = 0x00080018;
    public static final int STUDY_DATE = 0x00080020;
    public static final int MODALITY = 0x00080060;
    public static final int MANUFACTURER = 0x00080070;
    public static final int MANUFACTURER_MODEL_NAME = 0x00081090;
    public static final int PATIENT_NAME = 0x00100010;
    public static final int PATIENT_ID = 0x00100020;
    public static final int PATIENT_BIRTH_DATE = 0x00100030;
    public static final int PATIENT_SEX = 0x00100040;
    public static final int PATIENT_AGE = 0x00101010;
    public static final int BODY_PART_EXAMINED = 0x00180015;
    public static final int SLICE_THICKNESS = 0x00180050;
    public static final int KVP = 0x00180060;
    public static final int DATA_COLLECTION_DIAMETER = 0x00180090;
    public static final int SOFTWARE_VERSIONS = 0x00181020;
    public static final int RECONSTRUCTION_DIAMETER = 0x00181100;
    public static final int DISTANCE_SOURCE_TO_DETECTOR = 0x00181110;
    public static final int DISTANCE_SOURCE_TO_PATIENT = 0x00181111;
    public static final int GANTRY_DETECTOR_TILT = 0x00181120;
    public static final int TABLE_HEIGHT = 0x00181130;
    public static final int ROTATION_DIRECTION = 0x00181140;
    public static final int EXPOSURE_TIME = 0x00181150;
    public static final int XRAY_TUBE_CURRENT = 0x00181151;
    public static final int EXPOSURE = 0x00181152;
    public static final int FILTER_TYPE = 0x00181160;
    public static final int GENERATOR_POWER = 0x00181170;
    public static final int FOCAL_SPOTS = 0x00181190;
    public static final int CONVOLUTION_KERNEL = 0x00181210;
    public static final int PATIENT_POSITION = 0x00185100;
    public static final int REVOLUTION_TIME = 0x00189305;
    public static final int SINGLE_COLLIMATION_WIDTH = 0x00189306;
    public static final int TOTAL_COLLIMATION_WIDTH = 0x00189307;
    public static final int TABLE_SPEED = 0x00189309;
    public static final int TABLE_FEED_PER_ROTATION = 0x00189310;
    public static final int SPIRAL_PITCH_FACTOR = 0x00189311;
    public static final int CTDI_VOL = 0x00189345;
    public static final int STUDY_INSTANCE_UID = 0x0020000D;
    public static final int SERIES_INSTANCE_UID = 0x0020000E;
    public static final int SERIES_NUMBER = 0x00200011;
    public static final int INSTANCE_NUMBER = 0x00200013;
    public static final int IMAGE_POSITION_PATIENT = 0x00200032;
    public static final int IMAGE_ORIENTATION_PATIENT = 0x00200037;
    public static final int SLICE_LOCATION = 0x00201041;
    public static final int SAMPLES_PER_PIXEL = 0x00280002;
    public static final int PHOTOMETRIC_INTERPRETATION = 0x00280004;
    public static final int NUMBER_OF_FRAMES = 0x00280008;
    public static final int ROWS = 0x00280010;
    public static final int COLUMNS = 0x00280011;
    public static final int PIXEL_SPACING = 0x00280030;
    public static final int BITS_ALLOCATED = 0x00280100;
    public static final int BITS_STORED = 0x00280101;
    public static final int HIGH_BIT = 0x00280102;
    public static final int PIXEL_REPRESENTATION = 0x00280103;
    public static final int PIXEL_PADDING_VALUE = 0x00280120;
    public static final int BURNED_IN_ANNOTATION = 0x00280301;
    public static final int WINDOW_CENTER = 0x00281050;
    public static final int WINDOW_WIDTH = 0x00281051;
    public static final int RESCALE_INTERCEPT = 0x00281052;
    public static final int RESCALE_SLOPE = 0x00281053;
    public static final int RESCALE_TYPE = 0x00281054;
    public static final int PIXEL_DATA = 0x7FE00010;

    public static final int ITEM = 0xFFFEE000;
    public static final int ITEM_DELIMITATION = 0xFFFEE00D;
    public static final int SEQUENCE_DELIMITATION = 0xFFFEE0DD;

    private static final Map<Integer, String> VR = new HashMap<>();

    static {
        for (int t : new int[] {SPECIFIC_CHARACTER_SET, IMAGE_TYPE, MODALITY, PATIENT_SEX, BODY_PART_EXAMINED,
                ROTATION_DIRECTION, PATIENT_POSITION, PHOTOMETRIC_INTERPRETATION, RESCALE_TYPE, BURNED_IN_ANNOTATION}) {
            VR.put(t, "CS");
        }
        for (int t : new int[] {TRANSFER_SYNTAX_UID, SOP_CLASS_UID, SOP_INSTANCE_UID, STUDY_INSTANCE_UID,
                SERIES_INSTANCE_UID}) {
            VR.put(t, "UI");
        }
        for (int t : new int[] {SAMPLES_PER_PIXEL, ROWS, COLUMNS, BITS_ALLOCATED, BITS_STORED, HIGH_BIT,
                PIXEL_REPRESENTATION, PIXEL_PADDING_VALUE}) {
            VR.put(t, "US");
        }
        for (int t : new int[] {SLICE_THICKNESS, KVP, DATA_COLLECTION_DIAMETER, RECONSTRUCTION_DIAMETER,
                DISTANCE_SOURCE_TO_DETECTOR, DISTANCE_SOURCE_TO_PATIENT, GANTRY_DETECTOR_TILT, TABLE_HEIGHT,
                IMAGE_POSITION_PATIENT, IMAGE_ORIENTATION_PATIENT, SLICE_LOCATION, PIXEL_SPACING, WINDOW_CENTER,
                WINDOW_WIDTH, RESCALE_INTERCEPT, RESCALE_SLOPE, FOCAL_SPOTS}) {
            VR.put(t, "DS");
        }
        for (int t : new int[] {SERIES_NUMBER, INSTANCE_NUMBER, NUMBER_OF_FRAMES, EXPOSURE_TIME, XRAY_TUBE_CURRENT,
                EXPOSURE, GENERATOR_POWER}) {
            VR.put(t, "IS");
        }
        for (int t : new int[] {REVOLUTION_TIME, SINGLE_COLLIMATION_WIDTH, TOTAL_COLLIMATION_WIDTH, TABLE_SPEED,
                TABLE_FEED_PER_ROTATION, SPIRAL_PITCH_FACTOR, CTDI_VOL}) {
            VR.put(t, "FD");
        }
        for (int t : new int[] {MANUFACTURER, MANUFACTURER_MODEL_NAME, SOFTWARE_VERSIONS, FILTER_TYPE,
                CONVOLUTION_KERNEL, PATIENT_ID}) {
            VR.put(t, "LO");
        }
        VR.put(PATIENT_NAME, "PN");
        VR.put(PATIENT_BIRTH_DATE, "DA");
        VR.put(STUDY_DATE, "DA");
        VR.put(PATIENT_AGE, "AS");
        VR.put(PIXEL_DATA, "OW");
    }

    /** The VR of a tag in an implicit-VR data set: "UN" when this project does not know the tag. */
    static String implicitVr(int tag) {
        if ((tag & 0xFFFF) == 0) {
            return "UL"; // group length
        }
        return VR.getOrDefault(tag, "UN");
    }

    /** "(0010,0020)". */
    public static String toString(int tag) {
        return String.format("(%04X,%04X)", tag >>> 16, tag & 0xFFFF);
    }
}
