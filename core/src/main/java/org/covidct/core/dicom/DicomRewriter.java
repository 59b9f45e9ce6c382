package org.covidct.core.dicom;

import org.covidct.core.CovidctException;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Copies a DICOM file with some of its top-level UIDs replaced, everything else carried over as read
 * (the same transfer syntax, private attributes, sequences, encapsulated pixel data untouched). The file
 * meta group is rewritten from the data set. Used to give copies of a series identifiers of their own,
 * for example where a de-identification left UUID strings or empty values that a PACS refuses.
 */
public final class DicomRewriter {
    private DicomRewriter() {
    }

    /**
     * @param uids new values by tag (each written with VR UI; a tag absent from the file is added)
     * @return the encoded Part-10 file
     */
    public static byte[] withUids(Path file, Map<Integer, String> uids) {
        DicomParser.Parsed p = DicomParser.parse(file, true);
        TransferSyntax ts = TransferSyntax.of(p.transferSyntaxUid());
        if (ts == null) {
            throw new CovidctException(file, TransferSyntax.describe(p.transferSyntaxUid()) + " cannot be rewritten");
        }
        for (Map.Entry<Integer, String> e : uids.entrySet()) {
            if (!DicomUids.isValid(e.getValue())) {
                throw new IllegalArgumentException("not a valid UID for " + Tag.toString(e.getKey()) + ": " + e.getValue());
            }
        }
        DicomWriter.DataSet ds = copy(file, p.dataSet());
        uids.forEach((tag, uid) -> ds.string(tag, "UI", uid));
        PixelData px = p.pixels();
        if (px != null) {
            if (px.encapsulated()) {
                ds.encapsulatedPixels(px.offsetTable(), px.fragments());
            } else {
                Integer bits = p.dataSet().integer(Tag.BITS_ALLOCATED);
                ds.bytes(Tag.PIXEL_DATA, bits != null && bits == 8 ? "OB" : "OW", px.nativeBytes());
            }
        }
        return DicomWriter.builder().setTransferSyntax(ts).build().encode(ds, null);
    }

    private static DicomWriter.DataSet copy(Path file, DicomAttributes attrs) {
        DicomWriter.DataSet out = new DicomWriter.DataSet();
        for (int tag : attrs.tags()) {
            String vr = attrs.vr(tag);
            List<DicomAttributes> items = attrs.items(tag);
            if ("SQ".equals(vr)) {
                out.sequence(tag, items.stream().map(i -> copy(file, i)).toArray(DicomWriter.DataSet[]::new));
                continue;
            }
            byte[] value = attrs.bytes(tag);
            if (value == null) {
                throw new CovidctException(file, "attribute " + Tag.toString(tag) + " is too large to copy");
            }
            out.bytes(tag, vr, value);
        }
        return out;
    }
}
