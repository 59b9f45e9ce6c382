package org.covidct.nn.data;

import org.covidct.core.CovidctException;
import org.covidct.core.image.CtSlice;
import org.covidct.core.tiff.TiffSlices;

import java.nio.file.Path;

/**
 * Reads a 16-bit slice as the networks' input: the raw stored values as float (REFERENCE section 3: no
 * rescaling), at the model's square input size.
 *
 * <p>A slice of the model's size is used as is. A square slice whose side is an integer multiple k of the
 * input size is reduced by averaging each k x k block (an anti-aliased, exact downscale: 512 to 64 is 8 x 8
 * blocks); this is what lets CPU-sized models train and evaluate on full-size data. Any other size is a
 * user error naming the file: silently resampling by a fractional factor would change what the network
 * sees without the user asking.
 */
public final class SliceDecoder {

    private final int size;

    public SliceDecoder(int size) {
        if (size <= 0) {
            throw new IllegalArgumentException("input size " + size);
        }
        this.size = size;
    }

    public int size() {
        return size;
    }

    /** Reads one file into a new float array of size x size values, row-major. */
    public float[] read(Path file) {
        return toInput(TiffSlices.read(file), file);
    }

    /** Converts an already decoded slice (file only for messages). */
    public float[] toInput(CtSlice slice, Path file) {
        float[] out = new float[size * size];
        toInput(slice, file, out, 0);
        return out;
    }

    /** Converts an already decoded slice into {@code out} from {@code offset} (file only for messages). */
    public void toInput(CtSlice slice, Path file, float[] out, int offset) {
        int w = slice.width();
        int h = slice.height();
        short[] values = slice.values();
        if (w == size && h == size) {
            for (int i = 0; i < size * size; i++) {
                out[offset + i] = values[i] & 0xFFFF;
            }
            return;
        }
        if (w != h || w % size != 0) {
            throw new CovidctException(file, "slice is " + w + "x" + h + " but the model takes " + size + "x" + size
                    + " (only square slices whose side is a multiple of " + size + " are reduced, by block averaging)");
        }
        int k = w / size;
        double norm = 1.0 / (k * k);
        for (int r = 0; r < size; r++) {
            for (int c = 0; c < size; c++) {
                long sum = 0;
                for (int dy = 0; dy < k; dy++) {
                    int base = (r * k + dy) * w + c * k;
                    for (int dx = 0; dx < k; dx++) {
                        sum += values[base + dx] & 0xFFFF;
                    }
                }
                out[offset + r * size + c] = (float) (sum * norm);
            }
        }
    }
}
