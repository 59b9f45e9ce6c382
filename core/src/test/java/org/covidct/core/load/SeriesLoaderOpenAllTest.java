package org.covidct.core.load;

import org.covidct.core.dicom.DicomWriter;
import org.covidct.core.dicom.Tag;
import org.covidct.core.dicom.TransferSyntax;
import org.covidct.core.image.CtSlice;
import org.covidct.core.series.Series;
import org.covidct.core.tiff.TiffSlices;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@link SeriesLoader#openAll}: every series of a folder, where {@code open} gives the one it chooses. */
class SeriesLoaderOpenAllTest {

    @TempDir
    Path tmp;

    private static void dicom(Path file, String seriesUid, int seriesNumber, int instance) throws Exception {
        DicomWriter.DataSet ds = new DicomWriter.DataSet()
                .string(Tag.SOP_CLASS_UID, "UI", "1.2.840.10008.5.1.4.1.1.2")
                .string(Tag.SOP_INSTANCE_UID, "UI", seriesUid + "." + instance)
                .string(Tag.MODALITY, "CS", "CT").string(Tag.SERIES_INSTANCE_UID, "UI", seriesUid)
                .string(Tag.SERIES_NUMBER, "IS", Integer.toString(seriesNumber))
                .string(Tag.INSTANCE_NUMBER, "IS", Integer.toString(instance))
                .string(Tag.IMAGE_ORIENTATION_PATIENT, "DS", "1", "0", "0", "0", "1", "0")
                .us(Tag.ROWS, 4).us(Tag.COLUMNS, 4).us(Tag.BITS_ALLOCATED, 16).us(Tag.BITS_STORED, 12)
                .us(Tag.HIGH_BIT, 11).us(Tag.PIXEL_REPRESENTATION, 0).us(Tag.SAMPLES_PER_PIXEL, 1)
                .string(Tag.PHOTOMETRIC_INTERPRETATION, "CS", "MONOCHROME2");
        DicomWriter.builder().setTransferSyntax(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).build()
                .write(file, ds, new int[16]);
    }

    @Test
    void aFolderOfTwoDicomSeriesGivesBothInSeriesNumberOrder() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("two"));
        for (int i = 1; i <= 3; i++) {
            dicom(dir.resolve("a" + i), "1.2.3.7", 7, i);
        }
        for (int i = 1; i <= 2; i++) {
            dicom(dir.resolve("b" + i), "1.2.3.2", 2, i);
        }
        List<Series> all = SeriesLoader.openAll(dir);
        assertEquals(List.of("SR_2", "SR_7"), all.stream().map(Series::label).toList());
        assertEquals(List.of(2, 3), all.stream().map(Series::size).toList());
        assertEquals(List.of("b1", "b2"), all.get(0).slices().stream().map(s -> s.name()).toList());
    }

    @Test
    void aTiffFolderIsOneSeriesAsOpenGivesIt() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("SR_2"));
        for (int i = 1; i <= 3; i++) {
            TiffSlices.write(dir.resolve("IM0000" + i + ".tif"), new CtSlice(8, 8, new short[64], "x"),
                    TiffSlices.Compression.NONE);
        }
        List<Series> all = SeriesLoader.openAll(dir);
        assertEquals(1, all.size());
        assertEquals(SeriesLoader.open(dir).slices().stream().map(s -> s.name()).toList(),
                all.get(0).slices().stream().map(s -> s.name()).toList());
    }

    @Test
    void aSingleDicomSeriesIsTheOneOpenGives() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("one"));
        for (int i = 3; i >= 1; i--) {
            dicom(dir.resolve("x" + i), "1.2.3.4", 4, 4 - i);
        }
        List<Series> all = SeriesLoader.openAll(dir);
        assertEquals(1, all.size());
        assertEquals(List.of("x3", "x2", "x1"), all.get(0).slices().stream().map(s -> s.name()).toList());
        assertEquals(SeriesLoader.open(dir).label(), all.get(0).label());
    }
}
