package org.covidct.app;

import org.covidct.nn.model.Architecture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** {@code covidct gradcam} refuses an untrained model; accepted with --allow-unvalidated, its picture says so. */
class GradcamCommandTest {

    @TempDir
    Path tmp;

    @Test
    void anUntrainedModelIsRefusedAndAcceptedOnlyWithAWarning() throws Exception {
        Path model = TestModels.initialised(tmp.resolve("model"), Architecture.RESNET50V2, 64, 0.125, 3);
        Path slice = Path.of(System.getProperty("covidct.shared"), "data", "real", "covid-ct-md", "covid", "P001",
                "98C14734-ASSH_1.dcm");
        Path png = tmp.resolve("cam.png");
        CliRun refused = CliRun.of("gradcam", "--model", model.toString(), slice.toString(), "--out", png.toString());
        assertEquals(2, refused.exit());
        assertEquals(1, refused.err().lines().count(), refused.err());
        assertTrue(refused.err().contains("refused: the model is untrained"), refused.err());
        assertFalse(Files.exists(png));
        CliRun accepted = CliRun.of("gradcam", "--model", model.toString(), slice.toString(), "--out", png.toString(),
                "--allow-unvalidated");
        assertEquals(0, accepted.exit(), accepted.err());
        assertTrue(accepted.err().startsWith("covidct: warning: Unvalidated model"), accepted.err());
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(512, image.getWidth());
        assertTrue(image.getHeight() > 512, "a caption strip above the 512 x 512 overlay");
        int rgb = image.getRGB(image.getWidth() - 2, 2) & 0xFFFFFF;
        assertEquals(0x5c0f0f, rgb, "the strip's colour");
    }

    @Test
    void progressSaysHowManyOfHowManyAndWhatIsLeft() {
        assertEquals("  classified 40 of 90 kept slices (20 s, about 25 s left)", DetectCommand.progressLine(40, 90, 20));
        assertEquals("  classified 90 of 90 kept slices (45 s, done)", DetectCommand.progressLine(90, 90, 45));
    }
}
