package org.covidct.core.dicom;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Unique identifiers: the syntax check of PS3.5 9.1 and UIDs derived from names under the root 2.25
 * (PS3.5 B.2: a UUID written as one decimal integer), so that the same input always gives the same UID.
 */
public final class DicomUids {
    private DicomUids() {
    }

    /** At most 64 characters; numeric components separated by dots; no leading zero in a component. */
    public static boolean isValid(String uid) {
        if (uid == null || uid.isEmpty() || uid.length() > 64) {
            return false;
        }
        for (String part : uid.split("\\.", -1)) {
            if (part.isEmpty() || !part.chars().allMatch(c -> c >= '0' && c <= '9')
                    || part.length() > 1 && part.charAt(0) == '0') {
                return false;
            }
        }
        return true;
    }

    /**
     * "2.25." followed by the name-based (MD5, version 3) UUID of {@code name} as an unsigned integer:
     * a valid UID, at most 44 characters, equal for equal names.
     */
    public static String fromName(String name) {
        UUID u = UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
        byte[] b = ByteBuffer.allocate(16).putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits()).array();
        return "2.25." + new BigInteger(1, b);
    }
}
