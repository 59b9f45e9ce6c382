package org.covidct.nn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.covidct.core.CovidctException;
import org.junit.jupiter.api.Test;

/**
 * What each architecture's spec says agrees with the network it builds: Grad-CAM layers are the features'
 * outputs, the first convolution reads the one-channel slice, every flattened dense layer has a Keras source,
 * and the smallest size builds while the size below it is refused.
 */
class NetworkSpecTest {

    @Test
    void everySpecAgreesWithTheNetworkItBuilds() {
        for (Architecture a : Architecture.values()) {
            NetworkSpec spec = a.spec();
            try (NDManager m = NDManager.newBaseManager()) {
                int size = Math.max(96, spec.smallestInputSize());
                Network net = Networks.initialised(new ModelConfig(a, size, 0.125), 3, m);
                Shape[] features = net.features().getOutputShapes(new Shape[] {net.inputShape(1)});
                assertEquals(spec.gradCamLayers().size(), features.length, a + ": one Grad-CAM layer per features output");
                KerasLayer first = net.kerasLayers().stream().filter(l -> l.name().equals(spec.kerasFirstConv()))
                        .findFirst().orElseThrow();
                assertEquals(KerasLayer.Kind.CONV2D, first.kind(), a.cliName());
                assertEquals(1, first.parameters().get(0).getArray().getShape().get(1), a + ": reads one channel");
                long flattened = net.kerasLayers().stream()
                        .filter(l -> l.kind() == KerasLayer.Kind.DENSE_AFTER_FLATTEN).count();
                assertEquals(flattened, spec.kerasFlattenSources().size(), a + ": a source per flattened dense layer");
                List<String> names = net.kerasLayers().stream().map(KerasLayer::name).toList();
                for (String custom : spec.kerasCustomLayers().keySet()) {
                    assertFalse(names.contains(custom), custom + " is weightless");
                }
            }
            int smallest = spec.smallestInputSize();
            assertTrue(spec.fits(smallest) && !spec.fits(smallest - 1), a.cliName());
            new ModelConfig(a, smallest, 0.125);
            assertThrows(CovidctException.class, () -> new ModelConfig(a, smallest - 1, 0.125));
        }
    }

    @Test
    void smallestSizesAreTheDocumentedOnes() {
        assertEquals(65, Architecture.FPN.spec().smallestInputSize());
        assertEquals(1, Architecture.RESNET50V2.spec().smallestInputSize());
        assertEquals(7, Architecture.XCEPTION.spec().smallestInputSize());
        CovidctException e = assertThrows(CovidctException.class, () -> new ModelConfig(Architecture.FPN, 64, 1));
        assertTrue(e.getMessage().endsWith("(the valid 3x3 convolution of P4 needs C5 of at least 3x3)"),
                e.getMessage());
    }
}
