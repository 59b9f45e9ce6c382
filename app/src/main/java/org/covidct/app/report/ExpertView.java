package org.covidct.app.report;

import org.covidct.core.labels.SeriesScore;

/**
 * What a report shows of a series' radiologists' labels: the infected slices along the sweep and the scores.
 *
 * @param infected   per sweep position, whether the radiologists marked infection on the slice
 * @param score      the series' scores against the labels
 * @param labelsFile where the labels came from
 * @param person     covid, normal or cap
 */
public record ExpertView(boolean[] infected, SeriesScore score, String labelsFile, String person) {
}
