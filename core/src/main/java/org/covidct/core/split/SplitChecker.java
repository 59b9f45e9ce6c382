package org.covidct.core.split;

import org.covidct.core.dataset.ClassLabel;
import org.covidct.core.dataset.FlatName;
import org.covidct.core.dataset.FoldSet;
import org.covidct.core.dataset.LabelledSlice;
import org.covidct.core.dataset.PatientIds;
import org.covidct.core.dataset.SplitDirectory;
import org.covidct.core.dataset.SplitDirectory.Part;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Verifies a folder of fold CSVs (ours or the published ones) against the patient-wise protocol.
 * Problems (the split is unsound): a fold missing a CSV or fold numbers with gaps; a name that is not a flat
 * slice name, or whose group contradicts its class; a patient with both classes; a file listed twice in one
 * CSV or in two parts of one fold; a patient both fitted (train or validation) and tested in one fold; a patient
 * in both train and validation of one fold (validation would not measure generalisation); a COVID patient
 * tested in no fold or in more than one.
 * Warnings (sound but unusual): a patient of the set neither fitted nor tested in a fold; normal fitting images
 * more than 10% away from COVID fitting images.
 */
public final class SplitChecker {

    /** Outcome of a check: problems make the split unusable, warnings do not. */
    public record Report(List<String> problems, List<String> warnings, FoldTable table) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private static final double BALANCE_TOLERANCE = 0.10;

    private SplitChecker() {
    }

    public static Report check(SplitDirectory dir) {
        List<String> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<Integer> numbers = dir.folds();
        for (int k = 1; k <= numbers.get(numbers.size() - 1); k++) {
            if (!numbers.contains(k)) {
                problems.add("fold " + k + " is missing (folds present: " + numbers + ")");
            }
        }
        List<FoldSet> folds = new ArrayList<>();
        for (int k : numbers) {
            boolean complete = true;
            for (Part part : Part.values()) {
                if (!Files.isRegularFile(dir.file(k, part))) {
                    problems.add("fold " + k + ": " + part.fileName(k) + " is missing");
                    complete = false;
                }
            }
            if (complete) {
                folds.add(dir.fold(k));
            }
        }
        // hash maps while counting (tens of thousands of rows), natural ID order only when reporting
        Map<String, ClassLabel> patientClass = new HashMap<>();
        Map<String, Set<Integer>> covidTestedIn = new HashMap<>();
        for (FoldSet f : folds) {
            checkFold(f, patientClass, covidTestedIn, problems, warnings);
        }
        // every patient of the set: is it used in each fold?
        for (FoldSet f : folds) {
            Set<String> used = new HashSet<>();
            f.fitting().forEach(s -> patient(s).ifPresent(used::add));
            f.test().forEach(s -> patient(s).ifPresent(used::add));
            List<String> unused = patientClass.keySet().stream().filter(p -> !used.contains(p))
                    .sorted(PatientIds.ORDER).toList();
            if (!unused.isEmpty()) {
                warnings.add("fold " + f.fold() + ": " + unused.size() + " patients neither fitted nor tested (e.g. "
                        + unused.get(0) + ")");
            }
        }
        if (folds.size() == numbers.size()) {
            sortedKeys(patientClass).forEach(p -> {
                if (patientClass.get(p) == ClassLabel.COVID) {
                    Set<Integer> tested = covidTestedIn.getOrDefault(p, Set.of());
                    if (tested.isEmpty()) {
                        problems.add("COVID patient " + p + " is tested in no fold");
                    } else if (tested.size() > 1) {
                        problems.add("COVID patient " + p + " is tested in " + tested.size() + " folds " + tested);
                    }
                }
            });
        }
        return new Report(List.copyOf(problems), List.copyOf(warnings), FoldTable.of(folds));
    }

