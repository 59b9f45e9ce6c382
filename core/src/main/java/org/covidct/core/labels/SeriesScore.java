package org.covidct.core.labels;

/**
 * One labelled series scored against the radiologists. Rates are NaN where their denominator is 0.
 *
 * @param series            the series' name
 * @param person            what the person has
 * @param slices            slices in the series
 * @param kept              slices the selection kept (and the detector classified)
 * @param infected          slices the radiologists marked infected, kept or not
 * @param infectedKept      of those, kept by the selection
 * @param calledCovid       kept slices called COVID (p &gt;= threshold)
 * @param auc               within this series, kept infected slices against kept clean ones (NaN without both)
 * @param sensitivity       kept infected slices called COVID / kept infected slices
 * @param specificity       kept clean slices not called COVID / kept clean slices
 * @param camChecked        kept infected slices whose marked lobes name a lung and that have a Grad-CAM map
 * @param camHits           of those, the map's peak lies in a lung the radiologists marked
 * @param camOutsideLungs   of those, the map's peak lies outside both lungs (counted as misses)
 */
public record SeriesScore(String series, PersonClass person, int slices, int kept, int infected, int infectedKept,
                          int calledCovid, double auc, double sensitivity, double specificity, int camChecked,
                          int camHits, int camOutsideLungs) {

    /** Share of the radiologists' infected slices that the selection kept. */
    public double selectionRecall() {
        return infected == 0 ? Double.NaN : (double) infectedKept / infected;
    }

    /** Share of the kept slices called COVID: what the patient rule compares with its fraction. */
    public double covidFraction() {
        return kept == 0 ? Double.NaN : (double) calledCovid / kept;
    }

    /** Share of checked maps whose peak lies in a marked lung (a peak outside the lungs is a miss). */
    public double camHitRate() {
        return camChecked == 0 ? Double.NaN : (double) camHits / camChecked;
    }
}
