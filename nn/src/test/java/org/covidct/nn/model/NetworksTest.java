package org.covidct.nn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.covidct.core.CovidctException;
import org.junit.jupiter.api.Test;

class NetworksTest {

    private static long[] dims(Shape s) {
        return s.getShape();
    }

    @Test
    void publishedParameterCountsAt512() {
        // counts only need shapes: build and initialise lazily on a throwaway manager
        try (NDManager m = NDManager.newBaseManager()) {
            Network fpn = Networks.build(ModelConfig.of(Architecture.FPN));
            fpn.initialize(m);
            assertEquals(34_058_656L, fpn.parameterCount());
            assertEquals(23_558_528L, fpn.backboneParameterCount());
            Shape[] p = fpn.pyramidShapes();
            assertEquals(List.of(30L, 14L, 16L, 8L, 4L), Arrays.stream(p).map(s -> s.get(1)).toList());
            assertTrue(Arrays.stream(p).allMatch(s -> s.get(0) == 256 && s.get(1) == s.get(2)));
        }
        try (NDManager m = NDManager.newBaseManager()) {
            Network resnet = Networks.build(ModelConfig.of(Architecture.RESNET50V2));
            resnet.initialize(m);
            assertEquals(23_558_528L, resnet.backboneParameterCount());
            assertEquals(23_558_528L + 2048 * 2 + 2, resnet.parameterCount());
        }
        try (NDManager m = NDManager.newBaseManager()) {
            Network xception = Networks.build(ModelConfig.of(Architecture.XCEPTION));
            xception.initialize(m);
            assertEquals(20_860_904L, xception.backboneParameterCount());
            assertEquals(20_860_904L + 2048 * 2 + 2, xception.parameterCount());
        }
    }

    @Test
    void forwardGivesTwoLogitsPerSliceAtSmallSizes() {
        for (Architecture a : Architecture.values()) {
            ModelConfig cfg = new ModelConfig(a, a == Architecture.FPN ? 65 : 71, 0.125);
            try (NDManager m = NDManager.newBaseManager()) {
                Network net = Networks.build(cfg);
                net.initialize(m);
                NDArray x = m.randomUniform(0, 3000, net.inputShape(2));
                NDArray y = net.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow();
                assertArrayEquals(new long[] {2, 2}, dims(y.getShape()), a.cliName());
                assertTrue(Float.isFinite(y.sum().getFloat()), a.cliName());
                // training mode too (dropout, batch statistics)
                NDArray t = net.forward(new ParameterStore(m, false), new NDList(x), true).singletonOrThrow();
                assertArrayEquals(new long[] {2, 2}, dims(t.getShape()));
            }
        }
    }

    @Test
    void headOfFeaturesEqualsTheWholeNetwork() {
        for (Architecture a : Architecture.values()) {
            ModelConfig cfg = new ModelConfig(a, 96, 0.125);
            try (NDManager m = NDManager.newBaseManager()) {
                Network net = Networks.build(cfg);
                net.initialize(m);
                ParameterStore ps = new ParameterStore(m, false);
                NDArray x = m.randomUniform(0, 2000, net.inputShape(1));
                NDArray whole = net.forward(ps, new NDList(x), false).singletonOrThrow();
                NDList feats = net.features().forward(ps, new NDList(x), false);
                NDArray split = net.head().forward(ps, feats, false).singletonOrThrow();
                assertTrue(whole.allClose(split), a.cliName());
                // the Grad-CAM target is the last feature map: 2048 channels in Keras (post_relu of ResNet50V2,
                // block14_sepconv2_act of Xception), 2048 / 8 = 256 at width 0.125
                NDArray target = feats.get(feats.size() - 1);
                assertEquals(256, target.getShape().get(1), a.cliName());
                if (a == Architecture.FPN) {
                    // C3, C4, C5: conv3 (512), conv4 (1024) and post_relu (2048) at width 0.125
                    assertEquals(List.of(64L, 128L, 256L), feats.stream().map(f -> f.getShape().get(1)).toList());
                }
            }
        }
    }

    @Test
    void kerasLayerNamesAreUniqueAndFollowKeras() {
        try (NDManager m = NDManager.newBaseManager()) {
            Network fpn = Networks.build(new ModelConfig(Architecture.FPN, 128, 0.125));
            fpn.initialize(m);
            List<KerasLayer> layers = fpn.kerasLayers();
            Set<String> names = new HashSet<>();
            layers.forEach(l -> assertTrue(names.add(l.name()), l.name()));
            for (String n : List.of("conv1_conv", "conv2_block1_preact_bn", "conv2_block1_0_conv", "conv2_block1_1_conv",
                    "conv4_block6_3_conv", "post_bn", "C5_reduced", "P5", "C4_reduced", "P4", "C3_reduced", "P3", "P6",
                    "P7", "dense_1", "dense_6")) {
                assertTrue(names.contains(n), n);
            }
            assertEquals(fpn.parameterCount(), layers.stream().mapToLong(KerasLayer::parameterCount).sum());
            KerasLayer bn = layers.stream().filter(l -> l.name().equals("post_bn")).findFirst().orElseThrow();
            assertEquals(4, bn.parameters().size());
            KerasLayer d1 = layers.stream().filter(l -> l.name().equals("dense_1")).findFirst().orElseThrow();
            assertEquals(KerasLayer.Kind.DENSE_AFTER_FLATTEN, d1.kind());
            assertEquals(d1.flattenedShape().size(), d1.parameters().get(0).getArray().getShape().get(1));
        }
        try (NDManager m = NDManager.newBaseManager()) {
            Network x = Networks.build(new ModelConfig(Architecture.XCEPTION, 96, 0.125));
            x.initialize(m);
            Set<String> names = new HashSet<>();
            x.kerasLayers().forEach(l -> names.add(l.name()));
            for (String n : List.of("block1_conv1", "block1_conv1_bn", "block2_sepconv1", "block2_sepconv1_bn",
                    "block12_sepconv3_bn", "block14_sepconv2", "block14_sepconv2_bn", "conv2d", "conv2d_3",
                    "batch_normalization_3", "predictions")) {
                assertTrue(names.contains(n), n);
            }
        }
    }

    @Test
    void rejectsSizesTheFpnCannotTake() {
        assertEquals(65, Architecture.FPN.spec().smallestInputSize());
        CovidctException e = assertThrows(CovidctException.class, () -> new ModelConfig(Architecture.FPN, 64, 1));
        assertTrue(e.getMessage().contains("64") && !e.getMessage().contains("\n"), e.getMessage());
        assertThrows(CovidctException.class, () -> new ModelConfig(Architecture.RESNET50V2, 0, 1));
        assertThrows(CovidctException.class, () -> new ModelConfig(Architecture.XCEPTION, 512, 0));
        assertThrows(CovidctException.class, () -> Architecture.fromCliName("vgg16"));
        assertEquals(Architecture.RESNET50V2, Architecture.fromCliName("ResNet50V2"));
    }
}
