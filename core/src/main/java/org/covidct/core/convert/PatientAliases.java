package org.covidct.core.convert;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Gives patients the aliases patient1, patient2... in the order of a salted SHA-256 of their key, so
 * the numbering is deterministic for the same input but says nothing about the IDs (not their sort
 * order, not the order files were found in). The default salt is a digest of every key of the run: it
 * cannot be recomputed from one patient's ID alone. A user-given salt makes aliases reproducible
 * across runs over different inputs only for those who know it.
 */
public final class PatientAliases {
    private PatientAliases() {
    }

    /** Aliases for the keys, in alias order (the map iterates patient1, patient2...). */
    public static Map<String, String> assign(Collection<String> keys, String salt) {
        TreeSet<String> unique = new TreeSet<>(keys);
        String s = salt != null ? salt : defaultSalt(unique);
        List<String> ordered = new ArrayList<>(unique);
        ordered.sort(Comparator.comparing((String k) -> sha256(s + "\n" + k)).thenComparing(k -> k));
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < ordered.size(); i++) {
            out.put(ordered.get(i), "patient" + (i + 1));
        }
        return out;
    }

    static String defaultSalt(TreeSet<String> keys) {
        return sha256("covidct-aliases\n" + String.join("\n", keys));
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
