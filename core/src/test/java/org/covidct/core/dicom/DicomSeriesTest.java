package org.covidct.core.dicom;

import org.covidct.core.CovidctException;
import org.covidct.core.dicom.DicomWriter.DataSet;
import org.covidct.core.load.DicomSeries;
import org.covidct.core.load.SeriesLoader;
import org.covidct.core.series.Series;
import org.covidct.core.series.SliceSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Grouping, ordering and the choice among several series in one folder. */
class DicomSeriesTest {

    @TempDir
    Path tmp;

    private static void slice(Path file, String seriesUid, int seriesNumber, Integer instance, double z,
                              String imageType, int marker, DicomWriter.Layout layout) throws Exception {
        DataSet ds = DicomFormatsTest.dataSet(16, 12, 11, false)
                .string(Tag.SERIES_INSTANCE_UID, "UI", seriesUid)
                .string(Tag.SERIES_NUMBER, "IS", Integer.toString(seriesNumber))
                .string(Tag.IMAGE_TYPE, "CS", "ORIGINAL", "PRIMARY", imageType)
                .string(Tag.IMAGE_POSITION_PATIENT, "DS", "0", "0", Double.toString(z));
        if (instance != null) {
            ds.string(Tag.INSTANCE_NUMBER, "IS", Integer.toString(instance));
        } else {
            ds.string(Tag.INSTANCE_NUMBER, "IS", "");
        }
        int[] cells = new int[35];
        cells[0] = marker;
        DicomWriter.builder().setTransferSyntax(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN).optLayout(layout).build()
                .write(file, ds, cells);
    }

    private static List<Integer> markers(Series s) {
        return s.slices().stream().map(SliceSource::read).map(c -> c.values()[0] & 0xFFFF).toList();
    }

    @Test
    void ordersByInstanceNumberThenPositionAndPicksTheAxialSeries() throws Exception {
        DicomWriter.Layout bare = DicomWriter.Layout.BARE_DATA_SET;
        // file names deliberately disagree with the order; two slices share instance 2, one has none
        slice(tmp.resolve("a.txt"), "2.25.10", 3, 3, -30, "AXIAL", 4, bare);
        slice(tmp.resolve("b"), "2.25.10", 3, 1, -10, "AXIAL", 1, bare);
        slice(tmp.resolve("c.dcm"), "2.25.10", 3, 2, -20, "AXIAL", 3, DicomWriter.Layout.PART10);
        slice(tmp.resolve("d.dcm"), "2.25.10", 3, 2, -25, "AXIAL", 2, DicomWriter.Layout.META_WITHOUT_PREAMBLE);
        slice(tmp.resolve("e.dcm"), "2.25.10", 3, null, -40, "AXIAL", 5, bare);
        slice(tmp.resolve("scout.dcm"), "2.25.99", 1, 1, 0, "LOCALIZER", 9, bare);
        Files.writeString(tmp.resolve("notes.md"), "not an image");

        List<Series> all = DicomSeries.openAll(tmp);
        assertEquals(2, all.size());
        assertEquals("SR_1", all.get(0).label());
        Series axial = SeriesLoader.open(tmp);
        assertEquals("SR_3", axial.label());
        assertEquals(5, axial.size());
        // InstanceNumber 1, 2 (d at z -25 before c at -20, against the names), 3, then the one without one
        assertEquals(List.of(1, 2, 3, 4, 5), markers(axial));
        assertEquals("b", axial.slices().get(0).name());
    }

    @Test
    void withoutInstanceNumbersSlicesFollowThePositionAlongTheirNormal() throws Exception {
        // a sagittal series (row +y, column -z: normal (-1, 0, 0)) at x = 10, 30, 20 with z the same: sorted
        // along the normal (-10, -30, -20) it is b, c, a, against both the names and the z coordinates
        double[] x = {10, 30, 20};
        String[] names = {"a.dcm", "b.dcm", "c.dcm"};
        for (int i = 0; i < 3; i++) {
            DataSet ds = DicomFormatsTest.dataSet(16, 12, 11, false)
                    .string(Tag.SERIES_INSTANCE_UID, "UI", "2.25.40")
                    .string(Tag.INSTANCE_NUMBER, "IS", "")
                    .string(Tag.IMAGE_ORIENTATION_PATIENT, "DS", "0", "1", "0", "0", "0", "-1")
                    .string(Tag.IMAGE_POSITION_PATIENT, "DS", Double.toString(x[i]), "0", "5");
            int[] cells = new int[35];
            cells[0] = i + 1;
            DicomWriter.builder().setTransferSyntax(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).build()
                    .write(tmp.resolve(names[i]), ds, cells);
        }
        Series s = DicomSeries.open(tmp);
        assertEquals(List.of("b.dcm", "c.dcm", "a.dcm"), s.slices().stream().map(SliceSource::name).toList());
        assertEquals(List.of(2, 3, 1), markers(s));
    }

    @Test
    void twoAxialSeriesInOneFolderAreAnErrorListingThem() throws Exception {
        DicomWriter.Layout p10 = DicomWriter.Layout.PART10;
        slice(tmp.resolve("1.dcm"), "2.25.20", 2, 1, 0, "AXIAL", 1, p10);
        slice(tmp.resolve("2.dcm"), "2.25.20", 2, 2, -5, "AXIAL", 2, p10);
        slice(tmp.resolve("3.dcm"), "2.25.30", 4, 1, 0, "AXIAL", 3, p10);
        CovidctException e = assertThrows(CovidctException.class, () -> SeriesLoader.open(tmp));
        assertTrue(e.getMessage().contains("holds 2 DICOM series")
                && e.getMessage().contains("SR_2 (CT, 2 slices, axial), SR_4 (CT, 1 slices, axial)"), e.getMessage());
        assertEquals(2, DicomSeries.openAll(tmp).size());
    }

    @Test
    void aFolderWithoutImagesIsAnError() throws Exception {
        Files.writeString(tmp.resolve("x.dcm"), "nothing");
        CovidctException e = assertThrows(CovidctException.class, () -> DicomSeries.open(tmp));
        assertTrue(e.getMessage().contains("no DICOM images"), e.getMessage());
    }
}
