package org.covidct.app.server;

import org.covidct.core.dicom.DicomRewriter;
import org.covidct.core.dicom.Tag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.covidct.app.server.ServerFixtures.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Uploads that must be refused, each with its 4xx (or 503) and with nothing left behind: no job, no file in
 * the store's staging area, nothing outside the store. A server with a 1 MiB limit and a queue of one, whose
 * worker can be held on its first job so that the queue fills.
 */
class UploadRefusalTest {

    @TempDir
    static Path tmp;
    static Running server;
    static Path store;
    static final CountDownLatch release = new CountDownLatch(1);
    static List<Path> slices;

    @BeforeAll
    static void start() throws IOException {
        store = tmp.resolve("store");
        Path model = model(tmp.resolve("model"));
        server = ServerFixtures.start(model, store, b -> b.optMaxUploadBytes(1 << 20).optQueue(1).optListener(job -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        slices = files(covidCtMd().resolve("normal/normal001")).subList(60, 63);
    }

    @AfterAll
    static void stop() {
        release.countDown();
        if (server != null) {
            server.close();
        }
    }

    @AfterEach
    void nothingStaged() throws IOException {
        assertEquals(List.of(), entries(store.resolve("incoming")), "a refused upload leaves nothing in staging");
    }

    private static int jobs() throws IOException {
        return entries(store.resolve("jobs")).size();
    }

    private static void refused(int status, HttpResponse<byte[]> r, int jobsBefore) throws IOException {
        assertEquals(status, r.statusCode(), text(r));
        assertTrue(JSON.readTree(r.body()).get("error").asText().length() > 5, "a reason is given: " + text(r));
        assertEquals(jobsBefore, jobs(), "no job was created");
    }

    @Test
    void notAZip() throws Exception {
        int before = jobs();
        refused(400, post(server.url() + "/api/studies", "application/zip", "this is not a zip".getBytes(StandardCharsets.UTF_8)), before);
        refused(400, post(server.url() + "/api/studies", "application/zip", Files.readAllBytes(slices.get(0))), before);
        refused(415, post(server.url() + "/api/studies", "text/plain", zip("x", slices)), before);
    }

    @Test
    void zipSlip() throws Exception {
        int before = jobs();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(b)) {
            z.putNextEntry(new ZipEntry("study/ok.dcm"));
            Files.copy(slices.get(0), z);
            z.putNextEntry(new ZipEntry("../../escaped.dcm"));
            Files.copy(slices.get(1), z);
        }
        refused(400, post(server.url() + "/api/studies", "application/zip", b.toByteArray()), before);
        try (Stream<Path> all = Files.walk(tmp.getParent() == null ? tmp : tmp)) {
            assertTrue(all.noneMatch(p -> p.getFileName().toString().equals("escaped.dcm")), "nothing written outside");
        }
        for (String evil : List.of("/etc/passwd-like.dcm", "C:\\windows\\x.dcm", "a\\..\\..\\b.dcm")) {
            assertTrue(StudyIntake.escapes(evil), evil);
        }
        assertFalse(StudyIntake.escapes("study/SR_2/IM0001.dcm"));
        assertFalse(StudyIntake.escapes("..hidden/x.dcm"), "a name that merely starts with two dots stays inside");
    }

    @Test
    void zipWithoutDicomOrWithoutAxialCt() throws Exception {
        int before = jobs();
        Path readme = tmp.resolve("README.txt");
        Files.writeString(readme, "no images here");
        refused(422, post(server.url() + "/api/studies", "application/zip", zip("x", List.of(readme))), before);
        List<Path> sagittal = new ArrayList<>();
        for (Path f : slices) {
            Path g = tmp.resolve("sagittal-" + f.getFileName());
            Files.write(g, DicomRewriter.withStrings(f, Map.of(Tag.IMAGE_ORIENTATION_PATIENT, "0\\1\\0\\0\\0\\-1")));
            sagittal.add(g);
        }
        HttpResponse<byte[]> r = post(server.url() + "/api/studies", "application/zip", zip("x", sagittal));
        refused(422, r, before);
        assertTrue(text(r).contains("no axial CT"), text(r));
    }

    @Test
    void tooLarge() throws Exception {
        int before = jobs();
        byte[] big = zip("big", files(covidCtMd().resolve("normal/normal001")).subList(0, 8)); // about 2 MB > 1 MiB
        assertTrue(big.length > (1 << 20));
        refused(413, post(server.url() + "/api/studies", "application/zip", big), before);
        // without a Content-Length (chunked): refused once the limit is passed while reading
        HttpResponse<byte[]> chunked;
        try {
            chunked = HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + "/api/studies")).timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/zip")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            refused(413, chunked, before);
        } catch (IOException e) {
            // the server may close the connection before the client has sent everything: also a refusal
            assertEquals(before, jobs());
        }
    }

    @Test
    void stowPartsThatAreNotDicom() throws Exception {
        int before = jobs();
        Stow mixed = stow(List.of(Files.readAllBytes(slices.get(0)), "hello".getBytes(StandardCharsets.UTF_8)));
        HttpResponse<byte[]> r = post(server.url() + "/dicomweb/studies", mixed.contentType(), mixed.body());
        refused(400, r, before);
        assertTrue(text(r).contains("part 2"), text(r));
        Stow ok = stow(List.of(Files.readAllBytes(slices.get(0))));
        refused(415, post(server.url() + "/dicomweb/studies", "application/zip", ok.body()), before);
        refused(415, post(server.url() + "/dicomweb/studies", ok.contentType().replace("application/dicom", "application/dicom+json"), ok.body()), before);
        String jsonPart = new String(ok.body(), StandardCharsets.ISO_8859_1).replace("Content-Type: application/dicom", "Content-Type: application/json");
        refused(415, post(server.url() + "/dicomweb/studies", ok.contentType(), jsonPart.getBytes(StandardCharsets.ISO_8859_1)), before);
        String truncated = new String(ok.body(), StandardCharsets.ISO_8859_1);
        truncated = truncated.substring(0, truncated.length() / 2);
        refused(400, post(server.url() + "/dicomweb/studies", ok.contentType(), truncated.getBytes(StandardCharsets.ISO_8859_1)), before);
    }

    @Test
    void fullQueueRefusesWith503() throws Exception {
        // the worker holds the first job; the second waits in the one place of the queue; the third is refused
        String first = upload(server.url(), zip("a", slices));
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!getJson(server.url() + "/api/jobs/" + first).get("state").asText().equals("running")) {
            assertTrue(System.nanoTime() < end, "the first job never started");
            Thread.sleep(100);
        }
        String second = upload(server.url(), zip("b", slices));
        int before = jobs();
        HttpResponse<byte[]> third = post(server.url() + "/api/studies", "application/zip", zip("c", slices));
        refused(503, third, before);
        assertEquals("30", third.headers().firstValue("Retry-After").orElse(""));
        release.countDown();
        assertEquals("done", waitFinished(server.url(), first, Duration.ofMinutes(2)).get("state").asText());
        assertEquals("done", waitFinished(server.url(), second, Duration.ofMinutes(2)).get("state").asText());
    }
}
