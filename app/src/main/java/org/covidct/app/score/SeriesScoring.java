package org.covidct.app.score;

import org.covidct.app.detect.SeriesDetection;
import org.covidct.app.detect.SliceResult;
import org.covidct.core.CovidctException;
import org.covidct.core.labels.ExpertScoring;
import org.covidct.core.labels.PersonClass;
import org.covidct.core.labels.ScoredSlice;
import org.covidct.core.labels.SeriesScore;
import org.covidct.core.labels.SliceLabel;
import org.covidct.core.labels.SliceLabels;
import org.covidct.core.lung.LungSide;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One detection scored against its radiologists' labels. Slices are matched to labels by DICOM InstanceNumber; a
 * TIFF series has none, and its slices are numbered 1, 2, ... in sweep order (the order COVID-CT-MD's labels use:
 * 1 = most superior).
 */
public final class SeriesScoring {

    /** The scores of one series and what the report draws from them. */
    public record Scored(String name, PersonClass person, SliceLabels labels, SeriesScore score,
                         List<ScoredSlice> slices, boolean[] infected) {
    }

    private SeriesScoring() {
    }

    /** The label key of a slice: its InstanceNumber, or its 1-based position for series without one. */
    public static int instanceOf(SliceResult s, int position) {
        return s.instance() != null ? s.instance() : position + 1;
    }

    /**
     * @param camMade  per sweep position, whether a Grad-CAM map was made (null: none made)
     * @param camPeaks per sweep position, the lung holding the map's peak (null entries: outside the lungs)
     * @throws CovidctException when the labels do not describe this series (another slice count, or a kept slice
     *                          without a label)
     */
    public static Scored score(ExpertScoring scoring, String name, PersonClass person, SliceLabels labels,
                               SeriesDetection d, boolean[] camMade, LungSide[] camPeaks) {
        List<SliceResult> rows = d.slices();
        if (labels != null) {
            Set<Integer> instances = new HashSet<>();
            for (int i = 0; i < rows.size(); i++) {
                instances.add(instanceOf(rows.get(i), i));
            }
            Set<Integer> labelled = new HashSet<>();
            labels.all().forEach(l -> labelled.add(l.instance()));
            if (!labelled.equals(instances)) {
                Set<Integer> missing = new java.util.TreeSet<>(instances);
                missing.removeAll(labelled);
                Set<Integer> extra = new java.util.TreeSet<>(labelled);
                extra.removeAll(instances);
                throw new CovidctException(labels.file(), "does not label this series (" + d.series() + ": "
                        + rows.size() + " slices; labels for " + labelled.size() + "; slices without a label "
                        + abbreviate(missing) + ", labels of no slice " + abbreviate(extra) + ")");
            }
        }
        List<ScoredSlice> slices = new ArrayList<>(rows.size());
        boolean[] infected = new boolean[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            SliceResult r = rows.get(i);
            int instance = instanceOf(r, i);
            boolean made = camMade != null && camMade[i];
            slices.add(new ScoredSlice(instance, r.kept(), r.pCovid(), made, made ? camPeaks[i] : null));
            infected[i] = labels != null && labels.of(instance).map(SliceLabel::infected).orElse(false);
        }
        SeriesScore score = scoring.add(name, person, labels, slices);
        return new Scored(name, person, labels, score, slices, infected);
    }

    private static String abbreviate(Set<Integer> s) {
        if (s.isEmpty()) {
            return "none";
        }
        List<Integer> l = new ArrayList<>(s);
        return l.size() <= 6 ? l.toString() : l.subList(0, 6) + " and " + (l.size() - 6) + " more";
    }

    /** The scores as decision.json's {@code expert} object. */
    public static Map<String, Object> json(Scored s, double threshold) {
        SeriesScore sc = s.score();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("labels", s.labels() == null ? null : s.labels().file().toString());
        m.put("person", s.person().folder());
        m.put("threshold", threshold);
        m.put("slices", sc.slices());
        m.put("infected", sc.infected());
        m.put("kept", sc.kept());
        m.put("infected_kept", sc.infectedKept());
        m.put("selection_recall", nan(sc.selectionRecall()));
        m.put("slice_auc", nan(sc.auc()));
        m.put("sensitivity", nan(sc.sensitivity()));
        m.put("specificity", nan(sc.specificity()));
        m.put("called_covid", sc.calledCovid());
        m.put("covid_fraction", nan(sc.covidFraction()));
        m.put("infected_range", infectedRange(s));
        if (sc.camChecked() > 0) {
            m.put("cam_checked", sc.camChecked());
            m.put("cam_hits", sc.camHits());
            m.put("cam_outside_lungs", sc.camOutsideLungs());
            m.put("cam_hit_rate", nan(sc.camHitRate()));
        }
        return m;
    }

    /** First and last instance the radiologists marked infected, or null. */
    static List<Integer> infectedRange(Scored s) {
        Integer first = null;
        Integer last = null;
        for (int i = 0; i < s.infected().length; i++) {
            if (s.infected()[i]) {
                int inst = s.slices().get(i).instance();
                first = first == null ? inst : Math.min(first, inst);
                last = last == null ? inst : Math.max(last, inst);
            }
        }
        return first == null ? null : List.of(first, last);
    }

    /** JSON has no NaN: undefined rates are written as null. */
    static Double nan(double v) {
        return Double.isNaN(v) ? null : v;
    }
}
