package org.covidct.core.dicom;

import org.covidct.core.CovidctException;

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
        DicomParser.Parsed p = DicomParser.parse(file, false);
        return new DicomHeader(file, p.transferSyntaxUid(), p.meta(), p.dataSet(), p.hasPixelData());
    }

    /** Reads and decodes the image (first frame) of a file. */
    public static DicomImage read(Path file) {
        DicomParser.Parsed p = DicomParser.parse(file, true);
        DicomHeader h = new DicomHeader(file, p.transferSyntaxUid(), p.meta(), p.dataSet(), p.hasPixelData());
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
