package org.covidct.nn.eval;

import org.covidct.core.dataset.ClassLabel;
import org.covidct.core.dataset.LabelledSlice;
import org.covidct.core.metrics.ImageMetrics;
import org.covidct.core.metrics.Roc;

import java.util.List;

/**
 * The image-level result of one model on one fold's test slices.
 *
 * @param metrics   the paper's columns (fold{K}.csv)
 * @param roc       ROC curve of the covid probability, with AUC
 * @param slices    the test slices in CSV order
 * @param pCovid    softmax probability of covid per slice
 * @param predicted the network's call per slice (argmax: covid when p_covid &gt;= 0.5, Keras' tie rule)
 */
public record FoldEvaluation(ImageMetrics metrics, Roc roc, List<LabelledSlice> slices, double[] pCovid,
                             List<ClassLabel> predicted) {
}
