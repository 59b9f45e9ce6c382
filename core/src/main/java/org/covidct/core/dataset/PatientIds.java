package org.covidct.core.dataset;

import java.util.Comparator;

/** Ordering of patient IDs as people read them: patient2 before patient10. */
public final class PatientIds {

    /** Natural order: by the text before the trailing number, then by that number, then by the whole ID. */
    public static final Comparator<String> ORDER = PatientIds::compare;

    private PatientIds() {
    }

    private static int compare(String a, String b) {
        int da = digitsStart(a);
        int db = digitsStart(b);
        if (da < a.length() && db < b.length()) {
            int c = a.substring(0, da).compareTo(b.substring(0, db));
            if (c != 0) {
                return c;
            }
            c = compareNumbers(a.substring(da), b.substring(db));
            if (c != 0) {
                return c;
            }
        }
        return a.compareTo(b);
    }

    /** Index where the trailing run of ASCII digits starts (the length when there is none). */
    private static int digitsStart(String s) {
        int i = s.length();
        while (i > 0 && s.charAt(i - 1) >= '0' && s.charAt(i - 1) <= '9') {
            i--;
        }
        return i;
    }

    /** Compares digit strings by value, any length (leading zeros ignored). */
    private static int compareNumbers(String x, String y) {
        String a = stripZeros(x);
        String b = stripZeros(y);
        return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
    }

    private static String stripZeros(String digits) {
        int i = 0;
        while (i < digits.length() - 1 && digits.charAt(i) == '0') {
            i++;
        }
        return digits.substring(i);
    }
}
