package org.covidct.core.dicom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A real JPEG Lossless file rewritten with new UIDs: the new UIDs are read back (data set and meta group),
 * the compressed pixels decode to the same values, every other attribute keeps its bytes; files of other
 * syntaxes (big endian, RLE) too.
 */
class DicomRewriterTest {

    @TempDir
    Path tmp;

    @Test
    void jpegLosslessFileKeepsItsPixelsAndAttributes() throws Exception {
        Path src = RealData.dir().resolve("covid-ct-md/covid/P001/98C14734-ASSH_1.dcm");
        String study = DicomUids.fromName("study");
        String sop = DicomUids.fromName("sop");
        Path out = tmp.resolve("copy.dcm");
        Files.write(out, DicomRewriter.withUids(src, Map.of(Tag.STUDY_INSTANCE_UID, study, Tag.SOP_INSTANCE_UID, sop)));

        DicomHeader before = DicomFile.readHeader(src);
        DicomHeader after = DicomFile.readHeader(out);
        assertEquals(study, after.studyInstanceUid());
        assertEquals(sop, after.attributes().string(Tag.SOP_INSTANCE_UID));
        assertEquals(sop, after.meta().string(0x00020003), "the meta group names the new instance");
        assertEquals(before.seriesInstanceUid(), after.seriesInstanceUid(), "UIDs not asked for stay");
        assertEquals(before.transferSyntaxUid(), after.transferSyntaxUid());
        assertNotEquals(before.studyInstanceUid(), after.studyInstanceUid());
        for (int tag : before.attributes().tags()) {
            if (tag != Tag.STUDY_INSTANCE_UID && tag != Tag.SOP_INSTANCE_UID && !"SQ".equals(before.attributes().vr(tag))) {
                assertArrayEquals(before.attributes().bytes(tag), after.attributes().bytes(tag), Tag.toString(tag));
            }
        }
        assertEquals(before.attributes().tags(), after.attributes().tags());
        assertArrayEquals(DicomFile.read(src).stored(), DicomFile.read(out).stored(), "same decoded pixels");
    }

    @Test
    void otherSyntaxesRoundTrip() throws Exception {
        int[] cells = new int[7 * 5];
        Arrays.setAll(cells, i -> (i * 37) % 4096);
        for (TransferSyntax ts : new TransferSyntax[] {TransferSyntax.EXPLICIT_VR_BIG_ENDIAN, TransferSyntax.RLE_LOSSLESS,
                TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN}) {
            Path f = tmp.resolve(ts.name() + ".dcm");
            DicomWriter.builder().setTransferSyntax(ts).build().write(f, DicomFormatsTest.dataSet(16, 12, 11, false), cells);
            Path g = tmp.resolve(ts.name() + "-copy.dcm");
            String series = DicomUids.fromName("series " + ts);
            Files.write(g, DicomRewriter.withUids(f, Map.of(Tag.SERIES_INSTANCE_UID, series)));
            assertEquals(series, DicomFile.readHeader(g).seriesInstanceUid(), ts.name());
            assertArrayEquals(DicomFile.read(f).stored(), DicomFile.read(g).stored(), ts.name());
        }
    }

    @Test
    void refusesInvalidUids() {
        Path src = RealData.dir().resolve("covid-ct-md/covid/P001/98C14734-ASSH_1.dcm");
        assertThrows(IllegalArgumentException.class,
                () -> DicomRewriter.withUids(src, Map.of(Tag.STUDY_INSTANCE_UID, "98C14734-ASSH")));
    }

    @Test
    void uidsDerivedFromNames() {
        String a = DicomUids.fromName("0c4f7e2a-5d1b-4b8e-9f1a-2e3d4c5b6a79");
        assertTrue(a.startsWith("2.25."), a);
        assertTrue(DicomUids.isValid(a), a);
        assertEquals(a, DicomUids.fromName("0c4f7e2a-5d1b-4b8e-9f1a-2e3d4c5b6a79"), "deterministic");
        assertNotEquals(a, DicomUids.fromName("0c4f7e2a-5d1b-4b8e-9f1a-2e3d4c5b6a7a"));
        assertFalse(DicomUids.isValid("98C14734-ASSH"));
        assertFalse(DicomUids.isValid(""));
        assertFalse(DicomUids.isValid("1.02.3"), "leading zero");
        assertFalse(DicomUids.isValid("1..3"));
        assertFalse(DicomUids.isValid("1." + "2".repeat(63)), "longer than 64");
        assertTrue(DicomUids.isValid("1.3.12.2.1107.5.1.4.93005.30000020030507283104800000079"));
    }
}
