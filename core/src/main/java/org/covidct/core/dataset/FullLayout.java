package org.covidct.core.dataset;

import org.covidct.core.CovidctException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The full COVID-CTset layout: {@code <group>/<patientN>/<SR_k>/IM*.tif}, where the group folder's name
 * contains {@code covid} or {@code normal} and gives the class. Top-level folders whose name contains
 * neither are skipped (so a flat folder or outputs may sit beside the groups); inside a group, folders
 * that are not {@code SR_k} are skipped too.
 *
 * <p>A patient is its patient ID, whatever group it sits under.
 */
public final class FullLayout {

    private static final Pattern SERIES = Pattern.compile("SR_[0-9]+");
    private static final Comparator<SeriesFolder> SERIES_ORDER = Comparator.comparing(SeriesFolder::series)
            .thenComparing(SeriesFolder::group);

    private final Path root;
    private final List<PatientFolders> patients;

    private FullLayout(Path root, List<PatientFolders> patients) {
        this.root = root;
        this.patients = List.copyOf(patients);
    }

    /**
     * Walks a full-layout root. A missing root, no group folder, or a patient ID found under both a covid and
     * a normal group are errors.
     */
    public static FullLayout scan(Path root) {
        if (!Files.isDirectory(root)) {
            throw new CovidctException(root, Files.exists(root) ? "not a folder" : "no such folder");
        }
        Map<String, List<SeriesFolder>> byPatient = new TreeMap<>(PatientIds.ORDER);
        int groups = 0;
        for (Path groupDir : subfolders(root)) {
            String group = groupDir.getFileName().toString();
            Optional<ClassLabel> label = FlatName.classOfGroup(group);
            if (label.isEmpty()) {
                continue;
            }
            groups++;
            for (Path patientDir : subfolders(groupDir)) {
                String patientId = patientDir.getFileName().toString();
                for (Path seriesDir : subfolders(patientDir)) {
                    String series = seriesDir.getFileName().toString();
                    if (SERIES.matcher(series).matches()) {
                        byPatient.computeIfAbsent(patientId, k -> new ArrayList<>())
                                .add(new SeriesFolder(seriesDir, group, patientId, series, label.get()));
                    }
                }
            }
        }
        if (groups == 0) {
            throw new CovidctException(root, "no group folders (expected <group>/<patientN>/<SR_k>/IM*.tif with a group"
                    + " name containing covid or normal)");
        }
        if (byPatient.isEmpty()) {
            throw new CovidctException(root, "no series folders (expected <group>/<patientN>/<SR_k>/IM*.tif)");
        }
        List<PatientFolders> patients = new ArrayList<>();
        for (Map.Entry<String, List<SeriesFolder>> e : byPatient.entrySet()) {
            List<SeriesFolder> series = new ArrayList<>(e.getValue());
            series.sort(SERIES_ORDER);
            List<ClassLabel> labels = series.stream().map(SeriesFolder::label).distinct().toList();
            if (labels.size() > 1) {
                throw new CovidctException(root, "patient " + e.getKey() + " is under both covid and normal groups ("
                        + String.join(", ", series.stream().map(SeriesFolder::group).distinct().toList()) + ")");
            }
            patients.add(new PatientFolders(e.getKey(), labels.get(0), series));
        }
        return new FullLayout(root, patients);
    }

    public Path root() {
        return root;
    }

    /** The patients, in natural patient ID order. */
    public List<PatientFolders> patients() {
        return patients;
    }

    public Optional<PatientFolders> patient(String patientId) {
        return patients.stream().filter(p -> p.patientId().equals(patientId)).findFirst();
    }

    /** Every series folder, patient by patient. */
    public List<SeriesFolder> seriesFolders() {
        return patients.stream().flatMap(p -> p.series().stream()).toList();
    }

    private static List<Path> subfolders(Path dir) {
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted().toList();
        } catch (IOException e) {
            throw new CovidctException(dir, "cannot list folder (" + e.getMessage() + ")", e);
        }
    }
}
