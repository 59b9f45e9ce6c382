package org.covidct.core.dicom.derived;

import org.covidct.core.dicom.DicomUids;
import org.covidct.core.dicom.DicomWriter;
import org.covidct.core.dicom.Tag;
import org.covidct.core.dicom.TransferSyntax;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * A Basic Text SR document (PS3.3 A.35.1; SOP class 1.2.840.10008.5.1.4.1.1.88.11): a root CONTAINER with
 * a title and TEXT items it CONTAINS, filed into the study of the series it was made from, with that
 * series' instances as evidence (SR Document General Module, PS3.3 C.17.2). Explicit VR little endian.
 */
public final class BasicTextSr {

    public static final String SOP_CLASS_UID = "1.2.840.10008.5.1.4.1.1.88.11";

    /** One TEXT content item: its concept name and its text. */
    public record TextItem(Code concept, String text) {
    }

    private final Builder b;

    private BasicTextSr(Builder b) {
        this.b = b;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The data set, ready for {@link DicomWriter}. */
    public DicomWriter.DataSet dataSet() {
        DicomWriter.DataSet ds = new DicomWriter.DataSet();
        b.source.copyTo(ds);
        String date = b.created.format(DateTimeFormatter.BASIC_ISO_DATE);
        String time = b.created.format(DateTimeFormatter.ofPattern("HHmmss"));
        // SOP Common
        ds.string(Tag.SOP_CLASS_UID, "UI", SOP_CLASS_UID).string(Tag.SOP_INSTANCE_UID, "UI", b.instanceUid)
                .string(0x00080012, "DA", date).string(0x00080013, "TM", time); // InstanceCreationDate/Time
        // SR Document Series
        ds.string(Tag.MODALITY, "CS", "SR").string(Tag.SERIES_INSTANCE_UID, "UI", b.seriesUid)
                .string(Tag.SERIES_NUMBER, "IS", Integer.toString(b.seriesNumber))
                .string(0x0008103E, "LO", b.seriesDescription) // SeriesDescription
                .sequence(0x00081111); // ReferencedPerformedProcedureStepSequence, type 2: empty
        // General Equipment
        ds.string(Tag.MANUFACTURER, "LO", b.manufacturer).string(Tag.SOFTWARE_VERSIONS, "LO", b.softwareVersions);
        // SR Document General
        ds.string(Tag.INSTANCE_NUMBER, "IS", "1").string(0x00080023, "DA", date).string(0x00080033, "TM", time)
                .string(0x0040A491, "CS", "COMPLETE") // CompletionFlag
                .string(0x0040A493, "CS", "UNVERIFIED") // VerificationFlag: no person signed it
                .sequence(0x0040A372); // PerformedProcedureCodeSequence, type 2: empty
        if (!b.source.instances().isEmpty()) {
            ds.sequence(0x0040A375, b.source.evidenceItem()); // CurrentRequestedProcedureEvidenceSequence
        }
        // SR Document Content: the root container and its TEXT children
        DicomWriter.DataSet[] children = b.items.stream().map(i -> new DicomWriter.DataSet()
                .string(0x0040A010, "CS", "CONTAINS") // RelationshipType
                .string(0x0040A040, "CS", "TEXT") // ValueType
                .sequence(0x0040A043, i.concept().item()) // ConceptNameCodeSequence
                .string(0x0040A160, "UT", i.text())) // TextValue
                .toArray(DicomWriter.DataSet[]::new);
        ds.string(0x0040A040, "CS", "CONTAINER").sequence(0x0040A043, b.title.item())
                .string(0x0040A050, "CS", "SEPARATE") // ContinuityOfContent
                .sequence(0x0040A730, children); // ContentSequence
        return ds;
    }

    /** The Part-10 file. */
    public byte[] encode() {
        return DicomWriter.builder().setTransferSyntax(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).build()
                .encode(dataSet(), null);
    }

    /** Configures a report; source, series and instance UIDs, title and at least one item are required. */
    public static final class Builder {
        private SourceSeries source;
        private String seriesUid;
        private int seriesNumber = 1;
        private String seriesDescription = "";
        private String instanceUid;
        private LocalDateTime created;
        private Code title = Code.DIAGNOSTIC_IMAGING_REPORT;
        private final List<TextItem> items = new ArrayList<>();
        private String manufacturer = "";
        private String softwareVersions = "";

        public Builder setSource(SourceSeries source) {
            this.source = source;
            return this;
        }

        public Builder setSeries(String seriesUid, int seriesNumber, String description) {
            this.seriesUid = seriesUid;
            this.seriesNumber = seriesNumber;
            this.seriesDescription = description;
            return this;
        }

        public Builder setInstanceUid(String instanceUid) {
            this.instanceUid = instanceUid;
            return this;
        }

        public Builder setCreated(LocalDateTime created) {
            this.created = created;
            return this;
        }

        public Builder optTitle(Code title) {
            this.title = title;
            return this;
        }

        public Builder addText(Code concept, String text) {
            items.add(new TextItem(concept, text));
            return this;
        }

        public Builder optEquipment(String manufacturer, String softwareVersions) {
            this.manufacturer = manufacturer;
            this.softwareVersions = softwareVersions;
            return this;
        }

        public BasicTextSr build() {
            if (source == null || created == null || items.isEmpty()) {
                throw new IllegalStateException("source, creation time and at least one text item are required");
            }
            if (!DicomUids.isValid(seriesUid) || !DicomUids.isValid(instanceUid)) {
                throw new IllegalStateException("valid series and instance UIDs are required");
            }
            return new BasicTextSr(this);
        }
    }
}
