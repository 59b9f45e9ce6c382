package org.covidct.core.display;

import org.covidct.core.image.CtSlice;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.List;

/**
 * Tiles windowed CT slices into one 8-bit image (a contact sheet), each tile optionally labelled:
 * how a sweep is looked at and compared with another.
 */
public final class Montage {

    private Montage() {
    }

    /**
     * The slice through {@code window} as 8-bit gray, downscaled to {@code tile} pixels wide by averaging
     * the stored values of each tile pixel's block first (as a smaller reconstruction would).
     */
    public static BufferedImage windowed(CtSlice s, DisplayWindow window, int tile) {
        int w = s.width();
        int h = s.height();
        int tw = Math.min(tile, w);
        int th = Math.max(1, (int) Math.round((double) h * tw / w));
        int max = window.relativeToMax() ? s.max() : 0;
        BufferedImage img = new BufferedImage(tw, th, BufferedImage.TYPE_BYTE_GRAY);
        byte[] px = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        short[] v = s.values();
        for (int ty = 0; ty < th; ty++) {
            int y0 = ty * h / th;
            int y1 = Math.max(y0 + 1, (ty + 1) * h / th);
            for (int tx = 0; tx < tw; tx++) {
                int x0 = tx * w / tw;
                int x1 = Math.max(x0 + 1, (tx + 1) * w / tw);
                long sum = 0;
                for (int y = y0; y < y1; y++) {
                    for (int x = x0; x < x1; x++) {
                        sum += v[y * w + x] & 0xFFFF;
                    }
                }
                int mean = (int) Math.round(sum / (double) ((y1 - y0) * (x1 - x0)));
                px[ty * tw + tx] = (byte) window.gray(mean, max);
            }
        }
        return img;
    }

    /**
     * Lays out tiles in rows of {@code columns}, each with its label (may be null) in its top-left corner
     * and an optional title strip above the whole sheet.
     */
    public static BufferedImage sheet(List<BufferedImage> tiles, List<String> labels, int columns, String title) {
        int tw = tiles.stream().mapToInt(BufferedImage::getWidth).max().orElse(1);
        int th = tiles.stream().mapToInt(BufferedImage::getHeight).max().orElse(1);
        int rows = (tiles.size() + columns - 1) / columns;
        int titleH = title == null ? 0 : 22;
        int gap = 2;
        BufferedImage out = new BufferedImage(columns * (tw + gap) - gap, titleH + rows * (th + gap) - gap,
                BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.BLACK);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        if (title != null) {
            g.setColor(Color.WHITE);
            g.drawString(title, 4, 15);
        }
        for (int i = 0; i < tiles.size(); i++) {
            int x = (i % columns) * (tw + gap);
            int y = titleH + (i / columns) * (th + gap);
            g.drawImage(tiles.get(i), x, y, null);
            String label = labels == null ? null : labels.get(i);
            if (label != null) {
                g.setColor(Color.BLACK);
                g.fillRect(x, y, g.getFontMetrics().stringWidth(label) + 6, 15);
                g.setColor(Color.WHITE);
                g.drawString(label, x + 3, y + 12);
            }
        }
        g.dispose();
        return out;
    }

    /** Puts sheets side by side (top-aligned), separated by a thin gap. */
    public static BufferedImage beside(List<BufferedImage> sheets) {
        int gap = 8;
        int w = sheets.stream().mapToInt(BufferedImage::getWidth).sum() + gap * (sheets.size() - 1);
        int h = sheets.stream().mapToInt(BufferedImage::getHeight).max().orElse(1);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.BLACK);
        g.fillRect(0, 0, w, h);
        int x = 0;
        for (BufferedImage s : sheets) {
            g.drawImage(s, x, 0, null);
            x += s.getWidth() + gap;
        }
        g.dispose();
        return out;
    }
}
