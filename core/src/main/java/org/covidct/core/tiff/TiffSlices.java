package org.covidct.core.tiff;

import org.covidct.core.image.CtSlice;
import com.twelvemonkeys.imageio.plugins.tiff.TIFFImageReaderSpi;
import com.twelvemonkeys.imageio.plugins.tiff.TIFFImageWriterSpi;
import org.covidct.core.CovidctException;
import org.covidct.core.image.Crops;
import org.covidct.core.io.AtomicFiles;

import javax.imageio.IIOImage;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferUShort;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads and writes 16-bit grayscale CT slices as TIFF through TwelveMonkeys (chosen explicitly, not
 * whichever TIFF plugin ImageIO finds first: the JDK's own plugin differs on predictors and tiles).
 */
public final class TiffSlices {

    /** Compression of a written slice. */
    public enum Compression {
        NONE(null), LZW("LZW"), DEFLATE("Deflate");

        final String imageIoName;

        Compression(String imageIoName) {
            this.imageIoName = imageIoName;
        }
    }

    private static final TIFFImageReaderSpi READER_SPI = new TIFFImageReaderSpi();
    private static final TIFFImageWriterSpi WRITER_SPI = new TIFFImageWriterSpi();

    private TiffSlices() {
    }

    /** Reads a whole slice; values unchanged. */
    public static CtSlice read(Path file) {
        return readRegion(file, (RegionChooser) null);
    }

    /**
     * Reads the rows/columns of {@code region} only (null for all); the result is the region's size.
     * Strip-stored slices (uncompressed, LZW, Deflate; with or without the horizontal predictor) are
     * decoded by {@link StripDecoder}, which reads and decodes only the strips covering the region;
     * tiles and other codecs go through TwelveMonkeys. Tests hold the two decoders to identical output.
     */
    public static CtSlice readRegion(Path file, Rectangle region) {
        return readRegion(file, region == null ? null : (w, h) -> region);
    }

    /** Chooses a region from the slice's size, known once the TIFF directory is read. */
    @FunctionalInterface
    public interface RegionChooser {
        Rectangle regionFor(int width, int height);
    }

    /**
     * Reads the region {@code chooser} picks from the slice's size (null chooser: the whole slice), opening
     * the file once: selection uses it to scale its window to the slice without a second directory read.
     */
    public static CtSlice readRegion(Path file, RegionChooser chooser) {
        Rectangle region = null;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            TiffDirectory dir = TiffDirectory.read(file, ch);
            dir.requireCtSlice(file);
            region = chooser == null ? null : chooser.regionFor(dir.width(), dir.height());
            Rectangle r = checkedRegion(file, dir.width(), dir.height(), region);
            if (dir.leanDecodable()) {
                try {
                    return new CtSlice(r.width, r.height, StripDecoder.decode(file, ch, dir, r), name(file));
                } catch (StripDecoder.Unsupported e) {
                    // fall through to the library
                }
            }
        } catch (NoSuchFileException e) {
            throw new CovidctException(file, "no such file");
        } catch (IOException e) {
            throw new CovidctException(file, "cannot read (" + oneLine(e) + ")", e);
        }
        return readWithImageIo(file, region);
    }

    /**
     * Counts the values below {@code below} (unsigned) in the region {@code chooser} picks from the
     * slice's size, exactly as counting over {@link #readRegion(Path, RegionChooser)} would, but
     * without building the region: strip-stored slices are counted straight from the decoded rows.
     */
    public static int countBelow(Path file, RegionChooser chooser, int below) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            TiffDirectory dir = TiffDirectory.read(file, ch);
            dir.requireCtSlice(file);
            Rectangle r = checkedRegion(file, dir.width(), dir.height(), chooser.regionFor(dir.width(), dir.height()));
            if (dir.leanDecodable()) {
                try {
                    return StripDecoder.countBelow(file, ch, dir, r, below);
                } catch (StripDecoder.Unsupported e) {
                    // fall through to the library
                }
            }
        } catch (NoSuchFileException e) {
            throw new CovidctException(file, "no such file");
        } catch (IOException e) {
            throw new CovidctException(file, "cannot read (" + oneLine(e) + ")", e);
        }
        int n = 0;
        for (short v : readRegion(file, chooser).values()) {
            n += (v & 0xFFFF) < below ? 1 : 0;
        }
        return n;
    }

    /** Reads through TwelveMonkeys only (the fallback decoder, and the oracle the lean decoder is tested against). */
    static CtSlice readWithImageIo(Path file, Rectangle region) {
        try (ImageInputStream in = new FileImageInputStream(file.toFile())) {
            ImageReader reader = READER_SPI.createReaderInstance();
            try {
                if (!READER_SPI.canDecodeInput(in)) {
                    throw new CovidctException(file, "not a TIFF file");
                }
                reader.setInput(in, true, true);
                int w = reader.getWidth(0);
                int h = reader.getHeight(0);
                checkSampleModel(file, reader);
                Rectangle r = checkedRegion(file, w, h, region);
                // whole image, then crop: TwelveMonkeys 3.14.0 fails on source regions of tiled images
                // (RasterFormatException in clipRowToRect); this path only serves layouts StripDecoder leaves
                CtSlice whole = toSlice(file, reader.readRaster(0, reader.getDefaultReadParam()));
                CtSlice out = region == null ? whole : Crops.crop(whole, r);
                StripDecoder.checkHighValues(file, out.values());
                return out;
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof CovidctException ce) {
                throw ce;
            }
            throw new CovidctException(file, "corrupt or truncated TIFF (" + oneLine(e) + ")", e);
        }
    }

    private static Rectangle checkedRegion(Path file, int w, int h, Rectangle region) {
        if (region == null) {
            return new Rectangle(0, 0, w, h);
        }
        if (region.width <= 0 || region.height <= 0 || region.x < 0 || region.y < 0
                || region.x + region.width > w || region.y + region.height > h) {
            throw new CovidctException(file, "slice is " + w + "x" + h + ", too small for region "
                    + region.width + "x" + region.height + " at " + region.x + "," + region.y);
        }
        return region;
    }

    /** The parsed first directory (size, layout) without decoding pixels. */
    public static TiffDirectory directory(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return TiffDirectory.read(file, ch);
        } catch (NoSuchFileException e) {
            throw new CovidctException(file, "no such file");
        } catch (IOException e) {
            throw new CovidctException(file, "cannot read (" + oneLine(e) + ")", e);
        }
    }

    private static String name(Path file) {
        return file.getFileName().toString();
    }

    /** Width and height without decoding pixels. */
    public static int[] size(Path file) {
        TiffDirectory d = directory(file);
        return new int[] {d.width(), d.height()};
    }

    private static void checkSampleModel(Path file, ImageReader reader) throws IOException {
        var type = reader.getRawImageType(0);
        if (type == null) {
            throw new CovidctException(file, "unsupported TIFF pixel layout");
        }
        var sm = type.getSampleModel();
        int bands = sm.getNumBands();
        int bits = sm.getSampleSize(0);
        if (bands != 1 || bits != 16 || sm.getDataType() != DataBuffer.TYPE_USHORT && sm.getDataType() != DataBuffer.TYPE_SHORT) {
            throw new CovidctException(file, "expected a 16-bit single-channel CT slice, found " + bands
                    + " channel(s) of " + bits + " bits");
        }
    }

    private static CtSlice toSlice(Path file, Raster raster) {
        int w = raster.getWidth();
        int h = raster.getHeight();
        short[] values = new short[w * h];
        DataBuffer db = raster.getDataBuffer();
        if (db instanceof DataBufferUShort us && raster.getSampleModelTranslateX() == 0
                && raster.getSampleModelTranslateY() == 0 && us.getData().length == values.length
                && raster.getSampleModel() instanceof java.awt.image.ComponentSampleModel csm
                && csm.getPixelStride() == 1 && csm.getScanlineStride() == w) {
            System.arraycopy(us.getData(), us.getOffset(), values, 0, values.length);
        } else {
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                raster.getSamples(raster.getMinX(), raster.getMinY() + y, w, 1, 0, row);
                for (int x = 0; x < w; x++) {
                    values[y * w + x] = (short) row[x];
                }
            }
        }
        return new CtSlice(w, h, values, file.getFileName().toString());
    }

    /** Writes a slice as 16-bit grayscale TIFF, atomically. */
    public static void write(Path file, CtSlice slice, Compression compression) {
        try {
            if (compression == Compression.LZW) {
                // the dataset's own layout (OpenCV: LZW, predictor, 8-row strips), about ten times faster than ImageIO
                AtomicFiles.writeBytes(file, TiffEncoder.encode(slice));
                return;
            }
            AtomicFiles.write(file, out -> {
                ImageWriter writer = WRITER_SPI.createWriterInstance();
                try (ImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
                    writer.setOutput(ios);
                    ImageWriteParam param = writer.getDefaultWriteParam();
                    if (compression.imageIoName != null) {
                        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                        param.setCompressionType(compression.imageIoName);
                    }
                    writer.write(null, new IIOImage(toImage(slice), null, null), param);
                    ios.flush();
                } finally {
                    writer.dispose();
                }
            });
        } catch (IOException e) {
            throw new CovidctException(file, "cannot write TIFF (" + oneLine(e) + ")", e);
        }
    }

    /** The slice as a TYPE_USHORT_GRAY image sharing no state with the slice. */
    public static BufferedImage toImage(CtSlice slice) {
        BufferedImage img = new BufferedImage(slice.width(), slice.height(), BufferedImage.TYPE_USHORT_GRAY);
        short[] data = ((DataBufferUShort) img.getRaster().getDataBuffer()).getData();
        System.arraycopy(slice.values(), 0, data, 0, data.length);
        return img;
    }

    /** True when the file starts with a TIFF signature. */
    public static boolean looksLikeTiff(Path file) {
        try (var in = Files.newInputStream(file)) {
            byte[] b = in.readNBytes(4);
            return b.length == 4 && ((b[0] == 'I' && b[1] == 'I' && b[2] == 42 && b[3] == 0)
                    || (b[0] == 'M' && b[1] == 'M' && b[2] == 0 && b[3] == 42));
        } catch (IOException e) {
            return false;
        }
    }

    static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.replace('\n', ' ').replace('\r', ' ');
    }
}
