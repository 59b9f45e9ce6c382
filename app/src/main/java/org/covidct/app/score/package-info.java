/**
 * Scoring detections against radiologists' slice labels: one series ({@code detect --labels}) or a whole folder in
 * the COVID-CT-MD layout ({@code covidct score}): slice ROC over kept slices, sensitivity and specificity, selection
 * recall per rule, Grad-CAM localisation, and their files and page.
 *
 * <p>May depend on: {@code app.detect}, {@code app.report}, {@code app.io}, {@code nn}, {@code core}.
 */
package org.covidct.app.score;
