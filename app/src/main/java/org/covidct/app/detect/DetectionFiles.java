package org.covidct.app.detect;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.covidct.core.CovidctException;
import org.covidct.core.decision.PatientDecision;
import org.covidct.core.io.AtomicFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Writes {@code detection.csv} and {@code decision.json}, each atomically. */
public final class DetectionFiles {

    public static final String CSV = "detection.csv";
    public static final String JSON = "decision.json";
    public static final String CSV_HEADER = "series,file,kept,dark_count,p_covid,predicted";

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
                            + "," + (s.kept() ? s.predicted().csvName() : "") + "\n");
                }
            });
        } catch (IOException e) {
            throw new CovidctException(file, "cannot write (" + e.getMessage() + ")", e);
        }
    }

    /** The decision as a JSON object (also embedded in reports). */
    public static Map<String, Object> decisionJson(SeriesDetection d) {
        PatientDecision dec = d.decision();
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("decision", dec.isDecided() ? dec.verdict().word() : null);
        if (!dec.isDecided()) {
            root.put("no_decision_reason", dec.reason());
        }
        root.put("fraction", dec.covidShare().orElse(null));
        root.put("threshold", dec.fraction());
        root.put("rule", d.rule().describe());
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
        root.put("series", d.series());
        root.put("source", d.source().toString());
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("run_dir", d.model().runDir());
        model.put("architecture", d.model().architecture());
        model.put("input_size", d.model().inputSize());
        model.put("width_multiplier", d.model().widthMultiplier());
        model.put("weights_sha256", d.model().weightsSha256());
        root.put("model", model);
        root.put("warnings", d.warnings());
        return root;
    }

    public static void writeJson(Path file, SeriesDetection d) {
        try {
            ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            AtomicFiles.writeBytes(file, mapper.writeValueAsBytes(decisionJson(d)));
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
