package org.covidct.nn.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.util.Pair;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Checks the optimizer against the Keras 2 Nadam formulas (docs/TRAINING.md) evaluated here in plain double
 * arithmetic, on the loss L(w) = sum(a * w + w^2 / 2), whose gradient a + w depends on the weights.
 */
class NadamTest {

    private static final float[] A = {0.5f, -2f, 3f, 0f, 1e-3f};
    private static final float[] W0 = {0.1f, -0.3f, 2f, 1f, -0.05f};

    /** The documented update, one array at a time, in double. */
    private static final class Reference {
        final double lr = 1e-3, b1 = 0.9, b2 = 0.999, eps = 1e-7, decay = 0.004;
        double schedule = 1;
        int t;
        final double[] w, m, v;

        Reference(float[] w0) {
            w = new double[w0.length];
            for (int i = 0; i < w0.length; i++) {
                w[i] = w0[i];
            }
            m = new double[w0.length];
            v = new double[w0.length];
        }

        void step() {
            t++;
            double mu = b1 * (1 - 0.5 * Math.pow(0.96, t * decay));
            double muNext = b1 * (1 - 0.5 * Math.pow(0.96, (t + 1) * decay));
            double scheduleNew = schedule * mu;
            double scheduleNext = schedule * mu * muNext;
            schedule = scheduleNew;
            for (int i = 0; i < w.length; i++) {
                double g = A[i] + w[i];
                double gPrime = g / (1 - scheduleNew);
                m[i] = b1 * m[i] + (1 - b1) * g;
                double mPrime = m[i] / (1 - scheduleNext);
                v[i] = b2 * v[i] + (1 - b2) * g * g;
                double vPrime = v[i] / (1 - Math.pow(b2, t));
                double mBar = (1 - mu) * gPrime + muNext * mPrime;
                w[i] -= lr * mBar / (Math.sqrt(vPrime) + eps);
            }
        }
    }

    private static void step(NDManager manager, Nadam nadam, Parameter parameter) {
        NDArray w = parameter.getArray();
        try (NDManager batch = manager.newSubManager();
             GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray a = batch.create(A);
            NDArray loss = w.mul(a).add(w.square().div(2)).sum();
            collector.backward(loss);
        }
        try (NDArray gradient = w.getGradient()) {
            nadam.update(parameter.getId(), w, gradient);
            gradient.subi(gradient); // as the training loop does: PyTorch accumulates gradients
        }
    }

    private static Parameter parameter(NDManager manager) {
        Parameter p = Parameter.builder().setName("w").setType(Parameter.Type.WEIGHT).build();
        NDArray w = manager.create(W0);
        w.setRequiresGradient(true);
        p.setArray(w);
        return p;
    }

    private static void assertClose(double[] expected, float[] actual) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-6 + 1e-5 * Math.abs(expected[i]), "element " + i);
        }
    }

    @Test
    void stepsMatchTheKerasFormula() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Parameter p = parameter(manager);
            Nadam nadam = Nadam.builder().optLearningRate(1e-3f).build();
            Reference ref = new Reference(W0);
            for (int s = 1; s <= 6; s++) {
                step(manager, nadam, p);
                ref.step();
                assertClose(ref.w, p.getArray().toFloatArray());
                assertEquals(s, nadam.stepCount(p.getId()));
            }
        }
    }

    @Test
    void firstStepHasTheClosedForm() {
        // t = 1: m = 0.1 g, v = 0.001 g^2, so the step is lr * sign(g) * (1 + 0.1 mu2 / (1 - mu1 mu2))
        // (up to epsilon); with decay 0.004, mu1 = 0.45007..., mu2 = 0.45015...
        double mu1 = 0.9 * (1 - 0.5 * Math.pow(0.96, 0.004));
        double mu2 = 0.9 * (1 - 0.5 * Math.pow(0.96, 0.008));
        double expectedStep = 1e-3 * (1 + 0.1 * mu2 / (1 - mu1 * mu2));
        assertEquals(1.0565e-3, expectedStep, 1e-6);
        try (NDManager manager = NDManager.newBaseManager()) {
            Parameter p = parameter(manager);
            step(manager, Nadam.builder().optLearningRate(1e-3f).build(), p);
            float[] w = p.getArray().toFloatArray();
            assertEquals(W0[0] - expectedStep, w[0], 1e-6); // g = 0.6 > 0
            assertEquals(W0[1] + expectedStep, w[1], 1e-6); // g = -2.3 < 0
        }
    }

    @Test
    void savedStateResumesExactly() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            Parameter continuous = parameter(manager);
            Nadam straight = Nadam.builder().optLearningRate(1e-3f).build();
            for (int s = 0; s < 5; s++) {
                step(manager, straight, continuous);
            }

            Parameter first = parameter(manager);
            Nadam before = Nadam.builder().optLearningRate(1e-3f).build();
            for (int s = 0; s < 3; s++) {
                step(manager, before, first);
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            before.writeState(new DataOutputStream(bytes), List.of(new Pair<>("w", first)));

            // a new process: new parameter id, weights carried over, optimizer state read back
            Parameter resumed = parameter(manager);
            resumed.getArray().set(first.getArray().toFloatArray());
            Nadam after = Nadam.builder().optLearningRate(1e-3f).build();
            after.readState(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())),
                    List.of(new Pair<>("w", resumed)));
            assertEquals(3, after.stepCount(resumed.getId()));
            for (int s = 0; s < 2; s++) {
                step(manager, after, resumed);
            }
            assertArrayEquals(continuous.getArray().toFloatArray(), resumed.getArray().toFloatArray());
        }
    }
}
