package org.covidct.core.dataset;

import org.covidct.core.CovidctException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClassLabelAndFlatNameTest {

    @Test
    void classIndicesFollowKerasAlphabeticalOrder() {
        assertEquals(0, ClassLabel.COVID.index());
        assertEquals(1, ClassLabel.NORMAL.index());
        assertEquals(ClassLabel.NORMAL, ClassLabel.ofIndex(1));
        assertEquals("covid", ClassLabel.COVID.csvName());
    }

    @Test
    void parsesClassIgnoringCaseAndRejectsOthersNamingFileAndLine() {
        assertEquals(ClassLabel.COVID, ClassLabel.parse("COVID"));
        assertEquals(ClassLabel.NORMAL, ClassLabel.parse(" Normal "));
        CovidctException e = assertThrows(CovidctException.class,
                () -> ClassLabel.parse("pneumonia", Path.of("train1.csv"), 7));
        assertEquals("train1.csv: line 7: unknown class 'pneumonia' (expected covid or normal)", e.getMessage());
    }

    @Test
    void parsesFlatNamesOfEveryGroupShape() {
        FlatName n = FlatName.parse("137covid_patient1_SR_2_IM00010.tif");
        assertEquals(new FlatName("137covid", "patient1", "SR_2", "IM00010"), n);
        assertEquals("137covid/patient1/SR_2/IM00010.tif", n.fullLayoutPath());
        assertEquals("137covid_patient1_SR_2_IM00010.tif", n.fileName());
        assertEquals(Optional.of(ClassLabel.COVID), n.groupClass());
        assertEquals("cdnormal4", FlatName.parse("cdnormal4_patient300_SR_4_IM00123.tif").group());
        assertEquals("SR_3", FlatName.parse("normalcd1_patient77_SR_3_IM00001.TIFF").series());
    }

    @Test
    void rejectsNamesOfOtherShapes() {
        for (String bad : new String[]{"patient1_SR_2_IM00010.tif", "137covid_patient1_SR2_IM00010.tif",
                "137covid_patient1_SR_2_IM00010.png", "a/137covid_patient1_SR_2_IM00010.tif", ""}) {
            assertTrue(FlatName.tryParse(bad).isEmpty(), bad);
        }
        CovidctException e = assertThrows(CovidctException.class, () -> FlatName.parse("x.tif"));
        assertTrue(e.getMessage().contains("'x.tif'"), e.getMessage());
    }

    @Test
    void groupClassComesFromCovidOrNormalInTheName() {
        assertEquals(Optional.of(ClassLabel.NORMAL), FlatName.classOfGroup("cdunnormal"));
        assertEquals(Optional.of(ClassLabel.NORMAL), FlatName.classOfGroup("Normal5"));
        assertEquals(Optional.of(ClassLabel.COVID), FlatName.classOfGroup("157COVID"));
        assertEquals(Optional.empty(), FlatName.classOfGroup("flat"));
        assertEquals(Optional.empty(), FlatName.classOfGroup("covid_vs_normal"));
    }

    @Test
    void patientIdsSortNaturally() {
        assertTrue(PatientIds.ORDER.compare("patient2", "patient10") < 0);
        assertTrue(PatientIds.ORDER.compare("patient10", "patient9") > 0);
        assertEquals(0, PatientIds.ORDER.compare("patient7", "patient7"));
        assertTrue(PatientIds.ORDER.compare("patient99999999999999999999", "patient100000000000000000000") < 0);
        assertTrue(PatientIds.ORDER.compare("case3", "patient1") < 0);
        assertTrue(PatientIds.ORDER.compare("patient007", "patient7") < 0); // equal value, then text order
    }
}
