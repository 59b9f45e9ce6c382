package org.covidct.core.selection;

import org.covidct.core.series.Series;

/** Stage one of the pipeline: decides which slices of a series show enough open lung to classify. */
public interface SliceSelector {

    /** Judges every slice of {@code series}, in series order. */
    SeriesSelection select(Series series);

    /** Short name used on the command line and in reports ("reference", "lung-aware"). */
    String name();
}
