package org.covidct.core.dataset;

import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Ordering of patient IDs as people read them: patient2 before patient10. */
public final class PatientIds {

    private static final Pattern TRAILING_NUMBER = Pattern.compile("(.*?)([0-9]+)");

    /** Natural order: by the text before the trailing number, then by that number, then by the whole ID. */
    public static final Comparator<String> ORDER = (a, b) -> {
        Matcher ma = TRAILING_NUMBER.matcher(a);
        Matcher mb = TRAILING_NUMBER.matcher(b);
        if (ma.matches() && mb.matches()) {
            int c = ma.group(1).compareTo(mb.group(1));
            if (c != 0) {
                return c;
            }
            c = new java.math.BigInteger(ma.group(2)).compareTo(new java.math.BigInteger(mb.group(2)));
            if (c != 0) {
                return c;
            }
        }
        return a.compareTo(b);
    };

    private PatientIds() {
    }
}
