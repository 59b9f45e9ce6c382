package org.covidct.core.load;

import org.covidct.core.CovidctException;
import org.covidct.core.image.CtSlice;
import org.covidct.core.series.Series;
import org.covidct.core.series.SliceSource;
import org.covidct.core.tiff.TiffSlices;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.Rectangle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which folders of a tree are series (by content, hidden ones skipped, ordered segment by segment), how a
 * folder opens as a TIFF series, and the one-line refusals of paths that hold no slice.
 */
class SeriesFoldersTest {

    @TempDir
    Path tmp;

    /** A 4x4 slice whose values are 100 + 10*i (so a region's values name its pixels). */
    private static CtSlice slice(String name) {
        short[] v = new short[16];
        for (int i = 0; i < v.length; i++) {
            v[i] = (short) (100 + 10 * i);
        }
        return new CtSlice(4, 4, v, name);
    }

    private Path tiff(Path dir, String name) throws IOException {
        Files.createDirectories(dir);
        Path f = dir.resolve(name);
        TiffSlices.write(f, slice(name), TiffSlices.Compression.NONE);
        return f;
    }

    @Test
    void seriesFoldersAreFoundByContentAndOrderedSegmentBySegment() throws IOException {
        Path root = tmp.resolve("data");
        tiff(root.resolve("a").resolve("b"), "IM1.tif");
        tiff(root.resolve("a-b"), "x.bin");                 // a slice by content, whatever its name
        tiff(root.resolve("a").resolve(".hidden"), "IM1.tif");
        tiff(root.resolve("c"), ".IM1.tif");                 // hidden file: c is no series
        Files.createDirectories(root.resolve("d"));
        Files.writeString(root.resolve("d").resolve("IM1.tif"), "not a tiff");
        Path parent = tiff(root.resolve("e"), "IM1.tif");    // e holds a slice and a series below it
        tiff(root.resolve("e").resolve("SR_1"), "IM1.tif");
        assertTrue(Files.exists(parent));
        List<Path> found = SeriesFolders.find(root);
        // "a" < "a-b" segment by segment, though "a-b" < "a/b" as whole strings
        assertEquals(List.of(root.resolve("a/b"), root.resolve("a-b"), root.resolve("e"), root.resolve("e/SR_1")),
                found);
        assertEquals("a/b", SeriesFolders.relativeName(root, root.resolve("a/b")));
        assertEquals(".", SeriesFolders.relativeName(root, root));
    }

    @Test
    void aSeriesFolderIsItsOwnTreeAndAHiddenRootIsStillSearched() throws IOException {
        Path hidden = tmp.resolve(".series");
        tiff(hidden, "IM1.tif");
        assertEquals(List.of(hidden), SeriesFolders.find(hidden));
        assertEquals(List.of(), SeriesFolders.find(Files.createDirectories(tmp.resolve("empty"))));
    }

    @Test
    void pathsThatAreNoFoldersAreOneLineErrors() throws IOException {
        Path file = tiff(tmp.resolve("s"), "IM1.tif");
        assertEquals(file + ": not a folder",
                assertThrows(CovidctException.class, () -> SeriesFolders.find(file)).getMessage());
        Path missing = tmp.resolve("missing");
        assertEquals(missing + ": no such folder",
                assertThrows(CovidctException.class, () -> SeriesFolders.find(missing)).getMessage());
        assertEquals(file + ": not a folder",
                assertThrows(CovidctException.class, () -> SeriesLoader.open(file)).getMessage());
    }

    @Test
    void sliceFilesAreRecognisedByContent() throws IOException {
        Path t = tiff(tmp.resolve("s"), "slice.bin");
        assertTrue(SliceFiles.isSlice(t));
        assertTrue(SliceFiles.isTiff(t));
        assertArrayEquals(slice("x").values(), SliceFiles.read(t).values());
        Path text = Files.writeString(tmp.resolve("IM2.tif"), "a text file named like a slice. ".repeat(8));
        assertFalse(SliceFiles.isSlice(text));
        assertEquals(text + ": neither a TIFF nor a DICOM file",
                assertThrows(CovidctException.class, () -> SliceFiles.read(text)).getMessage());
        assertFalse(SliceFiles.isSlice(tmp.resolve("s")), "a folder is no slice");
        assertEquals(tmp.resolve("s") + ": not a file",
                assertThrows(CovidctException.class, () -> SliceFiles.read(tmp.resolve("s"))).getMessage());
        assertEquals(tmp.resolve("nope") + ": no such file",
                assertThrows(CovidctException.class, () -> SliceFiles.read(tmp.resolve("nope"))).getMessage());
    }

    @Test
    void aTiffFolderOpensInNameOrderWithRegionReads() throws IOException {
        Path dir = tmp.resolve("P1").resolve("SR_3");
        tiff(dir, "IM00002.TIFF");
        tiff(dir, "IM00010.tif");
        tiff(dir, "IM00001.tif");
        Files.writeString(dir.resolve("notes.txt"), "x");
        tiff(dir.resolve("sub"), "IM00000.tif");
        Series s = SeriesLoader.open(dir);
        assertEquals("SR_3", s.label());
        assertEquals(dir, s.dir());
        assertEquals(List.of("IM00001.tif", "IM00002.TIFF", "IM00010.tif"),
                s.slices().stream().map(SliceSource::name).toList());
        SliceSource first = s.slices().get(0);
        assertEquals(dir.resolve("IM00001.tif"), first.file());
        assertArrayEquals(slice("x").values(), first.read().values());
        // rows 1..2, columns 2..3: values 100 + 10 * (4 * row + column)
        assertArrayEquals(new short[] {160, 170, 200, 210}, first.readRegion(new Rectangle(2, 1, 2, 2)).values());
        assertArrayEquals(new short[] {160, 170, 200, 210},
                first.readRegion((w, h) -> new Rectangle(w - 2, 1, 2, h - 2)).values());
        assertEquals(3, first.countBelow((w, h) -> new Rectangle(0, 0, w, 1), 125));
        assertTrue(TiffSeries.isTiffName(Path.of("a.TIF")));
        assertFalse(TiffSeries.isTiffName(Path.of("a.tif.bak")));
    }

    @Test
    void foldersWithoutSlicesAreOneLineErrors() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("none"));
        Files.writeString(dir.resolve("a.txt"), "x");
        tiff(dir, ".hidden.tif");
        assertEquals(dir + ": no CT slices (TIFF or DICOM) in this folder",
                assertThrows(CovidctException.class, () -> SeriesLoader.open(dir)).getMessage());
        Path noTiffNames = tmp.resolve("names");
        tiff(noTiffNames, "slice.bin");
        assertEquals(noTiffNames + ": no TIFF slices in this folder",
                assertThrows(CovidctException.class, () -> TiffSeries.open(noTiffNames)).getMessage());
    }
}
