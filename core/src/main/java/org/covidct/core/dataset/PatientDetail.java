package org.covidct.core.dataset;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * One row of Patient_details.csv.
 *
 * @param patientId   e.g. {@code patient1}
 * @param sex         as written ({@code F}, {@code M})
 * @param age         as written, DICOM age string such as {@code 053Y}
 * @param date        as written, {@code yyyyMMdd}
 * @param infection   {@code Positive} is COVID, {@code Negative} is NORMAL
 * @param thicknessMm slice thickness in mm per series name ({@code SR_2} ...); series written N/A are absent
 */
public record PatientDetail(String patientId, String sex, String age, String date, ClassLabel infection,
                            Map<String, Double> thicknessMm) {

    public PatientDetail {
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(infection, "infection");
        sex = Objects.requireNonNullElse(sex, "");
        age = Objects.requireNonNullElse(age, "");
        date = Objects.requireNonNullElse(date, "");
        thicknessMm = Collections.unmodifiableMap(new LinkedHashMap<>(thicknessMm));
    }

    public OptionalDouble thicknessMm(String series) {
        Double t = thicknessMm.get(series);
        return t == null ? OptionalDouble.empty() : OptionalDouble.of(t);
    }

    /** The age in years when written as {@code nnnY}; empty otherwise (months, weeks or blank). */
    public OptionalInt ageYears() {
        if (age.length() > 1 && (age.endsWith("Y") || age.endsWith("y"))) {
            try {
                return OptionalInt.of(Integer.parseInt(age.substring(0, age.length() - 1)));
            } catch (NumberFormatException e) {
                return OptionalInt.empty();
            }
        }
        return OptionalInt.empty();
    }
}
