package org.covidct.core.dataset;

import java.util.List;

/**
 * One fold of a split: the slices to train on, to pick the checkpoint with (validation), and to test on.
 *
 * @param fold       fold number, 1-based as in the published file names
 * @param train      rows of train{fold}.csv
 * @param validation rows of validation{fold}.csv
 * @param test       rows of test{fold}.csv
 */
public record FoldSet(int fold, List<LabelledSlice> train, List<LabelledSlice> validation, List<LabelledSlice> test) {

    public FoldSet {
        if (fold < 1) {
            throw new IllegalArgumentException("fold numbers start at 1: " + fold);
        }
        train = List.copyOf(train);
        validation = List.copyOf(validation);
        test = List.copyOf(test);
    }

    /** Train and validation together: everything the model may learn from or be selected on. */
    public List<LabelledSlice> fitting() {
        return java.util.stream.Stream.concat(train.stream(), validation.stream()).toList();
    }
}
