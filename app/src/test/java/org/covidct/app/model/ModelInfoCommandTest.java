package org.covidct.app.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ModelInfoCommandTest {

    @Test
    void fpnAt512MatchesThePublishedModel() {
        CliRun r = CliRun.of("model-info", "--arch", "fpn");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("total_parameters=34058656\n"), r.out());
        assertTrue(r.out().contains("backbone_parameters=23558528\n"), r.out());
        assertTrue(r.out().contains("pyramid=30x30,14x14,16x16,8x8,4x4\n"), r.out());
    }

    @Test
    void baselinesBackbonesAt512() {
        CliRun resnet = CliRun.of("model-info", "--arch", "resnet50v2", "--size", "512");
        assertEquals(0, resnet.exit(), resnet.err());
        assertTrue(resnet.out().contains("backbone_parameters=23558528\n"), resnet.out());
        assertTrue(!resnet.out().contains("pyramid="), resnet.out());
        CliRun xception = CliRun.of("model-info", "--arch", "xception");
        assertEquals(0, xception.exit(), xception.err());
        assertTrue(xception.out().contains("backbone_parameters=20860904\n"), xception.out());
    }

    @Test
    void smallSizesAndWidths() {
        CliRun r = CliRun.of("model-info", "--arch", "fpn", "--size", "128", "--width", "0.25");
        assertEquals(0, r.exit(), r.err());
        // 128 -> C3 8x8, C5 4x4: P3 6, P4 2, P5 4, P6 2, P7 1
        assertTrue(r.out().contains("pyramid=6x6,2x2,4x4,2x2,1x1\n"), r.out());
        assertTrue(r.out().contains("pyramid_channels=64\n"), r.out());
    }

    @Test
    void sizeTheFpnCannotTakeIsAOneLineError() {
        CliRun r = CliRun.of("model-info", "--arch", "fpn", "--size", "64");
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("covidct: error: input size 64 is not possible for fpn"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        CliRun unknown = CliRun.of("model-info", "--arch", "vgg16");
        assertEquals(2, unknown.exit());
        assertTrue(unknown.err().contains("unknown architecture 'vgg16'"), unknown.err());
    }
}
