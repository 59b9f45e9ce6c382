package org.covidct.app.pacs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.covidct.app.server.JobRecord;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The SR's text items are read from decision.json as the detection wrote it, whatever its decision: a verdict,
 * "undecided" with its reason's sentence, no decision, or a word this version does not know; the warnings (the
 * input's and the model's) in one item; the
 * model object is carried whole, so fields added to it reach the SR unchanged.
 */
class ReportTextsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JobRecord JOB = new JobRecord("j", "running", "orthanc", "2026-12-07T00:00:00Z", null, null, 1, null,
            new JobRecord.PickedSeries("SR_4", 4, 148, "CT", "D40s", "r", List.of()), null, null, null);

    private static Map<String, String> texts(String decisionJson) throws Exception {
        JsonNode d = JSON.readTree(decisionJson);
        Map<String, String> out = new LinkedHashMap<>();
        for (OrthancPacs.Text t : OrthancPacs.texts(d, JOB)) {
            out.put(t.concept().meaning(), t.text());
        }
        return out;
    }

    @Test
    void verdict() throws Exception {
        Map<String, String> t = texts("{\"decision\":\"covid\",\"fraction\":0.45555,\"rule\":\"COVID when at least 10%\","
                + "\"counts\":{\"slices\":148,\"kept\":90,\"covid\":41},\"model\":{\"architecture\":\"fpn\",\"weights_sha256\":\"ab\","
                + "\"trained_on\":\"COVID-CTset fold 2\"},\"warnings\":[]}");
        assertEquals("COVID-19 pattern detected", t.get("Finding"));
        assertEquals("0.4556 (41 of 90 kept slices classified COVID; 148 slices in series SR_4)", t.get("COVID slice fraction"));
        assertEquals("COVID when at least 10%", t.get("Decision rule"));
        assertEquals("{\"architecture\":\"fpn\",\"weights_sha256\":\"ab\",\"trained_on\":\"COVID-CTset fold 2\"}", t.get("Model card"));
        assertFalse(t.containsKey("Warnings"));
        assertEquals(List.of("Finding", "COVID slice fraction", "Decision rule", "Model card", "Algorithm Name",
                "Algorithm Version", "Comment"), List.copyOf(t.keySet()));
    }

    @Test
    void undecidedWithItsReasonAndWarnings() throws Exception {
        Map<String, String> undecided = texts("{\"decision\":\"undecided\",\"undecided_reason\":{\"code\":"
                + "\"series_does_not_span_lungs\",\"text\":\"the series does not span the lungs\"},\"fraction\":null,"
                + "\"counts\":{\"slices\":20,\"kept\":3,\"covid\":1},\"model\":{},"
                + "\"warnings\":[\"Unvalidated model, accepted with --allow-unvalidated: untrained\",\"few slices\"]}");
        assertEquals("Undecided: the series does not span the lungs", undecided.get("Finding"));
        assertTrue(undecided.get("COVID slice fraction").startsWith("none (1 of 3 kept slices"), undecided.get("COVID slice fraction"));
        assertEquals("Unvalidated model, accepted with --allow-unvalidated: untrained; few slices", undecided.get("Warnings"));
        assertEquals("Undecided: the input cannot carry a verdict",
                texts("{\"decision\":\"undecided\",\"counts\":{},\"model\":{},\"warnings\":[]}").get("Finding"));
        assertEquals("No decision", texts("{\"decision\":null,\"counts\":{},\"model\":{},\"warnings\":[]}").get("Finding"));
        assertEquals("Decision: maybe", texts("{\"decision\":\"maybe\",\"counts\":{},\"model\":{},\"warnings\":[]}").get("Finding"));
        assertEquals("No COVID-19 pattern detected", texts("{\"decision\":\"normal\",\"fraction\":0.01}").get("Finding"));
    }
}
