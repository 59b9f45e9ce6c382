package org.covidct.core.dataset;

import org.covidct.core.CovidctException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The full layout walk and the split folder reader. */
class LayoutTest {

    @TempDir
    Path tmp;

    private void slice(String relative) throws IOException {
        Path p = tmp.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.write(p, new byte[]{1});
    }

    @Test
    void walksGroupsIntoPatientsKeyedByPatientId() throws IOException {
        slice("137covid/patient1/SR_2/IM00002.tif");
        slice("137covid/patient1/SR_2/IM00001.tif");
        slice("137covid/patient1/SR_3/IM00001.tif");
        slice("normal1/patient168/SR_2/IM00011.tif");
        slice("normal5/patient168/SR_2/IM00011.tif");
        slice("normal5/patient10/SR_4/IM00001.tif");
        slice("normal5/patient10/notes/readme.txt");
        slice("flat/137covid_patient1_SR_2_IM00001.tif");
        FullLayout layout = FullLayout.scan(tmp);
        assertEquals(List.of("patient1", "patient10", "patient168"),
                layout.patients().stream().map(PatientFolders::patientId).toList());
        PatientFolders p168 = layout.patient("patient168").orElseThrow();
        assertEquals(ClassLabel.NORMAL, p168.label());
        assertEquals(List.of("normal1", "normal5"), p168.groups());
        assertEquals(2, p168.series("SR_2").size());
        PatientFolders p1 = layout.patient("patient1").orElseThrow();
        assertEquals(ClassLabel.COVID, p1.label());
        SeriesFolder sr2 = p1.series("SR_2").get(0);
        assertEquals(List.of("IM00001.tif", "IM00002.tif"),
                sr2.slices().stream().map(p -> p.getFileName().toString()).toList());
        assertEquals("137covid_patient1_SR_2_IM00002.tif", sr2.flatName(sr2.slices().get(1)).fileName());
        assertEquals(5, layout.seriesFolders().size());
    }

    @Test
    void aPatientUnderCovidAndNormalGroupsOrNoGroupsAreErrors() throws IOException {
        slice("other/patient1/SR_2/IM00001.tif");
        CovidctException none = assertThrows(CovidctException.class, () -> FullLayout.scan(tmp));
        assertTrue(none.getMessage().contains("no group folders"), none.getMessage());
        slice("137covid/patient1/SR_2/IM00001.tif");
        slice("normal2/patient1/SR_2/IM00001.tif");
        CovidctException both = assertThrows(CovidctException.class, () -> FullLayout.scan(tmp));
        assertTrue(both.getMessage().endsWith("patient patient1 is under both covid and normal groups (137covid, normal2)"),
                both.getMessage());
        assertThrows(CovidctException.class, () -> FullLayout.scan(tmp.resolve("absent")));
    }

    @Test
    void splitDirectoryReadsFoldsAndNamesMissingOnes() throws IOException {
        List<LabelledSlice> rows = List.of(new LabelledSlice("137covid_patient1_SR_2_IM00001.tif", ClassLabel.COVID));
        SplitDirectory.write(tmp, List.of(new FoldSet(1, rows, rows, rows), new FoldSet(2, rows, rows, rows)));
        Files.delete(tmp.resolve("validation2.csv"));
        SplitDirectory dir = SplitDirectory.open(tmp);
        assertEquals(List.of(1, 2), dir.folds());
        assertEquals(rows, dir.fold(1).test());
        CovidctException absent = assertThrows(CovidctException.class, () -> dir.fold(6));
        assertEquals(tmp + ": fold 6 does not exist (folds here: 1, 2)", absent.getMessage());
        CovidctException partial = assertThrows(CovidctException.class, () -> dir.fold(2));
        assertTrue(partial.getMessage().startsWith(tmp.resolve("validation2.csv") + ": missing"), partial.getMessage());
        CovidctException empty = assertThrows(CovidctException.class,
                () -> SplitDirectory.open(Files.createDirectory(tmp.resolve("empty"))));
        assertTrue(empty.getMessage().contains("no fold CSVs"), empty.getMessage());
    }
}
