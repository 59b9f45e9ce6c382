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
 * no decision with its reason, or a decision word this version does not know (issue 11's "undecided"); the
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
        assertFalse(t.containsKey("Input warnings"));
        assertEquals(List.of("Finding", "COVID slice fraction", "Decision rule", "Model card", "Algorithm Name",
                "Algorithm Version", "Comment"), List.copyOf(t.keySet()));
    }

    @Test
    void noDecisionAndUnknownWords() throws Exception {
        Map<String, String> none = texts("{\"decision\":null,\"no_decision_reason\":\"no slice kept\",\"fraction\":null,"
                + "\"counts\":{\"slices\":20,\"kept\":0,\"covid\":0},\"model\":{},\"warnings\":[\"the series may not span the lungs\"]}");
        assertEquals("No decision: no slice kept", none.get("Finding"));
        assertTrue(none.get("COVID slice fraction").startsWith("none (0 of 0 kept slices"), none.get("COVID slice fraction"));
        assertEquals("the series may not span the lungs", none.get("Input warnings"));
        Map<String, String> undecided = texts("{\"decision\":\"undecided\",\"no_decision_reason\":\"fraction inside the band\","
                + "\"fraction\":0.1,\"counts\":{},\"model\":{},\"warnings\":[]}");
        assertEquals("Decision: undecided (fraction inside the band)", undecided.get("Finding"));
        assertEquals("No COVID-19 pattern detected", texts("{\"decision\":\"normal\",\"fraction\":0.01}").get("Finding"));
    }
}
