package org.covidct.app.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.covidct.app.TestModels;
import org.covidct.nn.model.Architecture;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** What the server tests share: the real series, a small initialised model, HTTP calls, zips and STOW bodies. */
public final class ServerFixtures {

    public static final ObjectMapper JSON = new ObjectMapper();
    public static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ServerFixtures() {
    }

    /** ../shared/data/real/covid-ct-md. */
    public static Path covidCtMd() {
        String shared = System.getProperty("covidct.shared");
        assertNotNull(shared, "system property covidct.shared (the shared data folder) is not set");
        Path d = Path.of(shared, "data", "real", "covid-ct-md");
        assertTrue(Files.isDirectory(d), "real data missing: " + d);
        return d;
    }

    /** The files of a series folder in name order. */
    public static List<Path> files(Path series) throws IOException {
        try (Stream<Path> s = Files.list(series)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    /** A small initialised FPN (128 px, width 1/8): the pipeline runs for real in seconds; its verdicts mean nothing. */
    public static Path model(Path dir) {
        return TestModels.initialised(dir, Architecture.FPN, 128, 0.125, 3);
    }

    /** A server on a free loopback port, its log kept in memory. */
    public static Running start(Path model, Path store, ServerAppConfig config) {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        ServerApp.Builder b = ServerApp.builder().setModel(model).setStore(store).optPort(0)
                .optLog(new PrintStream(log, true, StandardCharsets.UTF_8), false);
        config.apply(b);
        ServerApp app = b.start();
        return new Running(app, "http://127.0.0.1:" + app.port(), log);
    }

    /** Adjusts a server's builder. */
    @FunctionalInterface
    public interface ServerAppConfig {
        void apply(ServerApp.Builder b);
    }

    /** A running in-process server. */
    public record Running(ServerApp app, String url, ByteArrayOutputStream log) implements AutoCloseable {
        public String logText() {
            return log.toString(StandardCharsets.UTF_8);
        }

        @Override
        public void close() {
            app.close();
        }
    }

    public static HttpResponse<byte[]> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    public static JsonNode getJson(String url) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = get(url);
        if (r.statusCode() != 200) {
            fail("GET " + url + " -> " + r.statusCode() + " " + new String(r.body(), StandardCharsets.UTF_8));
        }
        return JSON.readTree(r.body());
    }

    public static HttpResponse<byte[]> post(String url, String contentType, byte[] body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(120))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    public static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    /** Uploads a zip and returns the job ID (the answer must be 202). */
    public static String upload(String base, byte[] zip) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = post(base + "/api/studies", "application/zip", zip);
        if (r.statusCode() != 202) {
            fail("upload -> " + r.statusCode() + " " + text(r));
        }
        return JSON.readTree(r.body()).get("job").asText();
    }

    /** Polls a job until done or failed; fails the test after the timeout. */
    public static JsonNode waitFinished(String base, String job, Duration timeout) throws IOException, InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        JsonNode j = null;
        while (System.nanoTime() < end) {
            j = getJson(base + "/api/jobs/" + job);
            String state = j.get("state").asText();
            if (state.equals("done") || state.equals("failed")) {
                return j;
            }
            Thread.sleep(200);
        }
        fail("job " + job + " not finished after " + timeout + ": " + j);
        return null;
    }

    /** A zip of files under a folder name (entries "DIR/NAME"), as a PACS export would be. */
    public static byte[] zip(String dir, List<Path> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bytes)) {
            for (Path f : files) {
                z.putNextEntry(new ZipEntry(dir + "/" + f.getFileName()));
                Files.copy(f, z);
                z.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** A STOW-RS body: multipart/related, one application/dicom part per file; returns the Content-Type too. */
    public record Stow(String contentType, byte[] body) {
    }

    public static Stow stow(List<byte[]> parts) throws IOException {
        String boundary = "covidct-test-boundary-0123456789";
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.write(("--" + boundary + "\r\nContent-Type: application/dicom\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            b.write(p);
            b.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        b.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return new Stow("multipart/related; type=\"application/dicom\"; boundary=" + boundary, b.toByteArray());
    }

    /** Folder entries (non-hidden) of a directory; empty when it does not exist. */
    public static List<String> entries(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    static void copy(Path from, OutputStream to) throws IOException {
        Files.copy(from, to);
    }
}
