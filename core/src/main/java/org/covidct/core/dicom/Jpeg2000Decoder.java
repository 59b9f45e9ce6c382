package org.covidct.core.dicom;

import com.github.jaiimageio.jpeg2000.impl.J2KImageReaderSpi;
import jj2000.j2k.util.FacilityManager;
import jj2000.j2k.util.MsgLogger;

import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * JPEG 2000 frames (transfer syntaxes 1.2.840.10008.1.2.4.90 and .91) through jai-imageio-jpeg2000 1.4.0,
 * the JJ2000 decoder with an ImageIO face (licence and maintenance: docs/DICOM.md). A frame is a
 * codestream (or, in non-conformant files, a JP2 file) of one component; its decoded sample is the
 * stored value, masked and sign-extended by the caller like a JPEG Lossless sample. The frame's size is
 * read from its header and must equal Rows x Columns before anything is decoded.
 */
final class Jpeg2000Decoder {
    private Jpeg2000Decoder() {
    }

    private static final J2KImageReaderSpi SPI = new J2KImageReaderSpi();

    /** Our own verdicts on a frame, told apart from what the library throws. */
    private static final class FrameRefused extends IllegalArgumentException {
        FrameRefused(String message) {
            super(message);
        }
    }

    /** JJ2000 reports through a process-wide logger that prints to the console; ours keeps quiet. */
    private static final MsgLogger SILENT = new MsgLogger() {
        @Override
        public void printmsg(int severity, String message) {
        }

        @Override
        public void println(String text, int firstIndent, int indent) {
        }

        @Override
        public void flush() {
        }
    };

    static {
        FacilityManager.registerMsgLogger(null, SILENT);
    }

    /**
     * The samples of a one-component frame, row-major.
     *
     * @throws IllegalArgumentException when the frame is not a JPEG 2000 image of this size, or corrupt
     */
    static int[] decode(byte[] frame, int rows, int cols) {
        if (!startsLikeJpeg2000(frame)) {
            throw new IllegalArgumentException("JPEG 2000 frame does not start with a codestream (FF4F) or JP2 signature");
        }
        ImageReader reader = null;
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(frame))) {
            reader = SPI.createReaderInstance();
            reader.setInput(in, true, true);
            int w = reader.getWidth(0);
            int h = reader.getHeight(0);
            if (w != cols || h != rows) {
                throw new FrameRefused("JPEG 2000 frame is " + w + "x" + h + " but the header says "
                        + cols + "x" + rows);
            }
            Raster r = reader.readRaster(0, null);
            if (r.getNumBands() != 1) {
                throw new FrameRefused("JPEG 2000 frame has " + r.getNumBands() + " components, expected 1");
            }
            if (r.getWidth() != cols || r.getHeight() != rows) {
                throw new FrameRefused("JPEG 2000 frame decodes to " + r.getWidth() + "x" + r.getHeight()
                        + ", the header says " + cols + "x" + rows);
            }
            return r.getSamples(r.getMinX(), r.getMinY(), cols, rows, 0, new int[rows * cols]);
        } catch (IOException e) {
            throw new IllegalArgumentException("corrupt JPEG 2000 frame (" + PixelDecoder.oneLine(e) + ")", e);
        } catch (FrameRefused | VirtualMachineError e) {
            throw e;
        } catch (RuntimeException | Error e) {
            // JJ2000 signals a damaged codestream with whatever it meets first, Errors included
            throw new IllegalArgumentException("corrupt JPEG 2000 frame (" + PixelDecoder.oneLine(e) + ")", e);
        } finally {
            if (reader != null) {
                reader.dispose();
            }
        }
    }

    /** A raw codestream starts with SOC then SIZ (FF4F FF51); a JP2 file with its 12-byte signature box. */
    static boolean startsLikeJpeg2000(byte[] b) {
        boolean codestream = b.length >= 4 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0x4F
                && (b[2] & 0xFF) == 0xFF && (b[3] & 0xFF) == 0x51;
        boolean jp2 = b.length >= 12 && b[0] == 0 && b[1] == 0 && b[2] == 0 && b[3] == 12
                && b[4] == 'j' && b[5] == 'P' && b[6] == ' ' && b[7] == ' ';
        return codestream || jp2;
    }
}
