package org.covidct.core.dataset;

import org.covidct.core.CovidctException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PatientDetailsTest {

    @TempDir
    Path tmp;

    @Test
    void readsTheRealFileAndWritesItBackByteForByte() throws IOException {
        PatientDetails details = PatientDetails.read(RealMeta.patientDetails());
        assertEquals(377, details.size());
        assertEquals(95L, details.countByInfection().get(ClassLabel.COVID));
        assertEquals(282L, details.countByInfection().get(ClassLabel.NORMAL));
        assertEquals(List.of("SR_2", "SR_3", "SR_4"), details.seriesNames());
        PatientDetail p1 = details.get("patient1").orElseThrow();
        assertEquals("F", p1.sex());
        assertEquals(53, p1.ageYears().getAsInt());
        assertEquals(OptionalDouble.of(1.5), p1.thicknessMm("SR_4"));
        assertEquals(OptionalDouble.of(4.0), p1.thicknessMm("SR_2"));
        // some series thicknesses are N/A in the real file
        assertTrue(details.patients().stream().anyMatch(p -> p.thicknessMm().size() < 3));
        Path copy = tmp.resolve("Patient_details.csv");
        details.write(copy);
        assertArrayEquals(Files.readAllBytes(RealMeta.patientDetails()), Files.readAllBytes(copy));
    }

    @Test
    void writesAndReadsBackATableBuiltInCode() {
        PatientDetails built = PatientDetails.of(List.of("SR_2", "SR_3"), List.of(
                new PatientDetail("patient1", "M", "040Y", "20200401", ClassLabel.COVID, Map.of("SR_2", 5.0)),
                new PatientDetail("patient2", "F", "031Y", "20200402", ClassLabel.NORMAL,
                        Map.of("SR_2", 1.5, "SR_3", 8.0))));
        Path csv = tmp.resolve("d.csv");
        built.write(csv);
        PatientDetails read = PatientDetails.read(csv);
        assertEquals(built.patients(), read.patients());
        assertEquals(OptionalDouble.empty(), read.get("patient1").orElseThrow().thicknessMm("SR_3"));
    }

    @Test
    void badRowsAreOneLineErrors() throws IOException {
        String header = "Patient ID,SEX,AGE,Date,COVID-19 Infection,SR_2 Folder thickness(mm)\n";
        assertError(header + "patient1,F,050Y,20200101,Maybe,5\n",
                "line 2: COVID-19 Infection 'Maybe' (expected Positive or Negative)");
        assertError(header + "patient1,F,050Y,20200101,Positive,5\npatient1,F,050Y,20200101,Positive,5\n",
                "line 3: patient patient1 listed twice");
        assertError(header + "patient1,F,050Y,20200101,Positive,thick\n",
                "line 2: SR_2 Folder thickness(mm) 'thick' is not a number or N/A");
        assertError("Patient ID,SEX,AGE,Date\npatient1,F,050Y,20200101\n",
                "line 1: missing column 'COVID-19 Infection' (header is: Patient ID,SEX,AGE,Date)");
    }

    private void assertError(String content, String problem) throws IOException {
        Path csv = tmp.resolve("details.csv");
        Files.writeString(csv, content);
        CovidctException e = assertThrows(CovidctException.class, () -> PatientDetails.read(csv));
        assertEquals(csv + ": " + problem, e.getMessage());
    }
}
