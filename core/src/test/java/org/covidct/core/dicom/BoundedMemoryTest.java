package org.covidct.core.dicom;

import org.covidct.core.CovidctException;
import org.covidct.core.dicom.DicomWriter.DataSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Memory is bounded by the image, not by the file's structure (issue 14: two valid files made of many
 * small nested items took 5.2 and 5.4 GB of heap; with -Xmx1g convert died with OutOfMemoryError). The
 * parser keeps at most {@link DicomParser#MAX_KEPT_ELEMENTS} attributes and
 * {@link DicomParser#MAX_KEPT_BYTES} of values, and pixel data must fit the image.
 */
class BoundedMemoryTest {

    @TempDir
    Path tmp;

    /** The 4x4 image NestedItemFiles writes after its sequence: 0, 100, ... 1500. */
    private static int[] expectedImage() {
        int[] v = new int[16];
        for (int i = 0; i < 16; i++) {
            v[i] = 100 * i;
        }
        return v;
    }

    @Test
    void halfAMillionNestedItemsReadInA48MegabyteHeap() throws Exception {
        Path wide = tmp.resolve("wide.dcm");
        Path deep = tmp.resolve("deep.dcm");
        NestedItemFiles.wide(wide, 500_000);
        NestedItemFiles.deep(deep, 500_000 / 16, 16);
        // before the budget, these two took about 190 and 450 MB of live heap (measured: docs/DICOM.md)
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-Xmx48m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                HeapProbe.class.getName(), wide.toString(), deep.toString()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the child JVM finished");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertFalse(out.contains("OutOfMemoryError"), out);
        assertTrue(out.contains("wide.dcm ok 4x4"), out);
        assertTrue(out.contains("deep.dcm ok 4x4"), out);
    }

    @Test
    void itemsPastTheBudgetAreParsedNotKeptAndTheImageAttributesStay() throws Exception {
        Path f = tmp.resolve("wide.dcm");
        NestedItemFiles.wide(f, 60_000);
        DicomHeader h = DicomFile.readHeader(f);
        // SOPClassUID and Modality come first (2 kept); each item adds itself and its one attribute (2):
        // items are kept while fewer than MAX_KEPT_ELEMENTS are, 2 + 2k < 50,000, so k = 0..24,998
        assertEquals(24_999, h.attributes().items(0x00081140).size());
        assertEquals("1.2.8", h.attributes().items(0x00081140).get(24_998).string(0x00081150));
        assertEquals(4, h.rows(), "essential attributes after the budget are kept");
        assertNull(h.attributes().string(0x00204000), "other attributes after the budget are not");
        assertArrayEquals(expectedImage(), DicomFile.read(f).stored());

        Path small = tmp.resolve("small.dcm");
        NestedItemFiles.wide(small, 10);
        DicomHeader s = DicomFile.readHeader(small);
        assertEquals(10, s.attributes().items(0x00081140).size());
        assertEquals("after the sequence", s.attributes().string(0x00204000), "within the budget all is kept");
    }

    @Test
    void deepChainsPastTheBudgetStillDecode() throws Exception {
        Path f = tmp.resolve("deep.dcm");
        NestedItemFiles.deep(f, 5_000, 16);
        DicomHeader h = DicomFile.readHeader(f);
        assertTrue(HeapProbe.count(h.attributes()) <= DicomParser.MAX_KEPT_ELEMENTS + DicomHeader.ESSENTIAL.size(),
                "kept: " + HeapProbe.count(h.attributes()));
        assertArrayEquals(expectedImage(), DicomFile.read(f).stored());
    }

    @Test
    void valueBytesPastTheBudgetAreSkipped() throws Exception {
        // 20 private values of 1 MiB each after a few hundred bytes of others: 15 fit in 16 MiB, the rest
        // are skipped; the image still reads
        DataSet ds = ImageHeaderRulesTest.valid();
        for (int i = 0; i < 20; i++) {
            ds.bytes(0x00091000 + i, "OB", new byte[1 << 20]);
        }
        Path f = tmp.resolve("blobs.dcm");
        DicomWriter.builder().setTransferSyntax(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).build()
                .write(f, ds, ImageHeaderRulesTest.cells());
        DicomHeader h = DicomFile.readHeader(f);
        int kept = 0;
        for (int i = 0; i < 20; i++) {
            kept += h.attributes().bytes(0x00091000 + i) != null ? 1 : 0;
        }
        assertEquals(15, kept);
        assertNotNull(h.attributes().bytes(0x0009100E));
        assertNull(h.attributes().bytes(0x0009100F));
        assertEquals(35, DicomFile.read(f).stored().length);
    }

    @Test
    void nativePixelDataLongerThanTheImageIsRefusedBeforeItIsRead() throws Exception {
        Path f = tmp.resolve("long.dcm");
        // 7x5 of 16 bits is 70 bytes; the data holds 70 bytes + 2 MiB
        int[] cells = new int[35 + (1 << 20)];
        DicomWriter.builder().setTransferSyntax(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).build()
                .write(f, ImageHeaderRulesTest.valid(), cells);
        CovidctException e = assertThrows(CovidctException.class, () -> DicomFile.read(f));
        assertEquals(f + ": Rows/Columns: the pixel data holds 2097222 bytes but Rows x Columns x BitsAllocated/8 is 70"
                + " (the size does not match the data)", e.getMessage());
        // the odd 8-bit image keeps its one padding byte
        Path odd = tmp.resolve("odd.dcm");
        DicomWriter.builder().setTransferSyntax(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).build()
                .write(odd, DicomFormatsTest.dataSet(8, 8, 7, false), new int[35]);
        assertEquals(35, DicomFile.read(odd).stored().length);
    }

    @Test
    void encapsulatedDataBeyondTwiceTheImageOrTooManyFragmentsIsRefused() throws Exception {
        // 7x5 of 16 bits: 70 bytes; cap 2 x 70 + 1 MiB
        Path big = tmp.resolve("big.dcm");
        Files.write(big, rleFile(List.of(new byte[(1 << 20) + 142])));
        CovidctException e = assertThrows(CovidctException.class, () -> DicomFile.read(big));
        assertTrue(e.getMessage().contains("encapsulated pixel data of more than 1048716 bytes for one image"),
                e.getMessage());
        Path atCap = tmp.resolve("cap.dcm");
        Files.write(atCap, rleFile(List.of(new byte[(1 << 20) + 140])));
        CovidctException rle = assertThrows(CovidctException.class, () -> DicomFile.read(atCap));
        assertTrue(rle.getMessage().contains("RLE"), "at the cap the frame is read (and refused by RLE): "
                + rle.getMessage());

        List<byte[]> many = new ArrayList<>();
        for (int i = 0; i < DicomParser.MAX_FRAGMENTS + 1; i++) {
            many.add(new byte[0]);
        }
        Path frags = tmp.resolve("frags.dcm");
        Files.write(frags, rleFile(many));
        CovidctException f = assertThrows(CovidctException.class, () -> DicomFile.read(frags));
        assertTrue(f.getMessage().contains("more than 65536 fragments"), f.getMessage());
        // header reads never look at fragments
        assertEquals(5, DicomFile.readHeader(frags).rows());
    }

    @Test
    void aMetaGroupOfThousandsOfAttributesIsRefused() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[128]);
        out.writeBytes("DICM".getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < 1001; i++) {
            ByteBuffer b = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
            b.putShort((short) 2).putShort((short) (0x100 + i)).put((byte) 'S').put((byte) 'H').putShort((short) 2)
                    .put((byte) 'a').put((byte) 'b');
            out.writeBytes(b.array());
        }
        Path f = tmp.resolve("meta.dcm");
        Files.write(f, out.toByteArray());
        CovidctException e = assertThrows(CovidctException.class, () -> DicomFile.readHeader(f));
        assertEquals(f + ": file meta group with more than 1000 attributes", e.getMessage());
    }

    /** A 7x5 16-bit RLE file whose encapsulated pixel data holds these fragments (after an empty offset table). */
    private byte[] rleFile(List<byte[]> fragments) throws Exception {
        Path ok = tmp.resolve("ok.dcm");
        DicomWriter.builder().setTransferSyntax(TransferSyntax.RLE_LOSSLESS).build()
                .write(ok, ImageHeaderRulesTest.valid(), ImageHeaderRulesTest.cells());
        byte[] all = Files.readAllBytes(ok);
        ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        int at = -1;
        for (int i = 0; i + 4 < all.length; i++) {
            if (b.getInt(i) == 0x00107FE0) {
                at = i;
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(all, 0, at + 12); // tag, VR OB, reserved, undefined length
        ByteBuffer item = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        out.writeBytes(item.putShort((short) 0xFFFE).putShort((short) 0xE000).putInt(0).array());
        for (byte[] f : fragments) {
            ByteBuffer h = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            out.writeBytes(h.putShort((short) 0xFFFE).putShort((short) 0xE000).putInt(f.length).array());
            out.writeBytes(f);
        }
        ByteBuffer end = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        out.writeBytes(end.putShort((short) 0xFFFE).putShort((short) 0xE0DD).putInt(0).array());
        return out.toByteArray();
    }
}
