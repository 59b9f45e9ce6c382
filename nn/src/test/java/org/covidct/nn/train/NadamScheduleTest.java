package org.covidct.nn.train;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The parts of Nadam that the first few steps of NadamTest cannot tell apart: the momentum schedule far
 * into training (where 0.96^(t * 0.004) is no longer close to 1), a state resumed at step 2000, gradient
 * rescaling and clipping, the builder's limits, and that an update leaves no arrays behind. Expected values
 * are the Keras 2 formulas of docs/TRAINING.md evaluated here in double.
 */
class NadamScheduleTest {

    private static final double BETA1 = 0.9f;
    private static final double BETA2 = 0.999f;
    private static final double DECAY = 0.004f;
    private static final double EPSILON = 1e-7f;

    /** mu_t = beta1 (1 - 0.5 * 0.96^(t * decay)), Dozat's warming momentum. */
    private static double mu(int t) {
        return BETA1 * (1 - 0.5 * Math.pow(0.96, t * DECAY));
    }

    private static double schedule(int t) {
        double p = 1;
        for (int i = 1; i <= t; i++) {
            p *= mu(i);
        }
        return p;
    }

    @Test
    void momentumScheduleFarIntoTraining() {
        Nadam nadam = Nadam.builder().build();
        for (int t : new int[] {1, 2, 250, 1000, 5000}) {
            assertEquals(mu(t), nadam.momentumCache(t), 1e-15, "mu at " + t);
        }
        // mu at 1000 is 0.9 (1 - 0.5 * 0.96^4), far from its start near 0.45
        assertEquals(0.9 * (1 - 0.5 * Math.pow(0.96, 4)), nadam.momentumCache(1000), 1e-7);
        assertEquals(schedule(3000), nadam.momentumScheduleProduct(3000), 1e-12 * schedule(3000));
        // asked again for an earlier step: the same products, not a longer or shifted list
        assertEquals(schedule(7), nadam.momentumScheduleProduct(7), 1e-18);
        assertEquals(1.0, nadam.momentumScheduleProduct(0));
    }

    /** One parameter "w" holding {@code w}, in its own manager. */
    private static Parameter parameter(NDManager manager, float[] w) {
        Parameter p = Parameter.builder().setName("w").setType(Parameter.Type.WEIGHT).build();
        p.setArray(manager.create(w));
        return p;
    }

