package org.covidct.app.detect;

import org.covidct.core.image.CtSlice;

import java.util.List;

/** Gives each slice of a batch its COVID probability (a trained classifier, or a stand-in in tests). */
@FunctionalInterface
public interface SliceScorer {
    double[] pCovid(List<CtSlice> batch);
}
