package org.covidct.app.screen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.covidct.core.CovidctException;
import org.covidct.core.io.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The folders a screen has done, with their rows: one small JSON file per folder under {@code OUT/ledger}, named by
 * the SHA-256 of the folder's relative path (in 256 subfolders, so that an archive of 100,000 studies does not make
 * one huge folder). Each entry is written atomically (temporary sibling, then a move) once the folder's every series
 * has its row, so a killed screen leaves whole entries only, and a rerun does exactly the folders without one.
 * Safe for concurrent writers (different folders; the same folder twice writes the same entry).
 */
public final class ScreenLedger {

    public static final String FOLDER = "ledger";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;

    /** The ledger of a screen's output folder (nothing is created until the first entry). */
    public ScreenLedger(Path out) {
        this.dir = out.resolve(FOLDER);
    }

    public Path dir() {
        return dir;
    }

    private Path entry(String folder) {
        String hash = sha256(folder);
        return dir.resolve(hash.substring(0, 2)).resolve(hash + ".json");
    }

    public boolean contains(String folder) {
        return Files.isRegularFile(entry(folder));
    }

    /** Enters a folder with the rows of its series; replaces an earlier entry of the same folder. */
    public void record(String folder, List<ScreenRow> rows) {
        Path file = entry(folder);
        ObjectNode root = JSON.createObjectNode();
        root.put("folder", folder);
        ArrayNode list = root.putArray("rows");
        rows.forEach(r -> list.add(toJson(r)));
        try {
            Files.createDirectories(file.getParent());
            AtomicFiles.writeBytes(file, JSON.writeValueAsBytes(root));
        } catch (IOException e) {
            throw new CovidctException(file, "cannot write the ledger entry (" + e.getMessage() + ")", e);
        }
    }

    /** The rows entered for a folder, if it was done. */
    public Optional<List<ScreenRow>> rows(String folder) {
        Path file = entry(folder);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            JsonNode root = JSON.readTree(file.toFile());
            if (!folder.equals(root.path("folder").asText(null))) {
                throw new CovidctException(file, "ledger entry of another folder (" + root.path("folder").asText() + ")");
            }
            List<ScreenRow> rows = new ArrayList<>();
            for (JsonNode r : root.path("rows")) {
                rows.add(fromJson(r));
            }
            return Optional.of(rows);
        } catch (IOException | RuntimeException e) {
            if (e instanceof CovidctException c) {
                throw c;
            }
            throw new CovidctException(file, "unreadable ledger entry (" + e.getMessage() + "); delete it to redo "
                    + "the folder", e);
        }
    }

    /** Removes a folder's entry (so that it is done again). */
    public void forget(String folder) {
        try {
            Files.deleteIfExists(entry(folder));
        } catch (IOException e) {
            throw new CovidctException(entry(folder), "cannot remove the ledger entry (" + e.getMessage() + ")", e);
        }
    }

    static ObjectNode toJson(ScreenRow r) {
        ObjectNode n = JSON.createObjectNode();
        n.put("series_path", r.seriesPath());
        n.put("decision", r.decision());
        n.put("kept", r.kept());
        n.put("covid", r.covid());
        if (r.fraction() == null) {
            n.putNull("fraction");
        } else {
            n.put("fraction", r.fraction().doubleValue());
        }
        n.put("slices", r.slices());
        n.put("series_uid", r.seriesUid());
        n.put("study_uid", r.studyUid());
        n.put("reason", r.reason());
        ArrayNode w = n.putArray("warnings");
        r.warnings().forEach(w::add);
        n.put("error", r.error());
        n.put("seconds", r.seconds());
        return n;
    }

    static ScreenRow fromJson(JsonNode n) {
        List<String> warnings = new ArrayList<>();
        n.path("warnings").forEach(w -> warnings.add(w.asText()));
        return new ScreenRow(n.get("series_path").asText(), text(n, "decision"), n.path("kept").asInt(),
                n.path("covid").asInt(), n.path("fraction").isNumber() ? n.get("fraction").doubleValue() : null,
                n.path("slices").asInt(), text(n, "series_uid"), text(n, "study_uid"), text(n, "reason"), warnings,
                text(n, "error"), n.path("seconds").asDouble());
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
