package dev.axiom.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A grid of images and their attribution maps, as PNG: one row per sample; the first column the
 * input (grey values dark on white for one channel, in its own colours for three), then one column
 * per map. Maps use a diverging colour map (blue negative, white
 * zero, red positive) with one shared, symmetric scale per row, shown in a colour bar at the end of
 * the row, so maps in a row can be compared.
 */
public final class AttributionPanel {

    static final int CELL = 112;
    static final int PAD = 8;
    static final int HEADER = 24;
    static final int LABEL = 150;
    private static final int BAR = 60;

    private AttributionPanel() {}

    /**
     * One row.
     *
     * @param label text at the left of the row (e.g. the true class)
     * @param image the input, {@code channels × height × width} values in [0, 1], channel-major
     * @param channels 1 (grey) or 3 (red, green, blue)
     * @param maps the attribution maps, each {@code height × width}
     */
    public record Row(String label, float[] image, int channels, List<float[]> maps) {

        /** Checks the channel count. */
        public Row {
            if (channels != 1 && channels != 3) {
                throw new IllegalArgumentException("a panel shows 1 or 3 channels, got " + channels);
            }
        }

        /** A grey input. */
        public Row(String label, float[] image, List<float[]> maps) {
            this(label, image, 1, maps);
        }

        /**
         * A sample and its attributions, each of the sample's shape: the maps are the attributions
         * summed over channels.
         */
        public static Row summingChannels(String label, float[] sample, int channels, List<float[]> attributions) {
            int plane = sample.length / channels;
            List<float[]> maps = attributions.stream()
                    .map(phi -> {
                        float[] map = new float[plane];
                        for (int k = 0; k < phi.length; k++) {
                            map[k % plane] += phi[k];
                        }
                        return map;
                    })
                    .toList();
            return new Row(label, sample, channels, maps);
        }
    }

    /** Writes the panel; {@code columns} names the maps. */
    public static void write(Path png, int height, int width, List<String> columns, List<Row> rows) {
        int cols = columns.size() + 1;
        int w = LABEL + cols * (CELL + PAD) + BAR + PAD;
        int h = HEADER + rows.size() * (CELL + PAD) + PAD;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
        g.drawString("input", LABEL, HEADER - 8);
        for (int c = 0; c < columns.size(); c++) {
            g.drawString(columns.get(c), LABEL + (c + 1) * (CELL + PAD), HEADER - 8);
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int r = 0; r < rows.size(); r++) {
            Row row = rows.get(r);
            int y = HEADER + r * (CELL + PAD);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            g.drawString(row.label(), PAD, y + CELL / 2);
            drawInput(img, LABEL, y, height, width, row);
            float scale = 1e-12f;
            for (float[] map : row.maps()) {
                for (float v : map) {
                    scale = Math.max(scale, Math.abs(v));
                }
            }
            for (int c = 0; c < row.maps().size(); c++) {
                drawMap(img, LABEL + (c + 1) * (CELL + PAD), y, height, width, row.maps().get(c), scale);
            }
            drawColourBar(g, LABEL + cols * (CELL + PAD), y, scale);
        }
        g.dispose();
        try {
            Files.createDirectories(png.toAbsolutePath().getParent());
            ImageIO.write(img, "png", png.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + png, e);
        }
    }

    /** Diverging colour for {@code v ∈ [−1, 1]}: blue, white, red. */
    public static int diverging(float v) {
        float t = Math.max(-1f, Math.min(1f, v));
        int r;
        int gr;
        int b;
        if (t >= 0) {
            r = 255;
            gr = Math.round(255 * (1 - t));
            b = Math.round(255 * (1 - t));
        } else {
            r = Math.round(255 * (1 + t));
            gr = Math.round(255 * (1 + t));
            b = 255;
        }
        return (r << 16) | (gr << 8) | b;
    }

    private static void drawInput(BufferedImage img, int x0, int y0, int h, int w, Row row) {
        float[] values = row.image();
        for (int py = 0; py < CELL; py++) {
            for (int px = 0; px < CELL; px++) {
                int k = (py * h / CELL) * w + (px * w / CELL);
                int rgb;
                if (row.channels() == 1) {
                    int grey = 255 - level(values[k]);
                    rgb = (grey << 16) | (grey << 8) | grey;
                } else {
                    rgb = (level(values[k]) << 16) | (level(values[h * w + k]) << 8) | level(values[2 * h * w + k]);
                }
                img.setRGB(x0 + px, y0 + py, rgb);
            }
        }
    }

    private static int level(float v) {
        return Math.round(255 * Math.max(0, Math.min(1, v)));
    }

    private static void drawMap(BufferedImage img, int x0, int y0, int h, int w, float[] map, float scale) {
        for (int py = 0; py < CELL; py++) {
            for (int px = 0; px < CELL; px++) {
                img.setRGB(x0 + px, y0 + py, diverging(map[(py * h / CELL) * w + (px * w / CELL)] / scale));
            }
        }
    }

    private static void drawColourBar(Graphics2D g, int x0, int y0, float scale) {
        int barWidth = 12;
        for (int py = 0; py < CELL; py++) {
            float v = 1 - 2f * py / (CELL - 1);
            g.setColor(new Color(diverging(v)));
            g.fillRect(x0, y0 + py, barWidth, 1);
        }
        g.setColor(Color.GRAY);
        g.setStroke(new BasicStroke(1));
        g.drawRect(x0, y0, barWidth, CELL - 1);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        g.drawString(String.format("+%.2g", scale), x0 + barWidth + 2, y0 + 10);
        g.drawString("0", x0 + barWidth + 2, y0 + CELL / 2 + 4);
        g.drawString(String.format("-%.2g", scale), x0 + barWidth + 2, y0 + CELL - 2);
    }
}