    private static void checkFold(FoldSet f, Map<String, ClassLabel> patientClass, Map<String, Set<Integer>> covidTestedIn,
                                  List<String> problems, List<String> warnings) {
        int k = f.fold();
        Map<Part, List<LabelledSlice>> parts = new EnumMap<>(Part.class);
        parts.put(Part.TRAIN, f.train());
        parts.put(Part.VALIDATION, f.validation());
        parts.put(Part.TEST, f.test());
        Map<String, Part> fileIn = new HashMap<>();
        Map<String, Set<Part>> patientParts = new HashMap<>();
        for (Map.Entry<Part, List<LabelledSlice>> e : parts.entrySet()) {
            Part part = e.getKey();
            String csv = part.fileName(k);
            int line = 1;
            for (LabelledSlice s : e.getValue()) {
                line++;
                Part earlier = fileIn.putIfAbsent(s.filename(), part);
                if (earlier == part) {
                    problems.add(csv + " line " + line + ": " + s.filename() + " is listed twice");
                } else if (earlier != null) {
                    problems.add("fold " + k + ": " + s.filename() + " is in both " + earlier.fileName(k) + " and " + csv);
                }
                Optional<FlatName> name = FlatName.tryParse(s.filename());
                if (name.isEmpty()) {
                    problems.add(csv + " line " + line + ": '" + s.filename() + "' is not a flat slice name,"
                            + " its patient is unknown");
                    continue;
                }
                Optional<ClassLabel> groupClass = name.get().groupClass();
                if (groupClass.isPresent() && groupClass.get() != s.label()) {
                    problems.add(csv + " line " + line + ": " + s.filename() + " is labelled " + s.label()
                            + " but its group is " + groupClass.get());
                }
                String patient = name.get().patientId();
                ClassLabel known = patientClass.putIfAbsent(patient, s.label());
                if (known != null && known != s.label()) {
                    problems.add(csv + " line " + line + ": patient " + patient + " is labelled " + s.label()
                            + " here and " + known + " elsewhere");
                    patientClass.put(patient, s.label());
                }
                patientParts.computeIfAbsent(patient, p -> java.util.EnumSet.noneOf(Part.class)).add(part);
                if (part == Part.TEST && s.label() == ClassLabel.COVID) {
                    covidTestedIn.computeIfAbsent(patient, p -> new TreeSet<>()).add(k);
                }
            }
        }
        sortedKeys(patientParts).forEach(patient -> {
            Set<Part> in = patientParts.get(patient);
            boolean tested = in.contains(Part.TEST);
            if (tested && in.contains(Part.TRAIN)) {
                problems.add("fold " + k + ": patient " + patient + " is in both " + Part.TRAIN.fileName(k) + " and "
                        + Part.TEST.fileName(k));
            }
            if (tested && in.contains(Part.VALIDATION)) {
                problems.add("fold " + k + ": patient " + patient + " is in both " + Part.VALIDATION.fileName(k)
                        + " and " + Part.TEST.fileName(k) + " (checkpoint chosen on test data)");
            }
            if (in.contains(Part.TRAIN) && in.contains(Part.VALIDATION)) {
                problems.add("fold " + k + ": patient " + patient + " is in both " + Part.TRAIN.fileName(k) + " and "
                        + Part.VALIDATION.fileName(k));
            }
        });
        long covidFit = f.fitting().stream().filter(s -> s.label() == ClassLabel.COVID).count();
        long normalFit = f.fitting().stream().filter(s -> s.label() == ClassLabel.NORMAL).count();
        if (covidFit > 0 && Math.abs(normalFit - covidFit) > BALANCE_TOLERANCE * covidFit) {
            warnings.add(String.format(java.util.Locale.ROOT,
                    "fold %d: %d normal fitting images vs %d COVID (more than %.0f%% apart)",
                    k, normalFit, covidFit, BALANCE_TOLERANCE * 100));
        }
    }

    private static List<String> sortedKeys(Map<String, ?> map) {
        return map.keySet().stream().sorted(PatientIds.ORDER).toList();
    }

    private static Optional<String> patient(LabelledSlice s) {
        return FlatName.tryParse(s.filename()).map(FlatName::patientId);
    }
}
