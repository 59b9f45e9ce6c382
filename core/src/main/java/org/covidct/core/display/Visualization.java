package org.covidct.core.display;

import org.covidct.core.CovidctException;
import org.covidct.core.image.CtSlice;
import org.covidct.core.io.AtomicFiles;
import org.covidct.core.tiff.TiffEncoder;

import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;

/**
 * The COVID-CTset authors' Visualize output (each slice divided by its own maximum, saved as a
 * 32-bit float TIFF) and windowed PNG renderings of slices.
 */
public final class Visualization {
    private Visualization() {
    }

    /**
     * value / slice maximum in float32, as numpy computes {@code img.astype(float32) / img.max()}: both
     * operands are exact in float32 and IEEE division rounds once, so the result is bit-identical. A slice
     * whose maximum is 0 gives NaN (0/0), as numpy does.
     */
    public static float[] divideByMax(CtSlice slice) {
        float max = slice.max();
        short[] v = slice.values();
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (v[i] & 0xFFFF) / max;
        }
        return out;
    }

    /** Writes a single-channel float32 TIFF (uncompressed, little-endian, one strip), atomically. */
    public static void writeFloatTiff(Path file, int width, int height, float[] values) {
        byte[] tiff = TiffEncoder.encodeFloat32(width, height, values);
        try {
            AtomicFiles.writeBytes(file, tiff);
        } catch (IOException e) {
            throw new CovidctException(file, "cannot write (" + e.getMessage() + ")", e);
        }
    }

    /** The reference Visualize output of a slice. */
    public static void writeReferenceVisualization(Path file, CtSlice slice) {
        writeFloatTiff(file, slice.width(), slice.height(), divideByMax(slice));
    }

    /** Writes the slice through {@code window} as an 8-bit grey PNG, atomically. */
    public static void writePng(Path file, CtSlice slice, DisplayWindow window) {
        var img = DisplayWindow.toGray8(slice, window);
        try {
            AtomicFiles.write(file, out -> {
                Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName("png");
                if (!it.hasNext()) {
                    throw new IOException("no PNG writer");
                }
                ImageWriter writer = it.next();
                try (ImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
                    writer.setOutput(ios);
                    writer.write(img);
                } finally {
                    writer.dispose();
                }
            });
        } catch (IOException e) {
            throw new CovidctException(file, "cannot write PNG (" + e.getMessage() + ")", e);
        }
    }
}
