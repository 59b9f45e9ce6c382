package org.covidct.app.pacs;

import com.fasterxml.jackson.databind.JsonNode;
import org.covidct.app.server.ServerFixtures;
import org.covidct.app.server.ServerFixtures.Running;
import org.covidct.core.dicom.DicomFile;
import org.covidct.core.dicom.DicomHeader;
import org.covidct.core.dicom.DicomRewriter;
import org.covidct.core.dicom.DicomUids;
import org.covidct.core.dicom.Tag;
import org.covidct.core.dicom.derived.BasicTextSr;
import org.covidct.core.dicom.derived.SecondaryCaptureImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.covidct.app.server.ServerFixtures.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * covidct beside a real Orthanc (Debian's, with its DICOMweb plugin), all on loopback ports of the test:
 * <ol>
 *   <li>a copy of the real P001 series, given UIDs of its own derived from the originals (PS3.5 B.2) by the
 *       project's rewriter, is sent with dcmtk's storescu; covidct sees the series in Orthanc's change log once
 *       stable, analyses it, and stores a Basic Text SR and a Secondary Capture into the same study, read back
 *       through Orthanc's REST API (Orthanc's own parse of the SR's text, and its rendering of the capture);</li>
 *   <li>Orthanc's DICOMweb plugin pushes the study to covidct's STOW-RS endpoint: the job finishes with the same
 *       analysis;</li>
 *   <li>covidct restarted on the same store, with the change log re-read from its start, takes nothing on twice.</li>
 * </ol>
 */
class OrthancIntegrationTest {

    @TempDir
    Path tmp;

    @Test
    void storescuToOrthancToCovidctAndBack() throws Exception {
        OrthancProcess.requireInstalled();
        Path source = covidCtMd().resolve("covid/P001");
        Path copy = Files.createDirectories(tmp.resolve("copy"));
        String study = null;
        for (Path f : files(source)) {
            DicomHeader h = DicomFile.readHeader(f);
            Map<Integer, String> uids = new HashMap<>();
            uids.put(Tag.STUDY_INSTANCE_UID, DicomUids.fromName("test copy/" + h.studyInstanceUid()));
            uids.put(Tag.SERIES_INSTANCE_UID, DicomUids.fromName("test copy/" + h.seriesInstanceUid()));
            uids.put(Tag.SOP_INSTANCE_UID, DicomUids.fromName("test copy/" + h.seriesInstanceUid() + "/" + h.instanceNumber()));
            study = uids.get(Tag.STUDY_INSTANCE_UID);
            Files.write(copy.resolve(f.getFileName()), DicomRewriter.withUids(f, uids));
        }
        Path model = model(tmp.resolve("model"));
        Path store = tmp.resolve("store");
        int covidctPort = OrthancProcess.freePort();
        int orthancHttp = OrthancProcess.freePort();
        int orthancDicom = OrthancProcess.freePort();
        try (OrthancProcess orthanc = OrthancProcess.start(Files.createDirectories(tmp.resolve("orthanc")), orthancHttp,
                orthancDicom, "http://127.0.0.1:" + covidctPort + "/dicomweb/")) {
            String orthancStudy;
            JsonNode orthancJob;
            Running covidct = ServerFixtures.start(model, store, b -> b.optPort(covidctPort).optPacs(new OrthancSetup(orthanc.url(), Duration.ofSeconds(1))));
            try {
                Path cursor = store.resolve("ledger/orthanc/changes-cursor");
                long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (!Files.exists(cursor)) {
                    assertTrue(System.nanoTime() < end, "the watcher never read Orthanc's change log:\n" + covidct.logText());
                    Thread.sleep(100);
                }
                orthanc.storescu(copy);
                orthancJob = waitForJob(covidct.url(), "orthanc", Duration.ofMinutes(3));
                assertEquals("done", orthancJob.get("state").asText(), orthancJob + "\n" + covidct.logText());
                orthancStudy = orthancJob.at("/orthanc/study").asText();
                JsonNode decision = getJson(covidct.url() + "/api/jobs/" + orthancJob.get("job").asText() + "/result");
                assertEquals(148, decision.at("/counts/slices").asInt());

                // the SR, in the same study, as Orthanc parsed it
                JsonNode studySeries = orthanc.get("/studies/" + orthancStudy + "/series");
                List<JsonNode> sr = byModality(studySeries, "SR");
                List<JsonNode> sc = byModality(studySeries, "OT");
                assertEquals(1, sr.size(), "one SR series in the study: " + studySeries);
                assertEquals(1, sc.size(), "one Secondary Capture series in the study");
                String srInstance = sr.get(0).get("Instances").get(0).asText();
                assertEquals(orthancJob.at("/orthanc/sr_instance").asText(), srInstance);
                JsonNode tags = orthanc.get("/instances/" + srInstance + "/tags?simplify");
                assertEquals(study, tags.get("StudyInstanceUID").asText(), "filed under the study's own UID");
                assertEquals(BasicTextSr.SOP_CLASS_UID, tags.get("SOPClassUID").asText());
                Map<String, String> text = new HashMap<>();
                for (JsonNode item : tags.get("ContentSequence")) {
                    text.put(item.at("/ConceptNameCodeSequence/0/CodeMeaning").asText(), item.get("TextValue").asText());
                }
                assertEquals(decision.get("decision").asText().equals("covid") ? "COVID-19 pattern detected" : "No COVID-19 pattern detected",
                        text.get("Finding"));
                assertTrue(text.get("COVID slice fraction").startsWith(String.format(Locale.ROOT, "%.4f (%d of %d kept slices",
                        decision.get("fraction").asDouble(), decision.at("/counts/covid").asInt(), decision.at("/counts/kept").asInt())),
                        text.get("COVID slice fraction"));
                assertEquals(decision.get("rule").asText(), text.get("Decision rule"));
                assertTrue(text.get("Model card").contains(decision.at("/model/weights_sha256").asText()), text.get("Model card"));
                assertTrue(text.get("Model card").contains("\"architecture\":\"fpn\""), text.get("Model card"));
                // the version the jar was built as (Versions reads it from the build), not a literal that ages
                assertEquals("covidct " + org.covidct.nn.run.Versions.current().get("covidct"), text.get("Algorithm Version"));

                // dcmtk reads the same file as a valid Basic Text SR document
                Path srFile = tmp.resolve("sr.dcm");
                Files.write(srFile, orthanc.getRaw("/instances/" + srInstance + "/file").body());
                String dump = run("dsrdump", srFile.toString());
                assertTrue(dump.contains("Basic Text SR Document") && dump.contains(text.get("Finding")), dump);

                // the Secondary Capture: Orthanc decodes its pixels and renders a preview
                String scInstance = sc.get(0).get("Instances").get(0).asText();
                JsonNode scTags = orthanc.get("/instances/" + scInstance + "/tags?simplify");
                assertEquals(SecondaryCaptureImage.SOP_CLASS_UID, scTags.get("SOPClassUID").asText());
                assertEquals(study, scTags.get("StudyInstanceUID").asText());
                assertEquals("RGB", scTags.get("PhotometricInterpretation").asText());
                assertEquals("512", scTags.get("Rows").asText(), "2 x 2 key slices of 256 pixels");
                HttpResponse<byte[]> preview = orthanc.getRaw("/instances/" + scInstance + "/preview");
                assertEquals(200, preview.statusCode());
                assertTrue(preview.body().length > 1000);

                // Orthanc's DICOMweb plugin pushes the study to covidct's STOW-RS endpoint
                HttpResponse<byte[]> push = orthanc.post("/dicom-web/servers/covidct/stow",
                        "{\"Resources\": [\"" + orthancStudy + "\"]}");
                assertEquals(200, push.statusCode(), new String(push.body(), StandardCharsets.UTF_8) + "\n" + orthanc.log());
                JsonNode stowJob = waitForJob(covidct.url(), "stow", Duration.ofMinutes(3));
                assertEquals("done", stowJob.get("state").asText(), stowJob.toString());
                assertEquals(3, stowJob.at("/series/candidates").size(), "the CT, the SR and the capture were pushed");
                JsonNode stowDecision = getJson(covidct.url() + "/api/jobs/" + stowJob.get("job").asText() + "/result");
                assertEquals(decision.get("counts"), stowDecision.get("counts"), "the same series, the same analysis");
                assertEquals(decision.get("fraction"), stowDecision.get("fraction"));

                // no identifying value in covidct's log
                String patientId = DicomFile.readHeader(files(source).get(0)).patientId();
                assertFalse(covidct.logText().contains(patientId) || covidct.logText().contains(study), covidct.logText());
            } finally {
                covidct.close();
            }

            // a restart that reads the whole change log again takes no series on twice
            Files.writeString(store.resolve("ledger/orthanc/changes-cursor"), "0");
            int jobsBefore = entries(store.resolve("jobs")).size();
            try (Running again = ServerFixtures.start(model, store, b -> b.optPort(0).optPacs(new OrthancSetup(orthanc.url(), Duration.ofSeconds(1))))) {
                long last = orthanc.get("/changes?last").get("Last").asLong();
                long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (Long.parseLong(Files.readString(store.resolve("ledger/orthanc/changes-cursor")).trim()) < last) {
                    assertTrue(System.nanoTime() < end, "the change log was not read to its end again");
                    Thread.sleep(200);
                }
                Thread.sleep(1500);
                assertEquals(jobsBefore, getJson(again.url() + "/api/jobs").size(), "no new job: " + again.logText());
                assertEquals(1, byModality(orthanc.get("/studies/" + orthancStudy + "/series"), "SR").size());
                assertEquals(1, byModality(orthanc.get("/studies/" + orthancStudy + "/series"), "SR").get(0).get("Instances").size(),
                        "one SR instance");
                assertTrue(Files.exists(store.resolve("ledger/orthanc/" + orthancJob.at("/orthanc/series").asText() + ".json")));
            }
        }
    }

    private static List<JsonNode> byModality(JsonNode series, String modality) {
        List<JsonNode> out = new ArrayList<>();
        series.forEach(s -> {
            if (modality.equals(s.at("/MainDicomTags/Modality").asText())) {
                out.add(s);
            }
        });
        return out;
    }

    /** Waits for the first job of a source to finish. */
    private static JsonNode waitForJob(String url, String source, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            for (JsonNode j : getJson(url + "/api/jobs")) {
                if (j.get("source").asText().equals(source) && (j.get("state").asText().equals("done") || j.get("state").asText().equals("failed"))) {
                    return j;
                }
            }
            Thread.sleep(250);
        }
        fail("no " + source + " job finished within " + timeout + ": " + getJson(url + "/api/jobs"));
        return null;
    }

    private static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), new String(out, StandardCharsets.UTF_8));
        return new String(out, StandardCharsets.UTF_8);
    }
}
