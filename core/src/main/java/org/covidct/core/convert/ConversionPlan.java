package org.covidct.core.convert;

import org.covidct.core.dicom.DicomHeader;
import org.covidct.core.dicom.SeriesMetadata;
import org.covidct.core.dicom.Tag;
import org.covidct.core.dicom.TransferSyntax;
import org.covidct.core.load.DicomSeries;
import org.covidct.core.series.Series;
import org.covidct.core.series.SliceSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * What a conversion writes, decided from the headers alone (no file is read or written here): which
 * series are converted and which are left out with why, each patient's alias, each series' output folder
 * {@code <alias>/SR_<SeriesNumber>} and slice names, and the rows of metadata.csv and of the ID map.
 */
public final class ConversionPlan {

    /** One series to write: its output folder {@code alias/folder} and its slices in sweep order. */
    public record SeriesPlan(String alias, String folder, Series series, DicomHeader first) {
        public String path() {
            return alias + "/" + folder;
        }

        /** The output name of the slice at {@code index} (0-based) of the sweep. */
        public static String sliceName(int index) {
            return String.format("IM%05d.tif", index + 1);
        }
    }

    private static final String NO_AXIAL_ALIAS = "a patient without axial CT series";

    private final Map<String, String> aliases;
    private final List<SeriesPlan> series;
    private final List<DicomConverter.Skipped> skipped;

    private ConversionPlan(Map<String, String> aliases, List<SeriesPlan> series, List<DicomConverter.Skipped> skipped) {
        this.aliases = aliases;
        this.series = series;
        this.skipped = skipped;
    }

    /**
     * Groups the image headers of a scan into patients and series, keeps the axial CT image series, gives
     * patients their aliases (see {@link PatientAliases}) and series their folders.
     *
     * @param source    the folder scanned, recorded as the series' folder
     * @param images    headers of files that hold pixel data
     * @param aliasSalt the user's alias salt, or null for the default of {@link PatientAliases}
     */
    public static ConversionPlan of(Path source, List<DicomSeries.Slice> images, String aliasSalt) {
        Map<String, Map<String, List<DicomSeries.Slice>>> byPatient = new TreeMap<>();
        for (DicomSeries.Slice s : images) {
            byPatient.computeIfAbsent(patientKey(s.header()), k -> new TreeMap<>())
                    .computeIfAbsent(seriesKey(s.header()), k -> new ArrayList<>()).add(s);
        }
        Map<String, List<Series>> eligible = new TreeMap<>();
        record Left(String patientKey, Series series, String reason) {
        }
        List<Left> left = new ArrayList<>();
        for (var p : byPatient.entrySet()) {
            for (List<DicomSeries.Slice> group : p.getValue().values()) {
                Series s = DicomSeries.toSeries(source, group);
                String reason = ineligibility(group);
                if (reason == null) {
                    eligible.computeIfAbsent(p.getKey(), k -> new ArrayList<>()).add(s);
                } else {
                    left.add(new Left(p.getKey(), s, reason));
                }
            }
        }
        Map<String, String> aliases = PatientAliases.assign(eligible.keySet(), aliasSalt);
        String salt = aliasSalt != null ? aliasSalt : PatientAliases.defaultSalt(new TreeSet<>(aliases.keySet()));
        List<SeriesPlan> plans = new ArrayList<>();
        for (var a : aliases.entrySet()) {
            plans.addAll(planPatient(a.getValue(), eligible.get(a.getKey()), salt));
        }
        plans.sort(Comparator.comparing((SeriesPlan p) -> Integer.parseInt(p.alias().substring("patient".length())))
                .thenComparing(SeriesPlan::folder));
        List<DicomConverter.Skipped> skipped = new ArrayList<>();
        for (Left l : left) {
            DicomHeader h = DicomSeries.headerOf(l.series().slices().get(0));
            skipped.add(new DicomConverter.Skipped(aliases.getOrDefault(l.patientKey(), NO_AXIAL_ALIAS),
                    h.seriesNumber(), h.modality() == null ? "?" : TransferSyntax.printable(h.modality()),
                    l.series().size(), l.reason()));
        }
        skipped.sort(Comparator.comparing(DicomConverter.Skipped::patient).thenComparing(
                DicomConverter.Skipped::seriesNumber, Comparator.nullsLast(Comparator.naturalOrder())));
        return new ConversionPlan(aliases, List.copyOf(plans), List.copyOf(skipped));
    }

    /** Patient key (see {@link #patientKey}) to alias, in alias order. */
    public Map<String, String> aliases() {
        return aliases;
    }

    /** The series to write, by alias number, then folder. */
    public List<SeriesPlan> series() {
        return series;
    }

    /** The series left out, by alias, then SeriesNumber. */
    public List<DicomConverter.Skipped> skipped() {
        return skipped;
    }