    /** A saved optimizer state for "w" at step {@code t} with the given moments. */
    private static byte[] state(int t, float[] m, float[] v) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0x4E41444D);
        out.writeInt(1);
        out.writeUTF("w");
        out.writeInt(t);
        for (float[] a : new float[][] {m, v}) {
            out.writeInt(a.length);
            ByteBuffer b = ByteBuffer.allocate(4 * a.length).order(ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(a);
            out.write(b.array());
        }
        return bytes.toByteArray();
    }

    /** The weights after one documented Nadam step at step t (after t - 1 earlier ones) from moments m, v. */
    private static double[] expectedStep(double lr, int t, float[] w, float[] m, float[] v, double[] g) {
        double scheduleNew = schedule(t);
        double scheduleNext = scheduleNew * mu(t + 1);
        double[] out = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            double m1 = BETA1 * m[i] + (1 - BETA1) * g[i];
            double v1 = BETA2 * v[i] + (1 - BETA2) * g[i] * g[i];
            double mBar = (1 - mu(t)) * g[i] / (1 - scheduleNew) + mu(t + 1) * m1 / (1 - scheduleNext);
            double vHat = v1 / (1 - Math.pow(BETA2, t));
            out[i] = w[i] - lr * mBar / (Math.sqrt(vHat) + EPSILON);
        }
        return out;
    }

    private static void assertClose(double[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 2e-7 + 2e-6 * Math.abs(expected[i]), what + " element " + i);
        }
    }

    private static final float[] W = {0.5f, -1.25f, 2f, 0f};
    private static final float[] M = {0.02f, -0.3f, 0.1f, 0.05f};
    private static final float[] V = {0.004f, 0.09f, 0.01f, 0.002f};
    private static final float[] G = {0.4f, -0.7f, 1.5f, -0.05f};

    @Test
    void aStateResumedAtStep2000TakesTheDocumentedStep() throws IOException {
        try (NDManager manager = NDManager.newBaseManager(); NDManager grads = NDManager.newBaseManager()) {
            Parameter p = parameter(manager, W);
            Nadam nadam = Nadam.builder().optLearningRate(1e-2f).build();
            nadam.readState(new DataInputStream(new ByteArrayInputStream(state(2000, M, V))), List.of(new Pair<>("w", p)));
            assertEquals(2000, nadam.stepCount(p.getId()));
            nadam.update(p.getId(), p.getArray(), grads.create(G));
            assertEquals(2001, nadam.stepCount(p.getId()));
            double[] g = {G[0], G[1], G[2], G[3]};
            assertClose(expectedStep(1e-2f, 2001, W, M, V, g), p.getArray().toFloatArray(), "step 2001");
        }
    }

    @Test
    void rescaledAndClippedGradients() throws IOException {
        try (NDManager manager = NDManager.newBaseManager(); NDManager grads = NDManager.newBaseManager()) {
            // rescale 0.5 (DJL's setRescaleGrad, chained before our own option): the step of half the gradient
            Parameter halved = parameter(manager, W);
            Nadam rescaling = Nadam.builder().setRescaleGrad(0.5f).optLearningRate(1e-2f).build();
            rescaling.readState(new DataInputStream(new ByteArrayInputStream(state(40, M, V))),
                    List.of(new Pair<>("w", halved)));
            rescaling.update(halved.getId(), halved.getArray(), grads.create(G));
            double[] half = {0.2, -0.35, 0.75, -0.025};
            assertClose(expectedStep(1e-2f, 41, W, M, V, half), halved.getArray().toFloatArray(), "rescaled");
            // clip at 0.5: 0.4 and -0.05 pass, -0.7 and 1.5 are cut to -0.5 and 0.5
            Parameter clippedP = parameter(manager, W);
            Nadam clipping = Nadam.builder().optClipGrad(0.5f).optLearningRate(1e-2f).build();
            clipping.readState(new DataInputStream(new ByteArrayInputStream(state(40, M, V))),
                    List.of(new Pair<>("w", clippedP)));
            clipping.update(clippedP.getId(), clippedP.getArray(), grads.create(G));
            double[] clipped = {0.4f, -0.5, 0.5, -0.05f};
            assertClose(expectedStep(1e-2f, 41, W, M, V, clipped), clippedP.getArray().toFloatArray(), "clipped");
        }
    }

    @Test
    void updatesAndRestoresLeaveNoArraysBehind() throws IOException {
        try (NDManager manager = NDManager.newBaseManager(); NDManager grads = NDManager.newBaseManager()) {
            Parameter p = parameter(manager, W);
            Nadam nadam = Nadam.builder().optClipGrad(1f).build();
            NDArray g = grads.create(G);
            nadam.update(p.getId(), p.getArray(), g);
            // the weight and the two moments
            int arrays = ((BaseNDManager) manager).getManagedArrays().size();
            assertEquals(3, arrays);
            for (int i = 0; i < 20; i++) {
                nadam.update(p.getId(), p.getArray(), g);
            }
            assertEquals(arrays, ((BaseNDManager) manager).getManagedArrays().size(), "arrays left by 20 updates");
            // restoring a state twice replaces (and closes) the moments read the first time
            for (int i = 0; i < 2; i++) {
                nadam.readState(new DataInputStream(new ByteArrayInputStream(state(5, M, V))), List.of(new Pair<>("w", p)));
            }
            assertEquals(arrays, ((BaseNDManager) manager).getManagedArrays().size(), "arrays left by two restores");
        }
    }

    @Test
    void statesOfAnotherKindOrShapeAreRefused() throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            Parameter p = parameter(manager, W);
            Nadam nadam = Nadam.builder().build();
            byte[] good = state(5, M, V);
            byte[] wrongMagic = good.clone();
            wrongMagic[0] ^= 1;
            assertEquals("not a Nadam optimizer state", assertThrows(IOException.class, () -> nadam.readState(
                    new DataInputStream(new ByteArrayInputStream(wrongMagic)), List.of(new Pair<>("w", p)))).getMessage());
            Parameter other = Parameter.builder().setName("u").setType(Parameter.Type.WEIGHT).build();
            other.setArray(manager.create(W));
            assertEquals("optimizer state for unknown parameter w", assertThrows(IOException.class, () -> nadam.readState(
                    new DataInputStream(new ByteArrayInputStream(good)), List.of(new Pair<>("u", other)))).getMessage());
            byte[] shorter = state(5, new float[] {1, 2, 3}, new float[] {1, 2, 3});
            assertEquals("optimizer state of 3 values for a parameter of shape (4)", assertThrows(IOException.class,
                    () -> nadam.readState(new DataInputStream(new ByteArrayInputStream(shorter)),
                            List.of(new Pair<>("w", p)))).getMessage());
        }
    }

    @Test
    void builderLimits() {
        assertEquals(0.25f, Nadam.builder().optLearningRate(0.25f).build().learningRate());
        assertEquals(1e-4f, Nadam.builder().build().learningRate(), "the paper's learning rate by default");
        assertThrows(IllegalArgumentException.class, () -> Nadam.builder().optLearningRate(0).build());
        assertThrows(IllegalArgumentException.class, () -> Nadam.builder().optBeta1(1).build());
        assertThrows(IllegalArgumentException.class, () -> Nadam.builder().optBeta1(-0.01f).build());
        assertThrows(IllegalArgumentException.class, () -> Nadam.builder().optBeta2(1).build());
        assertThrows(IllegalArgumentException.class, () -> Nadam.builder().optBeta2(-0.01f).build());
        assertThrows(IllegalArgumentException.class, () -> Nadam.builder().optEpsilon(-1e-9f).build());
        // the limits themselves are allowed: beta 0, epsilon 0; with beta1 = 0 there is no momentum at all
        Nadam plain = Nadam.builder().optBeta1(0).optBeta2(0).optEpsilon(0).optScheduleDecay(0.5f).build();
        assertEquals(0.0, plain.momentumCache(3));
        Nadam decayed = Nadam.builder().optBeta1(0.5f).optScheduleDecay(0.5f).build();
        assertEquals(0.5 * (1 - 0.5 * Math.pow(0.96, 1.5)), decayed.momentumCache(3), 1e-12);
    }
}
