package org.covidct.core.labels;

import org.covidct.core.CovidctException;
import org.covidct.core.lung.LungSide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SliceLabelsTest {

    @TempDir
    Path tmp;

    static final String HEADER = "instance,infection,lll,lul,rll,rml,rul\n";

    Path csv(String body) throws IOException {
        Path f = tmp.resolve("x.slice-labels.csv");
        Files.writeString(f, HEADER + body);
        return f;
    }

    @Test
    void readsInfectionAndLobesPerInstance() throws IOException {
        SliceLabels l = SliceLabels.read(csv("2,1,0,1,0,0,1\n1,0,0,0,0,0,0\n3,1,0,0,0,0,0\n"));
        assertEquals(2, l.infectedCount());
        assertEquals(Set.of(Lobe.LUL, Lobe.RUL), l.of(2).orElseThrow().lobes());
        assertEquals(Set.of(LungSide.LEFT, LungSide.RIGHT), l.of(2).orElseThrow().sides());
        assertFalse(l.of(1).orElseThrow().infected());
        assertTrue(l.of(3).orElseThrow().infected());
        assertTrue(l.of(3).orElseThrow().lobes().isEmpty());
        assertTrue(l.of(4).isEmpty());
        assertEquals(1, l.all().get(0).instance(), "instance order");
    }

    @Test
    void badRowsAreOneLineErrorsNamingTheLine() throws IOException {
        for (String[] c : new String[][] {
                {"1,2,0,0,0,0,0\n", "infection must be 0 or 1"},
                {"1,0,1,0,0,0,0\n", "marked on a slice whose infection is 0"},
                {"1,0,0,0,0,0,0\n1,1,0,0,0,0,0\n", "listed twice"},
                {"x,0,0,0,0,0,0\n", "instance is not a whole number"},
                {"0,0,0,0,0,0,0\n", "must be 1 or more"},
                {"", "no label rows"}}) {
            Path f = csv(c[0]);
            CovidctException e = assertThrows(CovidctException.class, () -> SliceLabels.read(f), c[0]);
            assertTrue(e.getMessage().contains(c[1]), e.getMessage());
            assertEquals(f, e.file());
        }
    }

    @Test
    void theSharedRealLabelsHaveTheCountsTheirProvenanceStates() {
        String shared = System.getProperty("covidct.shared");
        Path dir = Path.of(shared == null ? "../shared" : shared, "data/real/covid-ct-md/labels");
        assertTrue(Files.isDirectory(dir), "the shared data must be beside the checkout: no labels at " + dir);
        // PROVENANCE.md: P001 80 of 148 slices infected, cap001 30 of 168
        SliceLabels p001 = SliceLabels.read(dir.resolve("P001" + SliceLabels.FILE_SUFFIX));
        assertEquals(148, p001.all().size());
        assertEquals(80, p001.infectedCount());
        SliceLabels cap = SliceLabels.read(dir.resolve("cap001" + SliceLabels.FILE_SUFFIX));
        assertEquals(168, cap.all().size());
        assertEquals(30, cap.infectedCount());
    }
}
