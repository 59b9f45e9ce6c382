package org.covidct.app.detect;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.covidct.core.CovidctException;
import org.covidct.core.decision.PatientDecision;
import org.covidct.core.io.AtomicFiles;
import org.covidct.core.lung.LungCoverage;
import org.covidct.nn.run.ModelCard;
import org.covidct.nn.run.Versions;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Writes {@code detection.csv} and {@code decision.json}, each atomically. */
public final class DetectionFiles {

    public static final String CSV = "detection.csv";
    public static final String JSON = "decision.json";
    public static final String CSV_HEADER = "series,file,kept,dark_count,p_covid,predicted,instance,slice_location";

    private DetectionFiles() {
    }

    public static void writeCsv(Path file, SeriesDetection d) {
        try {
            AtomicFiles.writeText(file, w -> {
                w.write(CSV_HEADER);
                w.write('\n');
                for (SliceResult s : d.slices()) {
                    w.write(csvField(s.series()) + "," + csvField(s.file()) + "," + (s.kept() ? 1 : 0) + ","
                            + s.darkCount() + "," + (s.kept() ? String.format(Locale.ROOT, "%.6f", s.pCovid()) : "")
                            + "," + (s.kept() ? s.predicted().csvName() : "") + ","
                            + (s.instance() == null ? "" : s.instance()) + ","
                            + (s.sliceLocation() == null ? "" : plain(s.sliceLocation())) + "\n");
                }
            });
        } catch (IOException e) {
            throw new CovidctException(file, "cannot write (" + e.getMessage() + ")", e);
        }
    }

    /** A location in mm without needless digits (-123.5, 40). */
    static String plain(double v) {
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    /** The decision as a JSON object (also embedded in reports), stamped now. */
    public static Map<String, Object> decisionJson(SeriesDetection d) {
        return decisionJson(d, null, Instant.now());
    }

    /**
     * The decision as a JSON object: for machines the decision word ({@code covid}, {@code normal} or
     * {@code undecided}) with the undecided reason's code, the study and series UIDs (DICOM), the time, covidct's
     * version and the model card's hash; for people the rest.
     *
     * @param expert the scores against radiologists' labels ({@code detect --labels}), or null
     */
    public static Map<String, Object> decisionJson(SeriesDetection d, Map<String, Object> expert, Instant time) {
        PatientDecision dec = d.decision();
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("decision", dec.verdict().word());
        if (!dec.isDecided()) {
            Map<String, Object> why = new LinkedHashMap<>();
            why.put("code", dec.cause().code());
            why.put("text", dec.reason());
            root.put("undecided_reason", why);
        }
        root.put("fraction", dec.covidShare().orElse(null));
        root.put("threshold", dec.fraction());
        Map<String, Object> band = new LinkedHashMap<>();
        band.put("low", d.policy().bandLow());
        band.put("high", d.policy().bandHigh());
        root.put("undecided_band", d.policy().band().signum() == 0 ? null : band);
        root.put("min_kept", d.policy().minKept());
        root.put("rule", d.policy().describe());
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("slices", d.slices().size());
        counts.put("kept", d.keptCount());
        counts.put("covid", d.covidCount());
        counts.put("normal", d.keptCount() - d.covidCount());
        root.put("counts", counts);
        Map<String, Object> selection = new LinkedHashMap<>();
        selection.put("applied", d.selectionApplied());
        selection.put("threshold", d.selectionApplied() ? d.selectionThreshold() : null);
        root.put("selection", selection);
        root.put("lungs", lungs(d.coverage()));
        root.put("series", d.series());
        root.put("source", d.source().toString());
        root.put("study_instance_uid", d.study().studyInstanceUid());
        root.put("series_instance_uid", d.study().seriesInstanceUid());
        root.put("study", study(d.study()));
        root.put("model", model(d.model()));
        root.put("warnings", d.warnings());
        if (expert != null) {
            root.put("expert", expert);
        }
        root.put("covidct_version", Versions.current().get("covidct"));
        root.put("time", time.truncatedTo(ChronoUnit.SECONDS).toString());
        return root;
    }

    private static Map<String, Object> lungs(LungCoverage c) {
        if (c == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("spans_lungs", c.spansLungs());
        m.put("sampled_slices", c.positions().length);
        m.put("largest_area_cm2", round1(c.largestCm2()));
        m.put("first_slice_area_cm2", c.positions()[0] == 0 ? round1(c.areasCm2()[0]) : null);
        int last = c.positions().length - 1;
        m.put("last_slice_area_cm2", c.positions()[last] == c.slices() - 1 ? round1(c.areasCm2()[last]) : null);
        return m;
    }

    private static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }

    private static Map<String, Object> study(StudyDetails s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("date", s.studyDate());
        m.put("slice_thickness_mm", s.sliceThicknessMm());
        m.put("pixel_spacing_mm", s.pixelSpacingMm());
        m.put("kernel", s.kernel());
        m.put("scanner", s.scanner());
        m.put("modality", s.modality());
        m.put("axial", s.axial());
        return m;
    }

    /** The model: its run and weights, then its card (trained_on first), the card's hash and whether it is validated. */
    static Map<String, Object> model(ModelSummary s) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("run_dir", s.runDir());
        model.put("architecture", s.architecture());
        model.put("input_size", s.inputSize());
        model.put("width_multiplier", s.widthMultiplier());
        model.put("weights_sha256", s.weightsSha256());
        ModelCard card = s.card();
        model.putAll(card.toMap());
        model.put("validated", card.validated());
        model.put("synthetic_only", card.syntheticOnly());
        model.put("card_sha256", s.cardSha256());
        return model;
    }

    public static void writeJson(Path file, SeriesDetection d) {
        writeJson(file, decisionJson(d));
    }

    public static void writeJson(Path file, Map<String, Object> json) {
        try {
            ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            AtomicFiles.writeBytes(file, mapper.writeValueAsBytes(json));
        } catch (IOException e) {
            throw new CovidctException(file, "cannot write (" + e.getMessage() + ")", e);
        }
    }

    static String csvField(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }
}
