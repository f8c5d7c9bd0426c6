package dev.axiom.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The panel shows colour inputs in their colours, grey ones dark on white, and sums a map's channels. */
class AttributionPanelTest {

    @TempDir
    Path tmp;

    @Test
    void colourInputsKeepTheirColoursAndGreyInputsAreDarkOnWhite() throws IOException {
        int h = 4;
        int w = 4;
        float[] orange = new float[3 * h * w];
        for (int k = 0; k < h * w; k++) {
            orange[k] = 1.0f;
            orange[h * w + k] = 0.5f;
            orange[2 * h * w + k] = 0.0f;
        }
        float[] grey = new float[h * w];
        java.util.Arrays.fill(grey, 0.25f);
        float[] flat = new float[h * w];
        Path png = tmp.resolve("panel.png");
        AttributionPanel.write(png, h, w, List.of("map"), List.of(
                new AttributionPanel.Row("orange", orange, 3, List.of(flat)),
                new AttributionPanel.Row("grey", grey, List.of(flat))));

        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(inputCentre(img, 0)).isEqualTo(new int[] {255, 128, 0});
        int dark = 255 - Math.round(255 * 0.25f);
        assertThat(inputCentre(img, 1)).isEqualTo(new int[] {dark, dark, dark});
    }

    @Test
    void summingChannelsAddsTheChannelsOfEachPixel() {
        float[] sample = new float[3 * 2];
        float[] phi = {1, 2, 10, 20, 100, 200};
        AttributionPanel.Row row = AttributionPanel.Row.summingChannels("x", sample, 3, List.of(phi));
        assertThat(row.maps().get(0)).containsExactly(111, 222);
        assertThat(row.channels()).isEqualTo(3);
    }

    @Test
    void twoChannelsAreRefusedByName() {
        assertThatThrownBy(() -> new AttributionPanel.Row("x", new float[8], 2, List.of()))
                .hasMessageContaining("1 or 3 channels, got 2");
    }

    private static int[] inputCentre(BufferedImage img, int row) {
        int x = AttributionPanel.LABEL + AttributionPanel.CELL / 2;
        int y = AttributionPanel.HEADER + row * (AttributionPanel.CELL + AttributionPanel.PAD) + AttributionPanel.CELL / 2;
        int rgb = img.getRGB(x, y);
        return new int[] {(rgb >> 16) & 255, (rgb >> 8) & 255, rgb & 255};
    }
}