    /** The rows of metadata.csv (header first): one per series that was written, in plan order. */
    public List<List<String>> metadataRows(List<DicomConverter.Converted> converted, boolean patientCharacteristics) {
        Map<String, DicomConverter.Converted> done = new LinkedHashMap<>();
        converted.forEach(c -> done.put(c.path(), c));
        List<List<String>> rows = new ArrayList<>();
        rows.add(SeriesMetadata.header(patientCharacteristics));
        for (SeriesPlan p : series) {
            DicomConverter.Converted c = done.get(p.path());
            if (c == null) {
                continue;
            }
            List<String> row = new ArrayList<>(List.of(p.alias(), p.folder(), Integer.toString(c.slices()),
                    spacing(p.series()), Long.toString(c.clipped()), Long.toString(c.padding()),
                    TransferSyntax.printable(p.first().transferSyntaxUid())));
            row.addAll(SeriesMetadata.values(p.first(), patientCharacteristics));
            rows.add(row);
        }
        return rows;
    }

    /** The rows of the ID map (header first): alias, original PatientID (empty when there was none), key. */
    public List<List<String>> idMapRows() {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("alias", "patient_id", "key"));
        for (var e : aliases.entrySet()) {
            String key = e.getKey();
            String id = key.startsWith("id:") ? key.substring(3) : "";
            rows.add(List.of(e.getValue(), id, key));
        }
        return rows;
    }

    /** PatientID, else StudyInstanceUID: what makes files one patient. */
    static String patientKey(DicomHeader h) {
        String id = h.patientId();
        if (id != null) {
            return "id:" + id;
        }
        String study = h.studyInstanceUid();
        return study != null ? "study:" + study : "unknown";
    }

    static String seriesKey(DicomHeader h) {
        String uid = h.seriesInstanceUid();
        return uid != null ? uid : "study:" + h.studyInstanceUid() + ":number:" + h.seriesNumber();
    }

    /** Why a series is not converted, or null when it is an axial CT image series. */
    static String ineligibility(List<DicomSeries.Slice> group) {
        DicomHeader first = group.get(0).header();
        if (!"CT".equals(first.modality())) {
            return "not CT";
        }
        for (DicomSeries.Slice s : group) {
            String sopClass = s.header().sopClassUid();
            if (sopClass != null && !s.header().isCtImageStorage()) {
                return "not a CT image object (SOP class " + TransferSyntax.printable(sopClass) + ")";
            }
            if ("YES".equalsIgnoreCase(s.header().attributes().string(Tag.BURNED_IN_ANNOTATION))) {
                return "burned-in annotation (text in the pixels may identify the patient)";
            }
            List<String> type = s.header().imageType();
            if (type.contains("LOCALIZER") || type.contains("SCOUT") || type.contains("TOPOGRAM")) {
                return "localizer/scout";
            }
            if (!s.header().isAxial()) {
                return "not axial";
            }
            if (s.header().rows() != first.rows() || s.header().columns() != first.columns()) {
                return "slices of different sizes";
            }
        }
        return null;
    }

    private static List<SeriesPlan> planPatient(String alias, List<Series> series, String salt) {
        // same SeriesNumber twice (two studies): the first by salted UID hash keeps SR_n, the others SR_n_2...
        Map<String, List<Series>> byFolder = new TreeMap<>();
        for (Series s : series) {
            byFolder.computeIfAbsent(s.label(), k -> new ArrayList<>()).add(s);
        }
        List<SeriesPlan> out = new ArrayList<>();
        for (var e : byFolder.entrySet()) {
            List<Series> same = new ArrayList<>(e.getValue());
            same.sort(Comparator.comparing(s -> PatientAliases.sha256(salt + "\n"
                    + DicomSeries.headerOf(s.slices().get(0)).seriesInstanceUid())));
            for (int i = 0; i < same.size(); i++) {
                Series s = same.get(i);
                out.add(new SeriesPlan(alias, i == 0 ? e.getKey() : e.getKey() + "_" + (i + 1), s,
                        DicomSeries.headerOf(s.slices().get(0))));
            }
        }
        return out;
    }

    /** Median distance between neighbouring slice positions (mm), empty when positions are missing. */
    static String spacing(Series s) {
        List<Double> pos = new ArrayList<>();
        for (SliceSource src : s.slices()) {
            Double p = DicomSeries.headerOf(src).positionAlongNormal();
            if (p == null) {
                return "";
            }
            pos.add(p);
        }
        if (pos.size() < 2) {
            return "";
        }
        double[] d = IntStream.range(1, pos.size()).mapToDouble(i -> Math.abs(pos.get(i) - pos.get(i - 1))).sorted()
                .toArray();
        return String.format(Locale.ROOT, "%.3f", d[d.length / 2]);
    }
}
