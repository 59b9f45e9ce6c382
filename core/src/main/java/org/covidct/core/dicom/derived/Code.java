package org.covidct.core.dicom.derived;

import org.covidct.core.dicom.DicomWriter;

/**
 * A coded concept (PS3.3 8.8, Code Sequence Macro): value, coding scheme designator and meaning.
 *
 * @param value   CodeValue (0008,0100)
 * @param scheme  CodingSchemeDesignator (0008,0102), e.g. DCM, LN, or a private "99..." scheme
 * @param meaning CodeMeaning (0008,0104)
 */
public record Code(String value, String scheme, String meaning) {

    /** Diagnostic Imaging Report (LOINC 18748-4): the usual title of an imaging report's root container. */
    public static final Code DIAGNOSTIC_IMAGING_REPORT = new Code("18748-4", "LN", "Diagnostic Imaging Report");
    /** Finding (DCM 121071, PS3.16). */
    public static final Code FINDING = new Code("121071", "DCM", "Finding");
    /** Algorithm Name (DCM 111001, PS3.16). */
    public static final Code ALGORITHM_NAME = new Code("111001", "DCM", "Algorithm Name");
    /** Algorithm Version (DCM 111003, PS3.16). */
    public static final Code ALGORITHM_VERSION = new Code("111003", "DCM", "Algorithm Version");
    /** Comment (DCM 121106, PS3.16). */
    public static final Code COMMENT = new Code("121106", "DCM", "Comment");

    public Code {
        if (value.isEmpty() || scheme.isEmpty() || meaning.isEmpty()) {
            throw new IllegalArgumentException("a code needs a value, a scheme and a meaning");
        }
    }

    /** The code as one item of a code sequence. */
    DicomWriter.DataSet item() {
        return new DicomWriter.DataSet().string(0x00080100, "SH", value).string(0x00080102, "SH", scheme)
                .string(0x00080104, "LO", meaning);
    }
}
