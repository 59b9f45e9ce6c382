package org.covidct.core.dicom;

import org.covidct.core.CovidctException;
import org.covidct.core.image.Crops;
import org.covidct.core.image.CtSlice;

import java.awt.Rectangle;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Entry points of the DICOM Part-10 reader: header-only reads, full image reads, content sniffing. */
public final class DicomFile {
    private DicomFile() {
    }

    /** Reads the attributes up to the pixel data; not one pixel byte is read. */
    public static DicomHeader readHeader(Path file) {
        return header(file, DicomParser.parse(file, false));
    }

    private static DicomHeader header(Path file, DicomParser.Parsed p) {
        return new DicomHeader(file, p.transferSyntaxUid(), p.meta(), p.dataSet(), p.hasPixelData(),
                new DicomHeader.PixelLocation(p.pixelOffset(), p.pixelLength(), p.pixelBigEndian()));
    }

    /**
     * The COVID-CTset values of a region of the image. Uncompressed files are read only as far as the
     * header and the rows that cover the region; compressed and deflated ones are decoded whole and cropped.
     */
    public static CtSlice readRegion(Path file, Rectangle region, String sourceName) {
        DicomHeader h = readHeader(file);
        if (h.hasPixelData()) {
            try {
                PixelDecoder.checkFormat(h); // the rules of a whole read, before the region is judged
            } catch (IllegalArgumentException e) {
                throw new CovidctException(file, e.getMessage(), e);
            }
        }
        if (region.x < 0 || region.y < 0 || region.width <= 0 || region.height <= 0
                || region.x + region.width > h.columns() || region.y + region.height > h.rows()) {
            throw new CovidctException(file, "slice is " + h.columns() + "x" + h.rows() + ", too small for region "
                    + region.width + "x" + region.height + " at " + region.x + "," + region.y);
        }
        TransferSyntax ts = h.transferSyntax();
        DicomHeader.PixelLocation loc = h.pixelLocation();
        if (!h.hasPixelData() || ts == null || ts.encapsulated() || ts.deflated() || loc.length() < 0) {
            return Crops.crop(read(file).toCtSlice(sourceName), region);
        }
        long rowBytes = (long) h.columns() * (h.bitsAllocated() / 8);
        long needed = rowBytes * h.rows();
        try {
            PixelDecoder.checkNativeLength(loc.length(), (long) h.columns() * h.rows(), h.bitsAllocated() / 8);
        } catch (IllegalArgumentException e) {
            throw new CovidctException(file, e.getMessage(), e);
        }
        byte[] band = new byte[(int) (rowBytes * region.height)];
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            if (loc.offset() + needed > ch.size()) {
                // the same verdict as a whole read: a cut file is refused even where the region survives
                throw new CovidctException(file, "truncated DICOM file (ends inside an attribute)");
            }
            ByteBuffer buf = ByteBuffer.wrap(band);
            long pos = loc.offset() + rowBytes * region.y;
            while (buf.hasRemaining()) {
                if (ch.read(buf, pos + buf.position()) < 0) {
                    throw new CovidctException(file, "truncated DICOM file (ends inside the pixel data)");
                }
            }
        } catch (IOException e) {
            throw new CovidctException(file, "cannot read (" + e.getClass().getSimpleName() + ")", e);
        }
        int[] stored = PixelDecoder.nativeRegion(h, band, region, loc.bigEndian());
        return DicomImage.convert(h, stored, region.width, region.height, sourceName, false).slice();
    }

    /** Reads and decodes the image (first frame) of a file. */
    public static DicomImage read(Path file) {
        DicomParser.Parsed p = DicomParser.parse(file, true);
        DicomHeader h = header(file, p);
        if (p.pixels() == null) {
            throw new CovidctException(file, "no pixel data (not an image: modality "
                    + (h.modality() == null ? "unknown" : TransferSyntax.printable(h.modality())) + ")");
        }
        try {
            return new DicomImage(h, PixelDecoder.decode(h, p.pixels()));
        } catch (IllegalArgumentException e) {
            throw new CovidctException(file, e.getMessage(), e);
        } catch (RuntimeException e) {
            // the JPEG decoder is third-party code fed with untrusted bytes: its failures are bad input
            throw new CovidctException(file, "corrupt pixel data (" + PixelDecoder.oneLine(e) + ")", e);
        }
    }

    /**
     * True when the file has the Part-10 marker "DICM" at byte 128. Such a file is DICOM whatever its
     * 128-byte preamble holds: PS3.10 7.1 lets the preamble carry another format's header (a TIFF one, so
     * that a file is both), and pydicom's CT_small.dcm begins with TIFF magic bytes.
     */
    public static boolean hasDicmMarker(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(132);
            return head.length == 132 && head[128] == 'D' && head[129] == 'I' && head[130] == 'C' && head[131] == 'M';
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * True when the file's content looks like DICOM: "DICM" at byte 128, or a plausible file meta group
     * or group-0008 data set at byte 0 (files written without preamble). The name does not matter.
     */
    public static boolean looksLikeDicom(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(132);
            if (head.length == 132 && head[128] == 'D' && head[129] == 'I' && head[130] == 'C' && head[131] == 'M') {
                return true;
            }
            return DicomParser.sniff(head, Files.size(file)) != DicomParser.Start.NOT_DICOM;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
