package org.covidct.core.dicom.derived;

import org.covidct.core.dicom.DicomAttributes;
import org.covidct.core.dicom.DicomFile;
import org.covidct.core.dicom.DicomHeader;
import org.covidct.core.dicom.DicomImage;
import org.covidct.core.dicom.DicomUids;
import org.covidct.core.dicom.DicomWriter;
import org.covidct.core.dicom.Tag;
import org.covidct.core.dicom.TransferSyntax;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The SR and the Secondary Capture read back with the project's own reader: filed into the source's study
 * with its patient attributes (bytes unchanged, a non-ASCII name included), the report's text items in order,
 * the evidence listing every source instance, the RGB pixels as drawn.
 */
class DerivedObjectsTest {

    @TempDir
    Path tmp;

    private SourceSeries source() throws Exception {
        List<DicomHeader> headers = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            Path f = tmp.resolve("ct" + i + ".dcm");
            DicomWriter.DataSet ds = new DicomWriter.DataSet()
                    .string(Tag.SPECIFIC_CHARACTER_SET, "CS", "ISO_IR 100")
                    .string(Tag.SOP_CLASS_UID, "UI", "1.2.840.10008.5.1.4.1.1.2")
                    .string(Tag.SOP_INSTANCE_UID, "UI", "1.2.3.4." + i)
                    .string(0x00080020, "DA", "20200305")
                    .string(Tag.MODALITY, "CS", "CT")
                    .bytes(Tag.PATIENT_NAME, "PN", "Müller^Jürgen".getBytes(StandardCharsets.ISO_8859_1))
                    .string(Tag.PATIENT_ID, "LO", "PID-4711")
                    .string(Tag.STUDY_INSTANCE_UID, "UI", "1.2.3")
                    .string(Tag.SERIES_INSTANCE_UID, "UI", "1.2.3.4")
                    .us(Tag.ROWS, 2).us(Tag.COLUMNS, 2).us(Tag.BITS_ALLOCATED, 16).us(Tag.BITS_STORED, 12)
                    .us(Tag.HIGH_BIT, 11).us(Tag.PIXEL_REPRESENTATION, 0).us(Tag.SAMPLES_PER_PIXEL, 1)
                    .string(Tag.PHOTOMETRIC_INTERPRETATION, "CS", "MONOCHROME2");
            DicomWriter.builder().setTransferSyntax(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).build().write(f, ds, new int[4]);
            headers.add(DicomFile.readHeader(f));
        }
        return SourceSeries.of(headers);
    }

    @Test
    void reportReadsBack() throws Exception {
        SourceSeries src = source();
        String series = DicomUids.fromName("sr series");
        String sop = DicomUids.fromName("sr instance");
        byte[] bytes = BasicTextSr.builder().setSource(src).setSeries(series, 9001, "covidct result").setInstanceUid(sop)
                .setCreated(LocalDateTime.of(2026, 12, 7, 10, 30, 5)).optEquipment("covidct", "0.1.0")
                .addText(Code.FINDING, "COVID-19 pattern detected")
                .addText(new Code("fraction", "99COVIDCT", "COVID slice fraction"), "0.4556")
                .build().encode();
        Path f = tmp.resolve("sr.dcm");
        Files.write(f, bytes);
        DicomHeader h = DicomFile.readHeader(f);
        DicomAttributes a = h.attributes();
        assertEquals(BasicTextSr.SOP_CLASS_UID, h.sopClassUid());
        assertEquals(BasicTextSr.SOP_CLASS_UID, h.meta().string(0x00020002));
        assertEquals(sop, a.string(Tag.SOP_INSTANCE_UID));
        assertEquals("1.2.3", h.studyInstanceUid(), "filed into the source's study");
        assertEquals(series, h.seriesInstanceUid());
        assertEquals("SR", h.modality());
        assertArrayEquals("Müller^Jürgen ".getBytes(StandardCharsets.ISO_8859_1), a.bytes(Tag.PATIENT_NAME),
                "the source's bytes, padded to even length with a space");
        assertEquals("ISO_IR 100", a.string(Tag.SPECIFIC_CHARACTER_SET));
        assertEquals("20200305", a.string(0x00080020));
        assertEquals("20261207", a.string(0x00080023));
        assertEquals("COMPLETE", a.string(0x0040A491));
        assertEquals("CONTAINER", a.string(0x0040A040));
        assertEquals("18748-4", a.items(0x0040A043).get(0).string(0x00080100));
        List<DicomAttributes> content = a.items(0x0040A730);
        assertEquals(2, content.size());
        assertEquals("TEXT", content.get(0).string(0x0040A040));
        assertEquals("CONTAINS", content.get(0).string(0x0040A010));
        assertEquals("121071", content.get(0).items(0x0040A043).get(0).string(0x00080100));
        assertEquals("COVID-19 pattern detected", content.get(0).string(0x0040A160));
        assertEquals("99COVIDCT", content.get(1).items(0x0040A043).get(0).string(0x00080102));
        assertEquals("0.4556", content.get(1).string(0x0040A160));
        List<DicomAttributes> evidence = a.items(0x0040A375);
        assertEquals("1.2.3", evidence.get(0).string(Tag.STUDY_INSTANCE_UID));
        DicomAttributes refSeries = evidence.get(0).items(0x00081115).get(0);
        assertEquals("1.2.3.4", refSeries.string(Tag.SERIES_INSTANCE_UID));
        assertEquals(List.of("1.2.3.4.1", "1.2.3.4.2", "1.2.3.4.3"),
                refSeries.items(0x00081199).stream().map(i -> i.string(0x00081155)).toList());
    }

    @Test
    void secondaryCaptureCarriesTheImage() throws Exception {
        BufferedImage img = new BufferedImage(5, 3, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, 0xFF0000);
        img.setRGB(4, 2, 0x00FF7F);
        img.setRGB(2, 1, 0x123456);
        byte[] bytes = SecondaryCaptureImage.builder().setSource(source())
                .setSeries(DicomUids.fromName("sc series"), 9002, "covidct key slices")
                .setInstanceUid(DicomUids.fromName("sc")).setCreated(LocalDateTime.of(2026, 12, 7, 10, 30, 5))
                .setImage(img).optComments("key slices").build().encode();
        Path f = tmp.resolve("sc.dcm");
        Files.write(f, bytes);
        DicomHeader h = DicomFile.readHeader(f);
        assertEquals(SecondaryCaptureImage.SOP_CLASS_UID, h.sopClassUid());
        assertEquals("1.2.3", h.studyInstanceUid());
        assertEquals("RGB", h.photometricInterpretation());
        assertEquals(3, h.samplesPerPixel());
        assertEquals(5, h.columns());
        assertEquals(3, h.rows());
        assertEquals("WSD", h.attributes().string(0x00080064));
        byte[] px = rawPixels(f, 5 * 3 * 3 + 1); // 45 bytes, padded to even
        assertEquals(0xFF, px[0] & 0xFF);
        assertEquals(0, px[1]);
        int at = (1 * 5 + 2) * 3;
        assertEquals(0x12, px[at] & 0xFF);
        assertEquals(0x34, px[at + 1] & 0xFF);
        assertEquals(0x56, px[at + 2] & 0xFF);
        int last = (2 * 5 + 4) * 3;
        assertEquals(0x7F, px[last + 2] & 0xFF);
    }

    /** The last {@code n} bytes of the file: the uncompressed pixel data value. */
    private static byte[] rawPixels(Path f, int n) throws Exception {
        byte[] all = Files.readAllBytes(f);
        return java.util.Arrays.copyOfRange(all, all.length - n, all.length);
    }

    @Test
    void refusesSourcesWithoutValidUids() throws Exception {
        Path f = tmp.resolve("uuid.dcm");
        DicomWriter.builder().setTransferSyntax(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).build().write(f,
                new DicomWriter.DataSet().string(Tag.STUDY_INSTANCE_UID, "UI", "6f1c2a4e-93c1-4a7e-9d1b-4c8d2b7e0f11")
                        .string(Tag.SERIES_INSTANCE_UID, "UI", "1.2.3").string(Tag.MODALITY, "CS", "CT"), null);
        assertThrows(IllegalArgumentException.class, () -> SourceSeries.of(List.of(DicomFile.readHeader(f))));
    }
}
