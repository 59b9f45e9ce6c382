package org.covidct.app.pacs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A real Orthanc (Debian package, with its DICOMweb plugin) run as a child process of a test: loopback ports of
 * its own, its own storage folder, StableAge 2 s, and a DICOMweb peer "covidct". Missing software fails the
 * test at once with what to install.
 */
public final class OrthancProcess implements AutoCloseable {

    static final Path ORTHANC = Path.of("/usr/sbin/Orthanc");
    static final Path DICOMWEB_PLUGIN = Path.of("/usr/share/orthanc/plugins/libOrthancDicomWeb.so");
    static final Path STORESCU = Path.of("/usr/bin/storescu");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Process process;
    private final int httpPort;
    private final int dicomPort;
    private final Path log;

    private OrthancProcess(Process process, int httpPort, int dicomPort, Path log) {
        this.process = process;
        this.httpPort = httpPort;
        this.dicomPort = dicomPort;
        this.log = log;
    }

    /** A free port on the loopback interface (closed again: the caller binds it soon after). */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    public static void requireInstalled() {
        for (Path p : List.of(ORTHANC, DICOMWEB_PLUGIN, STORESCU)) {
            assertTrue(Files.exists(p), p + " is missing: install the Debian packages orthanc orthanc-dicomweb dcmtk (.ci/run does)");
        }
    }

    /**
     * Starts Orthanc and waits until its REST API answers.
     *
     * @param covidctDicomWeb the DICOMweb root of the covidct peer (e.g. http://127.0.0.1:PORT/dicomweb/)
     */
    public static OrthancProcess start(Path dir, int httpPort, int dicomPort, String covidctDicomWeb) throws Exception {
        requireInstalled();
        Path storage = Files.createDirectories(dir.resolve("storage"));
        ObjectNode cfg = JSON.createObjectNode();
        cfg.put("Name", "covidct-test");
        cfg.put("StorageDirectory", storage.toString());
        cfg.put("IndexDirectory", storage.toString());
        cfg.put("HttpPort", httpPort);
        cfg.put("DicomPort", dicomPort);
        cfg.put("DicomAet", "ORTHANC");
        cfg.put("RemoteAccessAllowed", false);
        cfg.put("AuthenticationEnabled", false);
        cfg.put("HttpBindAddress", "127.0.0.1");
        cfg.put("DicomCheckCalledAet", false);
        cfg.put("StableAge", 2);
        cfg.putArray("Plugins").add(DICOMWEB_PLUGIN.toString());
        ObjectNode web = cfg.putObject("DicomWeb");
        web.put("Enable", true);
        web.put("Root", "/dicom-web/");
        web.putObject("Servers").putArray("covidct").add(covidctDicomWeb);
        Path config = dir.resolve("orthanc.json");
        Files.write(config, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(cfg));
        Path log = dir.resolve("orthanc.log");
        Process p = new ProcessBuilder(ORTHANC.toString(), config.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        OrthancProcess o = new OrthancProcess(p, httpPort, dicomPort, log);
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < end) {
            if (!p.isAlive()) {
                fail("Orthanc exited at start (" + p.exitValue() + "):\n" + Files.readString(log));
            }
            try {
                if (HTTP.send(HttpRequest.newBuilder(URI.create(o.url() + "/system")).GET().build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return o;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        o.close();
        fail("Orthanc did not answer within 30 s:\n" + Files.readString(log));
        return null;
    }

    public String url() {
        return "http://127.0.0.1:" + httpPort;
    }

    public JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(60)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            fail("Orthanc GET " + path + " -> " + r.statusCode());
        }
        return JSON.readTree(r.body());
    }

    public HttpResponse<byte[]> getRaw(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(60)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    public HttpResponse<byte[]> post(String path, String json) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofMinutes(3))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Sends a folder of DICOM files with dcmtk's storescu (proposing the lossless JPEG syntaxes: -xs). */
    public void storescu(Path folder) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(STORESCU.toString(), "-xs", "+sd", "-aec", "ORTHANC", "127.0.0.1",
                Integer.toString(dicomPort), folder.toString()));
        Path out = Files.createTempFile(log.getParent(), "storescu", ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("storescu did not finish in 120 s:\n" + Files.readString(out));
        }
        if (p.exitValue() != 0) {
            fail("storescu failed (" + p.exitValue() + "):\n" + Files.readString(out));
        }
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(15, TimeUnit.SECONDS);
        }
    }
}
