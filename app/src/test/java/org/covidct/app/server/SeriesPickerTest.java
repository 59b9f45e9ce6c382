package org.covidct.app.server;

import org.covidct.core.dicom.DicomFile;
import org.covidct.core.dicom.DicomHeader;
import org.covidct.core.dicom.DicomWriter;
import org.covidct.core.dicom.Tag;
import org.covidct.core.dicom.TransferSyntax;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Which series of a study is analysed: axial CT images only; a lung series first; then most slices; then the lowest number. */
class SeriesPickerTest {

    @TempDir
    Path tmp;
    private int files;

    /** Writes {@code n} small files of one series and returns their headers. */
    private List<DicomHeader> series(int number, int n, String modality, String sopClass, String orientation,
                                     String imageType, String kernel, String description) throws Exception {
        List<DicomHeader> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            DicomWriter.DataSet ds = new DicomWriter.DataSet()
                    .string(Tag.IMAGE_TYPE, "CS", imageType.split("\\\\"))
                    .string(Tag.SOP_CLASS_UID, "UI", sopClass).string(Tag.SOP_INSTANCE_UID, "UI", "1.2." + number + "." + i)
                    .string(Tag.MODALITY, "CS", modality).string(Tag.SERIES_INSTANCE_UID, "UI", "1.2." + number)
                    .string(Tag.SERIES_NUMBER, "IS", Integer.toString(number)).string(Tag.INSTANCE_NUMBER, "IS", Integer.toString(i + 1))
                    .string(Tag.IMAGE_ORIENTATION_PATIENT, "DS", orientation.split("\\\\"))
                    .us(Tag.ROWS, 4).us(Tag.COLUMNS, 4).us(Tag.BITS_ALLOCATED, 16).us(Tag.BITS_STORED, 12).us(Tag.HIGH_BIT, 11)
                    .us(Tag.PIXEL_REPRESENTATION, 0).us(Tag.SAMPLES_PER_PIXEL, 1).string(Tag.PHOTOMETRIC_INTERPRETATION, "CS", "MONOCHROME2");
            if (kernel != null) {
                ds.string(Tag.CONVOLUTION_KERNEL, "SH", kernel);
            }
            if (description != null) {
                ds.string(0x0008103E, "LO", description);
            }
            Path f = tmp.resolve("f" + files++);
            DicomWriter.builder().setTransferSyntax(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).build().write(f, ds, new int[16]);
            out.add(DicomFile.readHeader(f));
        }
        return out;
    }

    private static final String CT = "1.2.840.10008.5.1.4.1.1.2";
    private static final String AXIAL = "1\\0\\0\\0\\1\\0";
    private static final String CORONAL = "1\\0\\0\\0\\0\\-1";
    private static final String ORIGINAL = "ORIGINAL\\PRIMARY\\AXIAL";

    @Test
    void mostSlicesAmongAxialCtImages() throws Exception {
        List<DicomHeader> all = new ArrayList<>();
        all.addAll(series(1, 2, "CT", CT, AXIAL, "ORIGINAL\\PRIMARY\\LOCALIZER", null, null)); // scout
        all.addAll(series(2, 9, "CT", CT, CORONAL, "DERIVED\\SECONDARY\\REFORMATTED", null, null)); // coronal reformat, most files
        all.addAll(series(3, 6, "CT", CT, AXIAL, ORIGINAL, "B31f", "Thorax 1.0 B31f"));
        all.addAll(series(4, 4, "CT", CT, AXIAL, ORIGINAL, "B31f", "Thorax 5.0 B31f"));
        all.addAll(series(5, 8, "PT", "1.2.840.10008.5.1.4.1.1.128", AXIAL, ORIGINAL, null, null));
        all.addAll(series(6, 7, "CT", "1.2.840.10008.5.1.4.1.1.7", AXIAL, ORIGINAL, null, null)); // a secondary capture
        SeriesPicker.Pick p = SeriesPicker.pick(all);
        assertEquals(3, p.series().seriesNumber());
        assertEquals("SR_3", p.series().label());
        assertEquals(6, p.files().size());
        assertEquals(6, p.series().candidates().size(), "every series is reported");
        assertTrue(p.series().reason().contains("most slices, among 2 axial CT image series"), p.series().reason());
    }

    @Test
    void aLungSeriesWinsOverMoreSlices() throws Exception {
        List<DicomHeader> all = new ArrayList<>();
        all.addAll(series(2, 8, "CT", CT, AXIAL, ORIGINAL, "B31f", "Thorax 1.0 B31f"));
        all.addAll(series(3, 5, "CT", CT, AXIAL, ORIGINAL, "B70f", "Thorax 1.0 B70f"));
        assertEquals(3, SeriesPicker.pick(all).series().seriesNumber(), "sharp Siemens kernel");
        List<DicomHeader> byName = new ArrayList<>(series(7, 9, "CT", CT, AXIAL, ORIGINAL, "STANDARD", "Chest"));
        byName.addAll(series(8, 3, "CT", CT, AXIAL, ORIGINAL, "STANDARD", "Chest LUNG 1.25"));
        SeriesPicker.Pick p = SeriesPicker.pick(byName);
        assertEquals(8, p.series().seriesNumber(), "lung in the description");
        assertTrue(p.series().reason().contains("preferred to more slices"), p.series().reason());
    }

    @Test
    void tiesGoToTheLowestSeriesNumber() throws Exception {
        List<DicomHeader> all = new ArrayList<>(series(12, 3, "CT", CT, AXIAL, ORIGINAL, null, null));
        all.addAll(series(11, 3, "CT", CT, AXIAL, ORIGINAL, null, null));
        assertEquals(11, SeriesPicker.pick(all).series().seriesNumber());
    }

    @Test
    void noAxialCtIsRefusedWith422() throws Exception {
        List<DicomHeader> all = new ArrayList<>(series(2, 3, "CT", CT, CORONAL, ORIGINAL, null, null));
        all.addAll(series(3, 3, "MR", "1.2.840.10008.5.1.4.1.1.4", AXIAL, ORIGINAL, null, null));
        HttpFailure e = assertThrows(HttpFailure.class, () -> SeriesPicker.pick(all));
        assertEquals(422, e.status());
        assertTrue(e.getMessage().contains("SR_2 (CT, 3 files)") && e.getMessage().contains("SR_3 (MR, 3 files, axial"), e.getMessage());
    }

    @Test
    void siemensKernels() {
        assertTrue(SeriesPicker.sharpSiemens("B70f"));
        assertTrue(SeriesPicker.sharpSiemens("Br64"));
        assertTrue(SeriesPicker.sharpSiemens("I70f"));
        assertFalse(SeriesPicker.sharpSiemens("B31f"));
        assertFalse(SeriesPicker.sharpSiemens("D40s"), "P001's kernel is a soft one");
        assertFalse(SeriesPicker.sharpSiemens("LUNG"));
        assertFalse(SeriesPicker.sharpSiemens(null));
    }
}
