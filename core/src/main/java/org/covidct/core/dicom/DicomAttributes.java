package org.covidct.core.dicom;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The attributes of one data set (the file's top level or one sequence item), as read: raw value bytes
 * per tag, nested items for sequences. Typed getters decode on demand and return null for an absent or
 * empty value, or one that does not parse (real files carry odd strings; callers decide what is required).
 */
public final class DicomAttributes {

    /** One attribute: VR as read (or from the dictionary), value bytes, or items for a sequence. */
    record Element(int tag, String vr, byte[] value, List<DicomAttributes> items) {
    }

    private final boolean bigEndian;
    private final Map<Integer, Element> elements = new LinkedHashMap<>();

    DicomAttributes(boolean bigEndian) {
        this.bigEndian = bigEndian;
    }

    void put(Element e) {
        elements.put(e.tag(), e);
    }

    public boolean contains(int tag) {
        return elements.containsKey(tag);
    }

    /** Tags in file order. */
    public Set<Integer> tags() {
        return Collections.unmodifiableSet(elements.keySet());
    }

    public String vr(int tag) {
        Element e = elements.get(tag);
        return e == null ? null : e.vr();
    }

    /** Raw value bytes, or null (absent, a sequence, or too large to keep). */
    public byte[] bytes(int tag) {
        Element e = elements.get(tag);
        return e == null || e.value() == null ? null : e.value().clone();
    }

    /** Items of a sequence (empty when absent). */
    public List<DicomAttributes> items(int tag) {
        Element e = elements.get(tag);
        return e == null || e.items() == null ? List.of() : Collections.unmodifiableList(e.items());
    }

    /** All values of a string attribute (split at backslashes, trimmed); empty when absent. */
    public List<String> strings(int tag) {
        Element e = elements.get(tag);
        if (e == null || e.value() == null || e.value().length == 0) {
            return List.of();
        }
        // ISO 8859-1 maps every byte to one char: the attributes read here are ASCII codes and numbers
        String s = new String(e.value(), StandardCharsets.ISO_8859_1);
        List<String> out = new ArrayList<>();
        for (String part : s.split("\\\\", -1)) {
            out.add(trim(part));
        }
        return out;
    }

    /** First value of a string attribute, or null when absent or blank. */
    public String string(int tag) {
        List<String> all = strings(tag);
        return all.isEmpty() || all.get(0).isEmpty() ? null : all.get(0);
    }

    /** Integer from a binary (US, SS, UL, SL) or string (IS, DS) attribute; null when absent or unparsable. */
    public Integer integer(int tag) {
        Element e = elements.get(tag);
        if (e == null || e.value() == null || e.value().length == 0) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(e.value()).order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        switch (e.vr()) {
            case "US":
                return e.value().length >= 2 ? b.getShort() & 0xFFFF : null;
            case "SS":
                return e.value().length >= 2 ? (int) b.getShort() : null;
            case "UL":
            case "SL":
                return e.value().length >= 4 ? b.getInt() : null;
            default:
                Double d = decimal(tag);
                if (d == null || d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
                    return null;
                }
                return d.intValue();
        }
    }

    /** First numeric value (DS, IS, FL, FD, US...), or null. */
    public Double decimal(int tag) {
        double[] all = decimals(tag);
        return all == null || all.length == 0 ? null : all[0];
    }

    /** All numeric values, or null when absent or any value does not parse. */
    public double[] decimals(int tag) {
        Element e = elements.get(tag);
        if (e == null || e.value() == null || e.value().length == 0) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(e.value()).order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        int n = e.value().length;
        switch (e.vr()) {
            case "FD": {
                double[] out = new double[n / 8];
                for (int i = 0; i < out.length; i++) {
                    out[i] = b.getDouble();
                }
                return out;
            }
            case "FL": {
                double[] out = new double[n / 4];
                for (int i = 0; i < out.length; i++) {
                    out[i] = b.getFloat();
                }
                return out;
            }
            case "US":
            case "SS": {
                double[] out = new double[n / 2];
                for (int i = 0; i < out.length; i++) {
                    short s = b.getShort();
                    out[i] = e.vr().equals("US") ? s & 0xFFFF : s;
                }
                return out;
            }
            default: {
                List<String> parts = strings(tag);
                double[] out = new double[parts.size()];
                for (int i = 0; i < out.length; i++) {
                    try {
                        out[i] = Double.parseDouble(parts.get(i));
                    } catch (NumberFormatException ex) {
                        return null;
                    }
                    if (!Double.isFinite(out[i])) {
                        return null;
                    }
                }
                return out;
            }
        }
    }

    private static String trim(String s) {
        int a = 0;
        int b = s.length();
        while (a < b && (s.charAt(a) <= ' ')) {
            a++;
        }
        while (b > a && (s.charAt(b - 1) <= ' ')) {
            b--;
        }
        return s.substring(a, b);
    }
}
