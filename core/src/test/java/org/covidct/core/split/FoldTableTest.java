package org.covidct.core.split;

import org.covidct.core.dataset.ClassLabel;
import org.covidct.core.dataset.FoldSet;
import org.covidct.core.dataset.LabelledSlice;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The fold table of two hand-made folds against counts worked out by hand. */
class FoldTableTest {

    private static LabelledSlice covid(String name) {
        return new LabelledSlice(name, ClassLabel.COVID);
    }

    private static LabelledSlice normal(String name) {
        return new LabelledSlice(name, ClassLabel.NORMAL);
    }

    /*
     * fold 1: train   covid patient1 (2 slices), normal patient3 (1)
     *         valid.  covid patient2 (1), normal patient4 (3)
     *         test    covid patient5 (3), normal patient6 (2) and patient7 (1)
     * fold 2: train   covid patient5 (1), normal patient6 (2) and patient7 (1);
     *                 "odd.tif" is no flat name: it counts as a patient of its own
     *         valid.  nothing
     *         test    covid patient1 (1)
     */
    static final List<FoldSet> FOLDS = List.of(
            new FoldSet(1,
                    List.of(covid("137covid_patient1_SR_2_IM00001.tif"), covid("137covid_patient1_SR_2_IM00002.tif"),
                            normal("normal1_patient3_SR_2_IM00001.tif")),
                    List.of(covid("137covid_patient2_SR_3_IM00001.tif"), normal("normal1_patient4_SR_2_IM00001.tif"),
                            normal("normal1_patient4_SR_2_IM00002.tif"), normal("normal2_patient4_SR_4_IM00001.tif")),
                    List.of(covid("137covid_patient5_SR_2_IM00001.tif"), covid("137covid_patient5_SR_2_IM00002.tif"),
                            covid("137covid_patient5_SR_2_IM00003.tif"), normal("normal1_patient6_SR_2_IM00001.tif"),
                            normal("normal1_patient6_SR_2_IM00002.tif"), normal("normal1_patient7_SR_2_IM00001.tif"))),
            new FoldSet(2,
                    List.of(covid("137covid_patient5_SR_2_IM00001.tif"), normal("normal1_patient6_SR_2_IM00001.tif"),
                            normal("normal1_patient6_SR_2_IM00002.tif"), normal("normal1_patient7_SR_2_IM00001.tif"),
                            normal("odd.tif")),
                    List.of(),
                    List.of(covid("137covid_patient1_SR_2_IM00001.tif"))));

    @Test
    void rowsCountPatientsAndImagesOfEachClassAndPart() {
        FoldTable.Count none = new FoldTable.Count(0, 0);
        assertEquals(List.of(
                new FoldTable.Row(1, new FoldTable.Count(2, 3), new FoldTable.Count(2, 4), new FoldTable.Count(1, 3),
                        new FoldTable.Count(2, 3), new FoldTable.Count(1, 1), new FoldTable.Count(1, 3)),
                new FoldTable.Row(2, new FoldTable.Count(1, 1), new FoldTable.Count(3, 4), new FoldTable.Count(1, 1),
                        none, none, none)),
                FoldTable.of(FOLDS).rows());
    }

    @Test
    void markdownHasThePublishedColumnsThenTheValidationShare() {
        String expected = """
                | fold | train covid pat. | train covid img | train normal pat. | train normal img | test covid pat. \
                | test covid img | test normal pat. | test normal img |
                |---|---|---|---|---|---|---|---|---|
                | 1 | 2 | 3 | 2 | 4 | 1 | 3 | 2 | 3 |
                | 2 | 1 | 1 | 3 | 4 | 1 | 1 | 0 | 0 |

                (train = train + validation, the slices the model is fitted and selected on)

                | fold | train covid pat. | train covid img | train normal pat. | train normal img | validation covid pat. \
                | validation covid img | validation normal pat. | validation normal img |
                |---|---|---|---|---|---|---|---|---|
                | 1 | 1 | 2 | 1 | 1 | 1 | 1 | 1 | 3 |
                | 2 | 1 | 1 | 3 | 4 | 0 | 0 | 0 | 0 |
                """;
        assertEquals(expected, FoldTable.of(FOLDS).toMarkdown());
    }
}
