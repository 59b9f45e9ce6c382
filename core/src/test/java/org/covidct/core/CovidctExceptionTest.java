package org.covidct.core;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Messages quote values read from files: whatever those hold, the message is one printable line. */
class CovidctExceptionTest {

    @Test
    void controlCharactersAndUndecodableBytesBecomeQuestionMarks() {
        CovidctException e = new CovidctException(Path.of("all.csv"), "line 3: '\u0000\u0001ab\u001b[31m\uFFFD\u200Bz'");
        assertEquals("all.csv: line 3: '??ab?[31m??z'", e.getMessage());
    }

    @Test
    void lineBreaksAndTabsBecomeSpaces() {
        assertEquals("a b  c", CovidctException.oneLine("a\nb\r\tc"));
        assertEquals("a?b", CovidctException.oneLine("a\u2028b"));
        assertEquals("a?b", CovidctException.oneLine("a\u2029b"));
    }

    @Test
    void printableTextOfAnyScriptStays() {
        String s = "patient é 患者 \uD83D\uDE00 ~!";
        assertEquals(s, CovidctException.oneLine(s));
        assertEquals("lone ? surrogate", CovidctException.oneLine("lone \uD800 surrogate"));
        assertEquals("private ? use", CovidctException.oneLine("private \uE000 use"));
        assertEquals("", CovidctException.oneLine(null));
    }

    @Test
    void longMessagesAreCutAtTheLimit() {
        String exact = "x".repeat(CovidctException.MAX_LENGTH);
        assertEquals(exact, CovidctException.oneLine(exact));
        String longer = exact + "y";
        assertEquals(exact + "...", CovidctException.oneLine(longer));
        CovidctException e = new CovidctException(null, "z".repeat(5000));
        assertEquals(CovidctException.MAX_LENGTH + 3, e.getMessage().length());
        assertTrue(e.getMessage().endsWith("zzz..."));
        assertEquals(null, e.file());
    }
}
