package org.covidct.core.dicom.derived;

import org.covidct.core.dicom.DicomUids;
import org.covidct.core.dicom.DicomWriter;
import org.covidct.core.dicom.Tag;
import org.covidct.core.dicom.TransferSyntax;

import java.awt.image.BufferedImage;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * A Secondary Capture Image (PS3.3 A.8.1; SOP class 1.2.840.10008.5.1.4.1.1.7) holding one 8-bit RGB picture
 * made by software (ConversionType WSD, workstation), filed into the study of its source series. Explicit VR
 * little endian, uncompressed, PlanarConfiguration 0 (R, G, B of a pixel together).
 */
public final class SecondaryCaptureImage {

    public static final String SOP_CLASS_UID = "1.2.840.10008.5.1.4.1.1.7";

    private final Builder b;

    private SecondaryCaptureImage(Builder b) {
        this.b = b;
    }

    public static Builder builder() {
        return new Builder();
    }

    public DicomWriter.DataSet dataSet() {
        DicomWriter.DataSet ds = new DicomWriter.DataSet();
        b.source.copyTo(ds);
        String date = b.created.format(DateTimeFormatter.BASIC_ISO_DATE);
        String time = b.created.format(DateTimeFormatter.ofPattern("HHmmss"));
        // SOP Common
        ds.string(Tag.SOP_CLASS_UID, "UI", SOP_CLASS_UID).string(Tag.SOP_INSTANCE_UID, "UI", b.instanceUid)
                .string(0x00080012, "DA", date).string(0x00080013, "TM", time);
        // General Series: "OT" (other), the modality Secondary Capture images of software usually carry
        ds.string(Tag.MODALITY, "CS", "OT").string(Tag.SERIES_INSTANCE_UID, "UI", b.seriesUid)
                .string(Tag.SERIES_NUMBER, "IS", Integer.toString(b.seriesNumber))
                .string(0x0008103E, "LO", b.seriesDescription);
        // General Equipment, SC Equipment
        ds.string(Tag.MANUFACTURER, "LO", b.manufacturer).string(Tag.SOFTWARE_VERSIONS, "LO", b.softwareVersions)
                .string(0x00080064, "CS", "WSD"); // ConversionType: workstation
        // General Image, SC Image
        ds.string(Tag.INSTANCE_NUMBER, "IS", "1").string(0x00200020, "CS", "") // PatientOrientation, type 2C: unknown
                .string(Tag.IMAGE_TYPE, "CS", "DERIVED", "SECONDARY")
                .string(0x00080023, "DA", date).string(0x00080033, "TM", time)
                .string(0x00181012, "DA", date).string(0x00181014, "TM", time) // DateOfSecondaryCapture/Time
                .string(0x00204000, "LT", b.comments) // ImageComments
                .string(Tag.BURNED_IN_ANNOTATION, "CS", "NO");
        // Image Pixel
        ds.us(Tag.SAMPLES_PER_PIXEL, 3).string(Tag.PHOTOMETRIC_INTERPRETATION, "CS", "RGB")
                .us(0x00280006, 0) // PlanarConfiguration
                .us(Tag.ROWS, b.image.getHeight()).us(Tag.COLUMNS, b.image.getWidth())
                .us(Tag.BITS_ALLOCATED, 8).us(Tag.BITS_STORED, 8).us(Tag.HIGH_BIT, 7).us(Tag.PIXEL_REPRESENTATION, 0);
        return ds;
    }

    /** R, G, B of each pixel, row by row. */
    int[] cells() {
        int w = b.image.getWidth();
        int h = b.image.getHeight();
        int[] cells = new int[w * h * 3];
        int k = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = b.image.getRGB(x, y);
                cells[k++] = rgb >> 16 & 0xFF;
                cells[k++] = rgb >> 8 & 0xFF;
                cells[k++] = rgb & 0xFF;
            }
        }
        return cells;
    }

    public byte[] encode() {
        return DicomWriter.builder().setTransferSyntax(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).build()
                .encode(dataSet(), cells());
    }

    /** Configures a capture; source, UIDs, creation time and the image are required. */
    public static final class Builder {
        private SourceSeries source;
        private String seriesUid;
        private int seriesNumber = 1;
        private String seriesDescription = "";
        private String instanceUid;
        private LocalDateTime created;
        private BufferedImage image;
        private String comments = "";
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

        public Builder setImage(BufferedImage image) {
            this.image = image;
            return this;
        }

        /** ImageComments: what the picture shows, in words. */
        public Builder optComments(String comments) {
            this.comments = comments;
            return this;
        }

        public Builder optEquipment(String manufacturer, String softwareVersions) {
            this.manufacturer = manufacturer;
            this.softwareVersions = softwareVersions;
            return this;
        }

        public SecondaryCaptureImage build() {
            if (source == null || created == null || image == null) {
                throw new IllegalStateException("source, creation time and image are required");
            }
            if (!DicomUids.isValid(seriesUid) || !DicomUids.isValid(instanceUid)) {
                throw new IllegalStateException("valid series and instance UIDs are required");
            }
            return new SecondaryCaptureImage(this);
        }
    }
}
