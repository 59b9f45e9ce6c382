package org.covidct.app.validate;

import org.covidct.core.CovidctException;
import org.covidct.core.dataset.ClassLabel;
import org.covidct.core.dataset.FlatName;
import org.covidct.core.dataset.FullLayout;
import org.covidct.core.dataset.LabelledSlice;
import org.covidct.core.dataset.PatientFolders;
import org.covidct.core.dataset.PatientIds;
import org.covidct.core.dataset.SeriesFolder;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A patient of a fold CSV with the series of theirs that patient-level validation analyses.
 *
 * @param patientId the patient ID (the key: one person may appear under two group folders)
 * @param label     the class the fold CSV gives
 * @param series    the series folder analysed
 */
public record PatientSeries(String patientId, ClassLabel label, SeriesFolder series) {

    /**
     * The patients named in the rows of a fold CSV, keyed by patient ID, in natural ID order, each with
     * its series {@code seriesName} in the full layout. When a person sits under several groups, the
     * series of the first group (in name order) that the CSV names is used.
     */
    public static List<PatientSeries> of(List<LabelledSlice> rows, Path csv, FullLayout layout, String seriesName) {
        Map<String, ClassLabel> labels = new TreeMap<>(PatientIds.ORDER);
        Map<String, Set<String>> groups = new TreeMap<>(PatientIds.ORDER);
        for (LabelledSlice r : rows) {
            FlatName f = r.flatName();
            ClassLabel before = labels.putIfAbsent(f.patientId(), r.label());
            if (before != null && before != r.label()) {
                throw new CovidctException(csv, "patient " + f.patientId() + " has slices of both classes");
            }
            groups.computeIfAbsent(f.patientId(), k -> new LinkedHashSet<>()).add(f.group());
        }
        List<PatientSeries> out = new ArrayList<>();
        for (Map.Entry<String, ClassLabel> e : labels.entrySet()) {
            String id = e.getKey();
            PatientFolders p = layout.patient(id).orElseThrow(() -> new CovidctException(csv,
                    "patient " + id + " is not in the full layout " + layout.root()));
            if (p.label() != e.getValue()) {
                throw new CovidctException(csv, "patient " + id + " is " + e.getValue() + " here but under a "
                        + p.label() + " group in " + layout.root());
            }
            List<SeriesFolder> candidates = new ArrayList<>(p.series(seriesName));
            if (candidates.isEmpty()) {
                throw new CovidctException(csv, "patient " + id + " has no " + seriesName + " series in " + layout.root());
            }
            Set<String> named = groups.get(id);
            SeriesFolder chosen = candidates.stream().filter(s -> named.contains(s.group())).sorted(
                    java.util.Comparator.comparing(SeriesFolder::group)).findFirst().orElse(candidates.get(0));
            out.add(new PatientSeries(id, e.getValue(), chosen));
        }
        return out;
    }

    /** {@code group/patient/series}, as written in outputs. */
    public String seriesLabel() {
        return series.group() + "/" + patientId + "/" + series.series();
    }
}
