package org.covidct.core.dataset;

import org.covidct.core.CovidctException;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The name of a slice in the flat Training&amp;Validation folder of COVID-CTset:
 * {@code <group>_<patientN>_<SR_k>_<IMnnnnn>.tif}, for example {@code 137covid_patient1_SR_2_IM00010.tif}.
 * It encodes where the slice sits in the full layout ({@code <group>/<patientN>/<SR_k>/<IMnnnnn>.tif}).
 *
 * @param group     the group folder, e.g. {@code 137covid}, {@code normalcd1}, {@code cdnormal4}
 * @param patientId the patient folder, which is the patient ID of Patient_details.csv, e.g. {@code patient1}
 * @param series    the series folder, e.g. {@code SR_2}
 * @param image     the slice file name without extension, e.g. {@code IM00010}
 */
public record FlatName(String group, String patientId, String series, String image) {

    // group and patient never contain '_' in the dataset; the series folder itself does (SR_2)
    private static final Pattern FLAT = Pattern.compile("([^_/\\\\]+)_([^_/\\\\]+)_(SR_[0-9]+)_([^_/\\\\]+)\\.tiff?",
            Pattern.CASE_INSENSITIVE);

    public FlatName {
        requirePart(group, "group");
        requirePart(patientId, "patient");
        requirePart(series, "series");
        requirePart(image, "image");
    }

    private static void requirePart(String value, String what) {
        if (value == null || value.isEmpty() || value.contains("_") && !what.equals("series")) {
            throw new IllegalArgumentException(what + " part '" + value + "' is empty or contains '_'");
        }
    }

    /**
     * Parses a flat slice name; a name of any other shape is a user error saying what was expected.
     * Leading folders are not accepted: pass the file name only.
     */
    public static FlatName parse(String fileName) {
        return tryParse(fileName).orElseThrow(() -> new CovidctException("'" + fileName
                + "' is not a flat slice name <group>_<patientN>_<SR_k>_<IMnnnnn>.tif"));
    }

    /** As {@link #parse} but empty for a name of another shape. */
    public static Optional<FlatName> tryParse(String fileName) {
        if (fileName == null) {
            return Optional.empty();
        }
        Matcher m = FLAT.matcher(fileName.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new FlatName(m.group(1), m.group(2), m.group(3), m.group(4)));
    }

    /**
     * The class a group folder stands for: its name contains {@code covid} or {@code normal} (any case).
     * Empty when it contains neither or both, so callers decide whether that is an error or a folder to skip.
     */
    public static Optional<ClassLabel> classOfGroup(String group) {
        String g = group.toLowerCase(Locale.ROOT);
        boolean covid = g.contains("covid");
        boolean normal = g.contains("normal");
        if (covid == normal) {
            return Optional.empty();
        }
        return Optional.of(covid ? ClassLabel.COVID : ClassLabel.NORMAL);
    }

    /** The class of this slice's group folder, see {@link #classOfGroup}. */
    public Optional<ClassLabel> groupClass() {
        return classOfGroup(group);
    }

    /** The flat file name, with a {@code .tif} extension. */
    public String fileName() {
        return group + "_" + patientId + "_" + series + "_" + image + ".tif";
    }

    /** Where this slice sits in the full layout, relative to its root ({@code /}-separated). */
    public String fullLayoutPath() {
        return group + "/" + patientId + "/" + series + "/" + image + ".tif";
    }
}
