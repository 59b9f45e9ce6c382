package org.covidct.app.report;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The sweep's frames: kept slices framed green or red in full colour, dropped ones dimmed, none greyed by a filter. */
class ReportStyleTest {

    @Test
    void keptFramesKeepTheirColour() {
        String css = Html.style();
        assertFalse(css.contains("grayscale"), "a CSS filter greys the whole element, its frame included");
        assertTrue(css.contains(".strip figure.kept img{border-color:#2e7d32}"));
        assertTrue(css.contains(".strip figure.kept.cv img{border-color:#c0392b}"));
        assertTrue(css.contains(".strip figure.dropped img{opacity:.45}"));
    }
}
