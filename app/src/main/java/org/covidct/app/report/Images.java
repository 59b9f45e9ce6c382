package org.covidct.app.report;

import org.covidct.core.image.CtSlice;
import org.covidct.nn.explain.Heatmap;

import javax.imageio.ImageIO;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;

/** Display images for reports: lung-window rendering, scaling, Grad-CAM overlays, PNG data URIs. */
public final class Images {

    /** Lung window of the reports: width 1500 HU, level -600 HU (values are HU + 1024). */
    public static final int LUNG_WIDTH = 1500;
    public static final int LUNG_LEVEL = -600;

    private Images() {
    }

    /** The slice in the lung window as 8-bit gray, full size. */
    public static BufferedImage lungWindow(CtSlice slice) {
        BufferedImage img = new BufferedImage(slice.width(), slice.height(), BufferedImage.TYPE_BYTE_GRAY);
        byte[] out = ((java.awt.image.DataBufferByte) img.getRaster().getDataBuffer()).getData();
        double low = LUNG_LEVEL - LUNG_WIDTH / 2.0 + 1024;
        short[] v = slice.values();
        for (int i = 0; i < v.length; i++) {
            double g = ((v[i] & 0xFFFF) - low) * 255.0 / LUNG_WIDTH;
            out[i] = (byte) Math.max(0, Math.min(255, Math.round(g)));
        }
        return img;
    }

    /** Scales so that the longer side is {@code size} pixels (smooth). */
    public static BufferedImage scale(BufferedImage src, int size) {
        double f = size / (double) Math.max(src.getWidth(), src.getHeight());
        int w = Math.max(1, (int) Math.round(src.getWidth() * f));
        int h = Math.max(1, (int) Math.round(src.getHeight() * f));
        BufferedImage out = new BufferedImage(w, h, src.getType() == BufferedImage.TYPE_BYTE_GRAY
                ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.drawImage(src, 0, 0, w, h, null);
        g.dispose();
        return out;
    }

    /**
     * The heatmap blended over the gray image: transparent where the map is below 0.2 so anatomy stays
     * readable, then increasingly opaque from blue through yellow to red.
     */
    public static BufferedImage overlay(BufferedImage gray, Heatmap map) {
        if (gray.getWidth() != map.width() || gray.getHeight() != map.height()) {
            throw new IllegalArgumentException("overlay " + gray.getWidth() + "x" + gray.getHeight()
                    + " vs heatmap " + map.width() + "x" + map.height());
        }
        BufferedImage out = new BufferedImage(gray.getWidth(), gray.getHeight(), BufferedImage.TYPE_INT_RGB);
        var raster = gray.getRaster();
        for (int y = 0; y < gray.getHeight(); y++) {
            for (int x = 0; x < gray.getWidth(); x++) {
                int g = raster.getSample(x, y, 0);
                float h = map.at(x, y);
                int rgb;
                if (h < 0.2f) {
                    rgb = g << 16 | g << 8 | g;
                } else {
                    int[] c = heatColour(h);
                    float a = 0.35f + 0.4f * (h - 0.2f) / 0.8f;
                    int r = Math.round(g * (1 - a) + c[0] * a);
                    int gg = Math.round(g * (1 - a) + c[1] * a);
                    int b = Math.round(g * (1 - a) + c[2] * a);
                    rgb = r << 16 | gg << 8 | b;
                }
                out.setRGB(x, y, rgb);
            }
        }
        return out;
    }

    /** Blue (0) - cyan - yellow - red (1). */
    static int[] heatColour(float t) {
        float[][] stops = {{0, 0, 255}, {0, 255, 255}, {255, 255, 0}, {255, 0, 0}};
        float p = Math.max(0, Math.min(1, t)) * (stops.length - 1);
        int i = Math.min(stops.length - 2, (int) p);
        float f = p - i;
        int[] c = new int[3];
        for (int k = 0; k < 3; k++) {
            c[k] = Math.round(stops[i][k] * (1 - f) + stops[i + 1][k] * f);
        }
        return c;
    }

    /** Two images of one height side by side with a 4-pixel white gap. */
    public static BufferedImage besideEachOther(BufferedImage left, BufferedImage right) {
        BufferedImage out = new BufferedImage(left.getWidth() + 4 + right.getWidth(),
                Math.max(left.getHeight(), right.getHeight()), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.drawImage(left, 0, 0, null);
        g.drawImage(right, left.getWidth() + 4, 0, null);
        g.dispose();
        return out;
    }

    /** The image below a strip of white text on {@code background}: a notice no copy of the picture loses. */
    public static BufferedImage captioned(BufferedImage img, String text, java.awt.Color background) {
        int strip = Math.max(16, img.getWidth() / 24);
        BufferedImage out = new BufferedImage(img.getWidth(), img.getHeight() + strip, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(background);
        g.fillRect(0, 0, out.getWidth(), strip);
        g.drawImage(img, 0, strip, null);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(java.awt.Color.WHITE);
        g.setFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.BOLD, Math.max(10, strip * 2 / 3)));
        g.drawString(text, 4, strip * 3 / 4);
        g.dispose();
        return out;
    }

    public static byte[] png(BufferedImage img) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(img, "png", out)) {
                throw new IllegalStateException("no PNG writer");
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String dataUri(BufferedImage img) {
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(png(img));
    }

    /**
     * A JPEG data URI at the given quality (0..1): for the report's per-slice views, which a lossless PNG would make
     * several times larger (a 256 px lung window: about 12 KB as JPEG at 0.9 against 45 KB as PNG).
     */
    public static String jpegDataUri(BufferedImage img, float quality) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            javax.imageio.ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
            javax.imageio.ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(javax.imageio.ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            try (javax.imageio.stream.ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
                writer.setOutput(ios);
                writer.write(null, new javax.imageio.IIOImage(img, null, null), param);
            } finally {
                writer.dispose();
            }
            return "data:image/jpeg;base64," + Base64.getEncoder().encodeToString(out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
