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
        for (Map.Entry<Integer, String> e : uids.entrySet()) {
            if (!DicomUids.isValid(e.getValue())) {
                throw new IllegalArgumentException("not a valid UID for " + Tag.toString(e.getKey()) + ": " + e.getValue());
            }
        }
        return withStrings(file, uids);
    }

    /**
     * As {@link #withUids} for any string values, unchecked: each keeps the VR it has in the file (a tag absent
     * from the file is added with the VR of the reader's dictionary, UI for unknown tags). Empty values and
     * non-UID strings are written as given, which is how fixtures of badly de-identified files are made.
     */
    public static byte[] withStrings(Path file, Map<Integer, String> values) {
        DicomParser.Parsed p = DicomParser.parse(file, true);
        TransferSyntax ts = TransferSyntax.of(p.transferSyntaxUid());
        if (ts == null) {
            throw new CovidctException(file, TransferSyntax.describe(p.transferSyntaxUid()) + " cannot be rewritten");
        }
        DicomWriter.DataSet ds = copy(file, p.dataSet());
        values.forEach((tag, v) -> {
            String vr = p.dataSet().vr(tag);
            if (vr == null || vr.equals("UN")) {
                vr = Tag.implicitVr(tag).equals("UN") ? "UI" : Tag.implicitVr(tag);
            }
            ds.string(tag, vr, v);
        });
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
