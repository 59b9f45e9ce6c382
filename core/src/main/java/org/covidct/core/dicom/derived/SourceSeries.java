package org.covidct.core.dicom.derived;

import org.covidct.core.dicom.DicomAttributes;
import org.covidct.core.dicom.DicomHeader;
import org.covidct.core.dicom.DicomUids;
import org.covidct.core.dicom.DicomWriter;
import org.covidct.core.dicom.Tag;

import java.util.ArrayList;
import java.util.List;

/**
 * What a derived object takes over from the series it was made from: the Patient and General Study
 * modules (PS3.3 C.7.1.1, C.7.2.1), copied byte for byte with the source's character set, and the
 * instances of the series as evidence. Values are only copied, never logged or interpreted.
 */
public final class SourceSeries {

    /** An attribute copied from the source, with its standard VR; type 2 ones are written empty when absent. */
    private record Copied(int tag, String vr, boolean type2) {
    }

    private static final List<Copied> COPIED = List.of(
            new Copied(Tag.SPECIFIC_CHARACTER_SET, "CS", false),
            new Copied(0x00080020, "DA", true), // StudyDate
            new Copied(0x00080030, "TM", true), // StudyTime
            new Copied(0x00080050, "SH", true), // AccessionNumber
            new Copied(0x00080090, "PN", true), // ReferringPhysicianName
            new Copied(0x00081030, "LO", false), // StudyDescription
            new Copied(Tag.PATIENT_NAME, "PN", true),
            new Copied(Tag.PATIENT_ID, "LO", true),
            new Copied(0x00100021, "LO", false), // IssuerOfPatientID
            new Copied(Tag.PATIENT_BIRTH_DATE, "DA", true),
            new Copied(Tag.PATIENT_SEX, "CS", true),
            new Copied(0x00200010, "SH", true)); // StudyID

    /** One instance of the source series. */
    public record Instance(String sopClassUid, String sopInstanceUid) {
    }

    private final DicomAttributes first;
    private final String studyUid;
    private final String seriesUid;
    private final List<Instance> instances;

    private SourceSeries(DicomAttributes first, String studyUid, String seriesUid, List<Instance> instances) {
        this.first = first;
        this.studyUid = studyUid;
        this.seriesUid = seriesUid;
        this.instances = List.copyOf(instances);
    }

    /**
     * @param headers the headers of the series' files (any order); the first gives patient and study
     * @throws IllegalArgumentException when the series has no valid Study or Series Instance UID: a derived
     *                                  object could not be filed into its study
     */
    public static SourceSeries of(List<DicomHeader> headers) {
        if (headers.isEmpty()) {
            throw new IllegalArgumentException("no source instance");
        }
        DicomHeader h = headers.get(0);
        if (!DicomUids.isValid(h.studyInstanceUid()) || !DicomUids.isValid(h.seriesInstanceUid())) {
            throw new IllegalArgumentException("the source series has no valid Study/Series Instance UID");
        }
        List<Instance> instances = new ArrayList<>();
        for (DicomHeader x : headers) {
            String sop = x.attributes().string(Tag.SOP_INSTANCE_UID);
            if (DicomUids.isValid(sop) && DicomUids.isValid(x.sopClassUid())) {
                instances.add(new Instance(x.sopClassUid(), sop));
            }
        }
        return new SourceSeries(h.attributes(), h.studyInstanceUid(), h.seriesInstanceUid(), instances);
    }

    public String studyInstanceUid() {
        return studyUid;
    }

    public String seriesInstanceUid() {
        return seriesUid;
    }

    public List<Instance> instances() {
        return instances;
    }

    /** Writes the copied patient and study attributes and the StudyInstanceUID. */
    void copyTo(DicomWriter.DataSet ds) {
        for (Copied c : COPIED) {
            byte[] v = first.bytes(c.tag());
            if (v != null) {
                ds.bytes(c.tag(), c.vr(), v);
            } else if (c.type2()) {
                ds.string(c.tag(), c.vr(), "");
            }
        }
        ds.string(Tag.STUDY_INSTANCE_UID, "UI", studyUid);
    }

    /**
     * The Hierarchical SOP Instance Reference Macro (PS3.3 C.17.2.1) for this series: one study item with
     * one series item listing every instance.
     */
    DicomWriter.DataSet evidenceItem() {
        DicomWriter.DataSet[] refs = instances.stream().map(i -> new DicomWriter.DataSet()
                .string(0x00081150, "UI", i.sopClassUid()).string(0x00081155, "UI", i.sopInstanceUid()))
                .toArray(DicomWriter.DataSet[]::new);
        DicomWriter.DataSet series = new DicomWriter.DataSet().sequence(0x00081199, refs)
                .string(Tag.SERIES_INSTANCE_UID, "UI", seriesUid);
        return new DicomWriter.DataSet().sequence(0x00081115, series).string(Tag.STUDY_INSTANCE_UID, "UI", studyUid);
    }
}
