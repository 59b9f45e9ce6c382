package org.covidct.app.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.covidct.app.Main;
import org.covidct.core.dicom.DicomFile;
import org.covidct.core.dicom.DicomRewriter;
import org.covidct.core.dicom.Tag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.covidct.app.server.ServerFixtures.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The API on real COVID-CT-MD series through an in-process server: a zip upload gives a job whose result is
 * byte for byte the decision.json of {@code covidct detect} on the same series folder (and the same values as
 * detect on the original folder); the report, the per-slice rows and the viewer's pictures are served; the
 * series of a two-series upload is picked by slice count; files with UUID UIDs and an empty SOPInstanceUID
 * are accepted by zip and STOW; the log holds no value of the files.
 */
class ServeApiTest {

    @TempDir
    static Path tmp;
    static Path model;
    static Running server;
    static Path p001;
    static Path normal001;

    @BeforeAll
    static void start() {
        model = model(tmp.resolve("model"));
        server = ServerFixtures.start(model, tmp.resolve("store"), b -> { });
        p001 = covidCtMd().resolve("covid/P001");
        normal001 = covidCtMd().resolve("normal/normal001");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void health() throws Exception {
        HttpResponse<byte[]> r = get(server.url() + "/api/health");
        assertEquals(200, r.statusCode());
        assertEquals("ok", JSON.readTree(r.body()).get("status").asText());
    }

    @Test
    void zipUploadGivesDetectsDecisionByteForByte() throws Exception {
        String job = upload(server.url(), zip("P001", files(p001)));
        JsonNode rec = waitFinished(server.url(), job, Duration.ofMinutes(3));
        assertEquals("done", rec.get("state").asText(), rec.toString());
        assertEquals("upload", rec.get("source").asText());
        assertEquals("SR_4", rec.at("/series/label").asText());
        assertEquals(148, rec.at("/series/slices").asInt());

        HttpResponse<byte[]> result = get(server.url() + "/api/jobs/" + job + "/result");
        assertEquals(200, result.statusCode());
        assertTrue(result.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));

        // detect on the job's stored series folder, with the same --model: the same bytes
        Path input = server.app().store().input(job).resolve("SR_4");
        Path out = tmp.resolve("detect-same-folder");
        assertEquals(0, Main.run("detect", "--model", model.toString(), input.toString(), "--out", out.toString(), "--report", "-q"));
        assertArrayEquals(Files.readAllBytes(out.resolve("decision.json")), result.body(), "decision.json byte for byte");
        assertArrayEquals(Files.readAllBytes(out.resolve("detection.csv")),
                Files.readAllBytes(server.app().store().result(job).resolve("detection.csv")));

        // detect on the original folder: the same values (only the folder and its label differ)
        Path orig = tmp.resolve("detect-original");
        assertEquals(0, Main.run("detect", "--model", model.toString(), p001.toString(), "--out", orig.toString(), "-q"));
        ObjectNode fromServer = (ObjectNode) JSON.readTree(result.body());
        ObjectNode fromDetect = (ObjectNode) JSON.readTree(orig.resolve("decision.json").toFile());
        assertEquals(input.toString(), fromServer.get("source").asText());
        for (ObjectNode n : List.of(fromServer, fromDetect)) {
            n.remove("source");
            n.remove("series");
        }
        assertEquals(fromDetect, fromServer);
        assertEquals(90, fromServer.at("/counts/kept").asInt(), "P001 keeps 90 slices (expected CSV of the data)");
        assertEquals(rec.get("decision").asText(), fromServer.get("decision").asText());
        assertEquals(rec.get("fraction").asDouble(), fromServer.get("fraction").asDouble(), 0.0);

        List<String> a = Files.readAllLines(orig.resolve("detection.csv"));
        List<String> b = Files.readAllLines(server.app().store().result(job).resolve("detection.csv"));
        assertEquals(a.size(), b.size());
        for (int i = 1; i < a.size(); i++) {
            String[] x = a.get(i).split(",", -1);
            String[] y = b.get(i).split(",", -1);
            assertEquals(List.of(x[2], x[3], x[4], x[5]), List.of(y[2], y[3], y[4], y[5]), "slice " + i);
        }

        HttpResponse<byte[]> report = get(server.url() + "/api/jobs/" + job + "/report");
        assertEquals(200, report.statusCode());
        assertTrue(text(report).contains("Grad-CAM") && text(report).startsWith("<!DOCTYPE html>"));
        assertTrue(report.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'none'"));

        JsonNode slices = getJson(server.url() + "/api/jobs/" + job + "/slices").get("slices");
        assertEquals(148, slices.size());
        int keptIndex = -1;
        int droppedIndex = -1;
        int kept = 0;
        for (JsonNode s : slices) {
            if (s.get("kept").asBoolean()) {
                kept++;
                keptIndex = keptIndex < 0 ? s.get("index").asInt() : keptIndex;
            } else if (droppedIndex < 0) {
                droppedIndex = s.get("index").asInt();
            }
        }
        assertEquals(90, kept);
        BufferedImage lung = png(server.url() + "/api/jobs/" + job + "/slices/" + keptIndex + "/image?window=lung");
        BufferedImage media = png(server.url() + "/api/jobs/" + job + "/slices/" + keptIndex + "/image?window=mediastinal");
        assertEquals(512, lung.getWidth());
        assertFalse(sameImage(lung, media), "the mediastinal window is another picture");
        BufferedImage cam = png(server.url() + "/api/jobs/" + job + "/slices/" + keptIndex + "/cam");
        assertEquals(512, cam.getWidth());
        assertFalse(sameImage(lung, cam), "the overlay changes the picture");
        assertEquals(404, get(server.url() + "/api/jobs/" + job + "/slices/" + droppedIndex + "/cam").statusCode(),
                "no Grad-CAM for a slice the network did not classify");
        assertEquals(404, get(server.url() + "/api/jobs/" + job + "/slices/148/image").statusCode());
        assertEquals(400, get(server.url() + "/api/jobs/" + job + "/slices/1/image?window=bone").statusCode());

        assertTrue(getJson(server.url() + "/api/jobs").findValues("job").stream().anyMatch(n -> n.asText().equals(job)));
        assertEquals(404, get(server.url() + "/api/jobs/no-such-job").statusCode());
        assertEquals(404, get(server.url() + "/api/jobs/..%2F..%2Fetc").statusCode());

        // nothing of the files in the log or in the job's record
        String patientId = DicomFile.readHeader(files(p001).get(0)).patientId();
        String study = DicomFile.readHeader(files(p001).get(0)).studyInstanceUid();
        assertFalse(server.logText().contains(patientId) || server.logText().contains(study), server.logText());
        String record = Files.readString(server.app().store().dir(job).resolve("job.json"));
        assertFalse(record.contains(patientId) || record.contains(study), record);
    }

    @Test
    void theSeriesWithMostSlicesIsPicked() throws Exception {
        List<Path> mixed = new ArrayList<>(files(p001).subList(0, 20));
        mixed.addAll(files(normal001).subList(40, 70));
        String job = upload(server.url(), zip("study", mixed));
        JsonNode rec = waitFinished(server.url(), job, Duration.ofMinutes(2));
        assertEquals("done", rec.get("state").asText(), rec.toString());
        int normalSeries = DicomFile.readHeader(files(normal001).get(0)).seriesNumber();
        assertEquals(normalSeries, rec.at("/series/series_number").asInt());
        assertEquals(30, rec.at("/series/slices").asInt());
        assertEquals(2, rec.at("/series/candidates").size());
        assertTrue(rec.at("/series/reason").asText().contains("most slices"), rec.toString());
        assertEquals(30, getJson(server.url() + "/api/jobs/" + job + "/result").at("/counts/slices").asInt());
    }

    @Test
    void uuidUidsAndEmptySopInstanceUidsAreAcceptedByZipAndStow() throws Exception {
        List<byte[]> deidentified = new ArrayList<>();
        List<Path> written = new ArrayList<>();
        Path dir = Files.createDirectories(tmp.resolve("uuid-uids"));
        for (Path f : files(normal001).subList(50, 74)) {
            byte[] b = DicomRewriter.withStrings(f, Map.of(
                    Tag.STUDY_INSTANCE_UID, "5b1e2d3c-8f4a-4c6b-9e2d-1a3b5c7d9e0f",
                    Tag.SERIES_INSTANCE_UID, "0c4f7e2a-5d1b-4b8e-9f1a-2e3d4c5b6a79",
                    Tag.SOP_INSTANCE_UID, ""));
            deidentified.add(b);
            Path g = dir.resolve(f.getFileName());
            Files.write(g, b);
            written.add(g);
        }
        assertNull(DicomFile.readHeader(written.get(0)).attributes().string(Tag.SOP_INSTANCE_UID), "fixture: empty SOP UID");

        String viaZip = upload(server.url(), zip("uuid", written));
        assertEquals("done", waitFinished(server.url(), viaZip, Duration.ofMinutes(2)).get("state").asText());

        Stow body = stow(deidentified);
        HttpResponse<byte[]> r = post(server.url() + "/dicomweb/studies", body.contentType(), body.body());
        assertEquals(202, r.statusCode(), text(r));
        JsonNode answer = JSON.readTree(r.body());
        assertEquals(24, answer.at("/00081199/Value").size(), "one Referenced SOP item per part");
        String viaStow = answer.get("job").asText();
        JsonNode rec = waitFinished(server.url(), viaStow, Duration.ofMinutes(2));
        assertEquals("done", rec.get("state").asText());
        assertEquals("stow", rec.get("source").asText());
        assertEquals(getJson(server.url() + "/api/jobs/" + viaZip + "/result").get("counts"),
                getJson(server.url() + "/api/jobs/" + viaStow + "/result").get("counts"), "zip and STOW: the same analysis");
    }

    @Test
    void stowAnswersWithTheInstancesReceived() throws Exception {
        List<Path> some = files(normal001).subList(60, 72);
        List<byte[]> parts = new ArrayList<>();
        for (Path f : some) {
            parts.add(Files.readAllBytes(f));
        }
        Stow body = stow(parts);
        String study = DicomFile.readHeader(some.get(0)).studyInstanceUid();
        HttpResponse<byte[]> r = post(server.url() + "/dicomweb/studies/" + study, body.contentType(), body.body());
        assertEquals(202, r.statusCode(), text(r));
        assertEquals("application/dicom+json", r.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        JsonNode refs = JSON.readTree(r.body()).at("/00081199/Value");
        for (int i = 0; i < some.size(); i++) {
            assertEquals(DicomFile.readHeader(some.get(i)).attributes().string(Tag.SOP_INSTANCE_UID),
                    refs.get(i).at("/00081155/Value/0").asText());
            assertEquals("1.2.840.10008.5.1.4.1.1.2", refs.get(i).at("/00081150/Value/0").asText());
        }
        HttpResponse<byte[]> wrongStudy = post(server.url() + "/dicomweb/studies/1.2.3.4", body.contentType(), body.body());
        assertEquals(409, wrongStudy.statusCode(), "instances of another study than the URL's");
    }

    private static BufferedImage png(String url) throws Exception {
        HttpResponse<byte[]> r = get(url);
        assertEquals(200, r.statusCode(), url + ": " + text(r));
        assertEquals("image/png", r.headers().firstValue("Content-Type").orElse(""));
        return ImageIO.read(new ByteArrayInputStream(r.body()));
    }

    private static boolean sameImage(BufferedImage a, BufferedImage b) {
        if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) {
            return false;
        }
        for (int y = 0; y < a.getHeight(); y += 3) {
            for (int x = 0; x < a.getWidth(); x += 3) {
                if (a.getRGB(x, y) != b.getRGB(x, y)) {
                    return false;
                }
            }
        }
        return true;
    }
}
