package org.covidct.app.screen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.covidct.core.CovidctException;
import org.covidct.core.io.AtomicFiles;
import org.covidct.nn.run.RunDir;
import org.covidct.nn.run.RunManifest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code OUT/screen.json}: what the rows of an output folder were made from (ROOT, the model's weights, the detection
 * settings). Written by the first run; a rerun into the same OUT must match it, so that the ledger never mixes rows
 * of two models or settings.
 *
 * @param root         ROOT, absolute and normalised
 * @param weightsSha256 the model's weights
 * @param architecture the model's architecture, input size and width, for people
 * @param pipelineArgs the detection settings as detect's options
 */
public record ScreenManifest(String root, String weightsSha256, String architecture, List<String> pipelineArgs) {

    public static final String FILE = "screen.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public ScreenManifest {
        pipelineArgs = List.copyOf(pipelineArgs);
    }

    /** The manifest of a job (reads the model's run.json, not its weights). */
    public static ScreenManifest of(ScreenJob job) {
        RunManifest m = RunDir.readManifest(job.modelPath());
        return new ScreenManifest(job.root(), m.weightsSha256(),
                m.architecture() + " " + m.inputSize() + " px, width " + m.widthMultiplier(), job.pipelineArgs());
    }

    /**
     * Writes this manifest into OUT, or checks that the one there matches.
     *
     * @throws CovidctException naming what differs (a one-line error: choose another --out)
     */
    public void writeOrCheck(Path out) {
        Path file = out.resolve(FILE);
        if (Files.isRegularFile(file)) {
            ScreenManifest before = read(file);
            List<String> differences = new ArrayList<>();
            if (!before.root().equals(root)) {
                differences.add("ROOT (" + before.root() + ")");
            }
            if (!before.weightsSha256().equalsIgnoreCase(weightsSha256)) {
                differences.add("model weights (" + before.weightsSha256().substring(0,
                        Math.min(12, before.weightsSha256().length())) + "..., " + before.architecture() + ")");
            }
            if (!before.pipelineArgs().equals(pipelineArgs)) {
                differences.add("settings (" + String.join(" ", before.pipelineArgs()) + ")");
            }
            if (!differences.isEmpty()) {
                throw new CovidctException(out, "holds a screen made with different " + String.join(" and ", differences)
                        + ": its rows cannot be mixed with these; choose another --out");
            }
            return;
        }
        ObjectNode n = JSON.createObjectNode();
        n.put("root", root);
        n.put("weights_sha256", weightsSha256);
        n.put("architecture", architecture);
        ArrayNode a = n.putArray("settings");
        pipelineArgs.forEach(a::add);
        try {
            Files.createDirectories(out);
            AtomicFiles.writeBytes(file, JSON.writeValueAsBytes(n));
        } catch (IOException e) {
            throw new CovidctException(file, "cannot write (" + e.getMessage() + ")", e);
        }
    }

    static ScreenManifest read(Path file) {
        try {
            JsonNode n = JSON.readTree(file.toFile());
            List<String> args = new ArrayList<>();
            n.path("settings").forEach(v -> args.add(v.asText()));
            if (!n.path("root").isTextual() || !n.path("weights_sha256").isTextual()) {
                throw new CovidctException(file, "not a screen manifest (root and weights_sha256 missing)");
            }
            return new ScreenManifest(n.get("root").asText(), n.get("weights_sha256").asText(),
                    n.path("architecture").asText(), args);
        } catch (IOException e) {
            throw new CovidctException(file, "unreadable screen manifest (" + e.getMessage() + ")", e);
        }
    }
}
