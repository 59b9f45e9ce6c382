package org.covidct.core.dataset;

import org.covidct.core.CovidctException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FoldCsvTest {

    @TempDir
    Path tmp;

    @Test
    void readsTheRealAllCsvAndWritesItBackByteForByte() throws IOException {
        List<LabelledSlice> all = FoldCsv.read(RealMeta.allCsv());
        assertEquals(12058, all.size());
        Map<ClassLabel, Long> counts = all.stream().collect(Collectors.groupingBy(LabelledSlice::label,
                Collectors.counting()));
        assertEquals(2282L, counts.get(ClassLabel.COVID));
        assertEquals(9776L, counts.get(ClassLabel.NORMAL));
        // every name is a flat name whose group agrees with the class column
        for (LabelledSlice s : all) {
            assertEquals(s.label(), s.flatName().groupClass().orElseThrow(), s.filename());
        }
        Path copy = tmp.resolve("all.csv");
        FoldCsv.write(copy, all);
        assertArrayEquals(Files.readAllBytes(RealMeta.allCsv()), Files.readAllBytes(copy));
    }

    @Test
    void acceptsBomLfAndExtraColumnsInAnyOrder() throws IOException {
        Path csv = tmp.resolve("t.csv");
        Files.writeString(csv, "\uFEFFclass,extra,filename\nNORMAL,x,a_patient1_SR_2_IM1.tif\ncovid,y,b.tif");
        assertEquals(List.of(new LabelledSlice("a_patient1_SR_2_IM1.tif", ClassLabel.NORMAL),
                new LabelledSlice("b.tif", ClassLabel.COVID)), FoldCsv.read(csv));
    }

    @Test
    void unknownClassNamesFileAndLine() throws IOException {
        Path csv = tmp.resolve("train1.csv");
        Files.writeString(csv, "filename,class\r\na.tif,covid\r\nb.tif,normal\r\nc.tif,cap\r\n");
        CovidctException e = assertThrows(CovidctException.class, () -> FoldCsv.read(csv));
        assertEquals(csv + ": line 4: unknown class 'cap' (expected covid or normal)", e.getMessage());
    }

    @Test
    void missingColumnEmptyFileShortRowAndHeaderOnlyAreErrors() throws IOException {
        Path missing = tmp.resolve("m.csv");
        Files.writeString(missing, "file,class\na.tif,covid\n");
        assertMessage(missing, "line 1: missing column 'filename' (header is: file,class)");
        Path empty = tmp.resolve("e.csv");
        Files.writeString(empty, "");
        assertMessage(empty, "empty file (expected a header row filename,class)");
        Path shortRow = tmp.resolve("s.csv");
        Files.writeString(shortRow, "filename,class\na.tif,covid\nb.tif\n");
        assertMessage(shortRow, "line 3: too few values (1) for column 'class'");
        Path headerOnly = tmp.resolve("h.csv");
        Files.writeString(headerOnly, "filename,class\n");
        assertMessage(headerOnly, "no rows after the header");
        Path quote = tmp.resolve("q.csv");
        Files.writeString(quote, "filename,class\n\"a.tif,covid\n");
        CovidctException e = assertThrows(CovidctException.class, () -> FoldCsv.read(quote));
        assertTrue(e.getMessage().startsWith(quote + ": malformed CSV"), e.getMessage());
        assertMessage(tmp.resolve("absent.csv"), "no such file");
    }

    @Test
    void writingIsAtomicAndLeavesNoTemporaryFiles() throws IOException {
        Path csv = tmp.resolve("out/train1.csv");
        FoldCsv.write(csv, List.of(new LabelledSlice("a,b.tif", ClassLabel.COVID)));
        assertEquals("filename,class\r\n\"a,b.tif\",covid\r\n", Files.readString(csv));
        assertEquals("a,b.tif", FoldCsv.read(csv).get(0).filename());
        try (var list = Files.list(csv.getParent())) {
            assertEquals(List.of(csv), list.toList());
        }
    }

    private static void assertMessage(Path csv, String problem) {
        CovidctException e = assertThrows(CovidctException.class, () -> FoldCsv.read(csv));
        assertEquals(csv + ": " + problem, e.getMessage());
    }
}
