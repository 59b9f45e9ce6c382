package org.covidct.core.split;

import org.covidct.core.CovidctException;
import org.covidct.core.dataset.ClassLabel;
import org.covidct.core.dataset.FlatName;
import org.covidct.core.dataset.LabelledSlice;
import org.covidct.core.dataset.PatientIds;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.HashMap;

/**
 * The slices of an index (all.csv) grouped by person. The patient ID in the flat name is the key, not the
 * group: 78 normal IDs of the real all.csv appear under two group folders, and the same person must never be
 * split between training and testing.
 */
final class SlicePatients {

    /** One person's slices and class. */
    record Patient(String id, ClassLabel label, List<LabelledSlice> slices) {
        int images() {
            return slices.size();
        }
    }

    private final Map<String, Patient> byId;

    private SlicePatients(Map<String, Patient> byId) {
        this.byId = byId;
    }

    /**
     * Groups the rows of {@code index} (read from {@code file}, for messages) by patient ID. A name that is not
     * a flat slice name, a class that contradicts the group folder, a patient with both classes, and a file
     * listed twice are errors naming the line (counted as header + row number).
     */
    static SlicePatients of(List<LabelledSlice> index, Path file) {
        Map<String, List<LabelledSlice>> slices = new HashMap<>();
        Map<String, ClassLabel> labels = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < index.size(); i++) {
            LabelledSlice s = index.get(i);
            String where = "line " + (i + 2) + ": ";
            FlatName name = FlatName.tryParse(s.filename()).orElseThrow(() -> new CovidctException(file, where + "'"
                    + s.filename() + "' is not a flat slice name <group>_<patientN>_<SR_k>_<IMnnnnn>.tif"));
            if (!seen.add(s.filename())) {
                throw new CovidctException(file, where + s.filename() + " is listed twice");
            }
            ClassLabel groupClass = name.groupClass().orElseThrow(() -> new CovidctException(file, where + "group '"
                    + name.group() + "' of " + s.filename() + " names neither covid nor normal"));
            if (groupClass != s.label()) {
                throw new CovidctException(file, where + s.filename() + " is labelled " + s.label()
                        + " but its group " + name.group() + " is " + groupClass);
            }
            ClassLabel earlier = labels.putIfAbsent(name.patientId(), s.label());
            if (earlier != null && earlier != s.label()) {
                throw new CovidctException(file, where + "patient " + name.patientId() + " has both covid and normal slices");
            }
            slices.computeIfAbsent(name.patientId(), k -> new ArrayList<>()).add(s);
        }
        Map<String, Patient> byId = new LinkedHashMap<>();
        slices.keySet().stream().sorted(PatientIds.ORDER)
                .forEach(id -> byId.put(id, new Patient(id, labels.get(id), List.copyOf(slices.get(id)))));
        return new SlicePatients(byId);
    }

    /** Patients of one class in natural ID order. */
    List<Patient> of(ClassLabel label) {
        return byId.values().stream().filter(p -> p.label() == label).toList();
    }

    List<Patient> all() {
        return List.copyOf(byId.values());
    }
}
