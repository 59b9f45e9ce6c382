package org.covidct.core.convert;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Aliases are patient1..patientN in the order of SHA-256(salt + "\n" + key); without a salt, the salt is
 * SHA-256("covidct-aliases\n" + the sorted keys joined by "\n"). The orders below were computed with
 * python3 hashlib.
 */
class PatientAliasesTest {

    @Test
    void aliasesFollowTheSaltedHashOrderNotTheKeys() {
        Map<String, String> x = PatientAliases.assign(List.of("ID-7", "ID-10", "ANON", "ID-7"), "x");
        assertEquals(List.of("ID-10", "ANON", "ID-7"), List.copyOf(x.keySet()));
        assertEquals(List.of("patient1", "patient2", "patient3"), List.copyOf(x.values()));
        assertEquals("patient3", x.get("ID-7"));
        assertEquals(List.of("ANON", "ID-7", "ID-10"),
                List.copyOf(PatientAliases.assign(List.of("ID-10", "ID-7", "ANON"), "y").keySet()));
    }

    @Test
    void withoutASaltTheKeysThemselvesMakeIt() {
        assertEquals("58c44ff8c7", PatientAliases.defaultSalt(new java.util.TreeSet<>(List.of("ANON", "ID-10", "ID-7")))
                .substring(0, 10));
        Map<String, String> a = PatientAliases.assign(List.of("ANON", "ID-10", "ID-7"), null);
        assertEquals(List.of("ID-7", "ID-10", "ANON"), List.copyOf(a.keySet()));
        // the same keys in another order give the same aliases
        assertEquals(a, PatientAliases.assign(List.of("ID-7", "ANON", "ID-10", "ANON"), null));
        assertEquals(Map.of(), PatientAliases.assign(List.of(), null));
    }
}
