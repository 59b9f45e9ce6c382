package org.covidct.core.dataset;

import java.util.List;

/**
 * Everything the full layout holds for one person: the series folders found under any group folder for
 * this patient ID (one person can appear under two groups: 78 normal IDs do in the real all.csv).
 *
 * @param patientId the patient ID
 * @param label     the class of the patient's group folders
 * @param series    the series folders, ordered by series name then group
 */
public record PatientFolders(String patientId, ClassLabel label, List<SeriesFolder> series) {

    public PatientFolders {
        series = List.copyOf(series);
    }

    /** The series folders with the given name (e.g. SR_2); more than one when the patient is in two groups. */
    public List<SeriesFolder> series(String name) {
        return series.stream().filter(s -> s.series().equals(name)).toList();
    }

    /** The group folders this patient appears under. */
    public List<String> groups() {
        return series.stream().map(SeriesFolder::group).distinct().sorted().toList();
    }
}
