package org.covidct.core.dicom;

import java.util.List;

/**
 * The pixel data element as read: either native bytes (in the file's byte order) or, for an
 * encapsulated syntax, the fragments that follow the basic offset table.
 *
 * @param nativeBytes  native pixel bytes, null when encapsulated
 * @param bigEndian    byte order of native 16-bit samples
 * @param offsetTable  the basic offset table item (may be empty), null when native
 * @param fragments    encapsulated fragments in file order, empty when native
 */
record PixelData(byte[] nativeBytes, boolean bigEndian, byte[] offsetTable, List<byte[]> fragments) {

    boolean encapsulated() {
        return nativeBytes == null;
    }
}
