package org.covidct.nn.run;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.covidct.core.CovidctException;
import org.covidct.core.io.AtomicFiles;
import org.covidct.nn.model.Architecture;
import org.covidct.nn.model.ModelConfig;
import org.covidct.nn.model.Network;
import org.covidct.nn.model.Networks;

/**
 * A RUN_DIR: {@code run.json} ({@link RunManifest}), the weights ({@code weights.params}, DJL's parameter
 * stream of the {@link Network} block) and, for trained runs, {@code epochs.csv} (written by training).
 * Every file is written atomically; the manifest last, so a RUN_DIR with a manifest has complete weights.
 */
public final class RunDir {

    public static final String MANIFEST = "run.json";
    public static final String WEIGHTS = "weights.params";
    public static final String EPOCHS = "epochs.csv";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private RunDir() {
    }

    /**
     * Writes the network's weights and the manifest (completed with the weights' file name and SHA-256)
     * into {@code dir}, creating it. Returns the manifest as written.
     */
    public static RunManifest save(Path dir, Network network, RunManifest manifest) {
        if (!manifest.architecture().equals(network.config().architecture().cliName())
                || manifest.inputSize() != network.config().inputSize()
                || manifest.widthMultiplier() != network.config().widthMultiplier()) {
            throw new IllegalArgumentException("manifest " + manifest.architecture() + "/" + manifest.inputSize()
                    + " does not describe network " + network.config());
        }
        try {
            Files.createDirectories(dir);
            MessageDigest sha = sha256();
            AtomicFiles.write(dir.resolve(WEIGHTS), out -> {
                DataOutputStream data = new DataOutputStream(new BufferedOutputStream(new DigestOutputStream(out, sha)));
                network.saveParameters(data);
                data.flush();
            });
            RunManifest done = manifest.withWeights(WEIGHTS, HexFormat.of().formatHex(sha.digest()));
            AtomicFiles.writeBytes(dir.resolve(MANIFEST), JSON.writeValueAsBytes(done));
            return done;
        } catch (IOException e) {
            throw new CovidctException(dir, "cannot write the model: " + e.getMessage(), e);
        }
    }

    /**
     * Writes a freshly initialised network ({@link Networks#initialised}) as a RUN_DIR whose manifest's source is
     * {@code init}: what {@code covidct init-model} writes, a loadable untrained model for benchmarks, tests and
     * as a training start. The network's arrays live in {@code manager}.
     */
    public static LoadedRun initialise(Path dir, ModelConfig config, long seed, String createdBy, NDManager manager) {
        Network network = Networks.initialised(config, seed, manager);
        RunManifest written = save(dir, network, RunManifest.of(config, seed, "init", createdBy));
        return new LoadedRun(dir, written, network);
    }

    /** Reads and checks a manifest only (no weights). */
    public static RunManifest readManifest(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new CovidctException(dir, Files.exists(dir) ? "not a model directory (a file)"
                    : "model directory does not exist");
        }
        Path file = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(file)) {
            throw new CovidctException(file, "missing: not a model directory (no " + MANIFEST + ")");
        }
        RunManifest m;
        try {
            m = JSON.readValue(file.toFile(), RunManifest.class);
        } catch (JsonProcessingException e) {
            throw new CovidctException(file, "unreadable manifest: " + e.getOriginalMessage().replace('\n', ' '));
        } catch (IOException e) {
            throw new CovidctException(file, "cannot read: " + e.getMessage());
        }
        if (m == null || m.architecture() == null || m.weightsFile() == null || m.weightsSha256() == null) {
            throw new CovidctException(file, "incomplete manifest: architecture, weightsFile and weightsSha256 are required");
        }
        if (m.formatVersion() > RunManifest.FORMAT_VERSION) {
            throw new CovidctException(file, "manifest format " + m.formatVersion() + " is newer than this covidct ("
                    + RunManifest.FORMAT_VERSION + ")");
        }
        try {
            m.modelConfig();
        } catch (CovidctException e) {
            throw new CovidctException(file, e.getMessage());
        }
        if (!RunManifest.CLASSES.equals(m.classes())) {
            throw new CovidctException(file, "classes " + m.classes() + " are not " + RunManifest.CLASSES);
        }
        if (m.weightsFile().contains("/") || m.weightsFile().contains("\\")) {
            throw new CovidctException(file, "weights file must be inside the model directory: " + m.weightsFile());
        }
        return m;
    }

    /** As {@link #load(Path, Architecture, NDManager)} accepting any architecture. */
    public static LoadedRun load(Path dir, NDManager manager) {
        return load(dir, null, manager);
    }

    /**
     * Reads a RUN_DIR: checks the manifest, the architecture (when {@code expected} is not null), the
     * weights' SHA-256, then builds the network and loads its weights into {@code manager}.
     */
    public static LoadedRun load(Path dir, Architecture expected, NDManager manager) {
        RunManifest m = readManifest(dir);
        Architecture actual = Architecture.fromCliName(m.architecture());
        if (expected != null && expected != actual) {
            throw new CovidctException(dir, "holds a " + actual.cliName() + " model, not " + expected.cliName());
        }
        Path weights = dir.resolve(m.weightsFile());
        if (!Files.isRegularFile(weights)) {
            throw new CovidctException(weights, "missing weights file");
        }
        String actualSha = sha256Of(weights);
        if (!actualSha.equalsIgnoreCase(m.weightsSha256())) {
            throw new CovidctException(weights, "weights are damaged or truncated (SHA-256 " + actualSha.substring(0, 12)
                    + "... does not match the manifest's " + shortHash(m.weightsSha256()) + "...)");
        }
        Network network = Networks.build(m.modelConfig());
        network.initialize(manager);
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(weights)))) {
            network.loadParameters(manager, in);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            throw new CovidctException(weights, "weights do not fit a " + m.modelConfig().architecture().cliName()
                    + " at size " + m.inputSize() + " width " + m.widthMultiplier() + ": "
                    + String.valueOf(e.getMessage()).replace('\n', ' '), e);
        }
        return new LoadedRun(dir, m, network);
    }

    private static String shortHash(String h) {
        return h.length() > 12 ? h.substring(0, 12) : h;
    }

    /** SHA-256 (hex) of a file's bytes. */
    public static String sha256Of(Path file) {
        MessageDigest sha = sha256();
        try (InputStream in = new DigestInputStream(new BufferedInputStream(Files.newInputStream(file)), sha)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new CovidctException(file, "cannot read: " + e.getMessage(), e);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
