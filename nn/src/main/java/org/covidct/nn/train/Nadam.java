package org.covidct.nn.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.util.Pair;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Nesterov Adam with the semantics of Keras 2 {@code keras.optimizers.Nadam} (warming momentum schedule
 * of Dozat 2015, {@code schedule_decay}); the update is written out in docs/TRAINING.md.
 *
 * <p>The step counter {@code t} is kept per parameter so that a parameter that receives no gradient in a
 * step is not advanced; in a plain training loop every parameter advances together and this is exactly
 * Keras' single {@code iterations} counter. The momentum-schedule product is computed from {@code t} in
 * double precision, so resuming from a saved state needs only the moments and the counters.
 *
 * <p>The PyTorch engine accumulates gradients across backward passes (Keras does not), and DJL's
 * parameter server hands {@link #update} a copy of the gradient, so zeroing is the training loop's job:
 * {@link FoldTrainer} zeroes every parameter's gradient after each step.
 */
public final class Nadam extends Optimizer {

    private static final int STATE_MAGIC = 0x4E41444D; // "NADM"

    private final float learningRate;
    private final float beta1;
    private final float beta2;
    private final float epsilon;
    private final float scheduleDecay;
    private final Map<String, Float> learningRateScales;

    private final Map<String, NDArray> firstMoments = new HashMap<>();
    private final Map<String, NDArray> secondMoments = new HashMap<>();
    private final Map<String, Integer> steps = new HashMap<>();
    /** momentumSchedule.get(t) = product of mu_1..mu_t (index 0 = 1). */
    private final List<Double> momentumSchedule = new ArrayList<>(List.of(1.0));

    private Nadam(Builder builder) {
        super(builder);
        this.learningRate = builder.learningRate;
        this.beta1 = builder.beta1;
        this.beta2 = builder.beta2;
        this.epsilon = builder.epsilon;
        this.scheduleDecay = builder.scheduleDecay;
        this.learningRateScales = Map.copyOf(builder.learningRateScales);
    }

    public static Builder builder() {
        return new Builder();
    }

    public float learningRate() {
        return learningRate;
    }

    /** mu_t = beta_1 * (1 - 0.5 * 0.96^(t * schedule_decay)). */
    double momentumCache(int t) {
        return beta1 * (1.0 - 0.5 * Math.pow(0.96, t * (double) scheduleDecay));
    }

    /** prod_{i=1..t} mu_i (Keras' m_schedule after step t). */
    synchronized double momentumScheduleProduct(int t) {
        while (momentumSchedule.size() <= t) {
            int i = momentumSchedule.size();
            momentumSchedule.add(momentumSchedule.get(i - 1) * momentumCache(i));
        }
        return momentumSchedule.get(t);
    }

    /** Number of updates applied to a parameter so far (0 before the first). */
    public int stepCount(String parameterId) {
        return steps.getOrDefault(parameterId, 0);
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        int t = steps.merge(parameterId, 1, Integer::sum);
        double muT = momentumCache(t);
        double muNext = momentumCache(t + 1);
        double scheduleNew = momentumScheduleProduct(t);
        double scheduleNext = scheduleNew * muNext;
        double gradCoefficient = (1.0 - muT) / (1.0 - scheduleNew);
        double momentCoefficient = muNext / (1.0 - scheduleNext);
        double secondCorrection = 1.0 - Math.pow(beta2, t);

        NDArray m = firstMoments.computeIfAbsent(parameterId, k -> zerosBeside(weight));
        NDArray v = secondMoments.computeIfAbsent(parameterId, k -> zerosBeside(weight));
        try (NDManager scratch = weight.getManager().newSubManager()) {
            NDArray g = grad.duplicate();
            g.attach(scratch);
            if (rescaleGrad != 1f) {
                g.muli(rescaleGrad);
            }
            if (clipGrad > 0f) {
                NDArray clipped = g.clip(-clipGrad, clipGrad);
                g = clipped;
            }
            // m <- beta1 m + (1 - beta1) g ; v <- beta2 v + (1 - beta2) g^2 (in place: they are the state).
            // Results of m.op()/v.op() land in the model's manager, so they are moved to scratch at once.
            m.muli(beta1).addi(g.mul(1f - beta1));
            v.muli(beta2).addi(g.square().muli(1f - beta2));
            NDArray momentTerm = m.mul((float) momentCoefficient);
            momentTerm.attach(scratch);
            NDArray direction = g.muli((float) gradCoefficient).addi(momentTerm);
            NDArray denominator = v.div((float) secondCorrection);
            denominator.attach(scratch);
            denominator = denominator.sqrt().addi(epsilon);
            float rate = learningRate * learningRateScales.getOrDefault(parameterId, 1f);
            weight.subi(direction.divi(denominator).muli(rate));
        }
    }

    private static NDArray zerosBeside(NDArray weight) {
        NDManager owner = weight.getManager();
        NDArray z = owner.zeros(weight.getShape(), DataType.FLOAT32, weight.getDevice());
        z.setName("nadam_state");
        return z;
    }

    /**
     * Writes moments and step counters keyed by the parameters' block-path names (parameter ids are
     * random per process, names are stable), in the order of {@code parameters}.
     */
    public void writeState(DataOutputStream out, List<Pair<String, Parameter>> parameters) throws IOException {
        out.writeInt(STATE_MAGIC);
        List<Pair<String, Parameter>> withState = new ArrayList<>();
        for (Pair<String, Parameter> p : parameters) {
            if (firstMoments.containsKey(p.getValue().getId())) {
                withState.add(p);
            }
        }
        out.writeInt(withState.size());
        for (Pair<String, Parameter> p : withState) {
            String id = p.getValue().getId();
            out.writeUTF(p.getKey());
            out.writeInt(steps.getOrDefault(id, 0));
            writeArray(out, firstMoments.get(id));
            writeArray(out, secondMoments.get(id));
        }
    }

    /** Restores a state written by {@link #writeState}; the parameters must be initialised already. */
    public void readState(DataInputStream in, List<Pair<String, Parameter>> parameters) throws IOException {
        if (in.readInt() != STATE_MAGIC) {
            throw new IOException("not a Nadam optimizer state");
        }
        Map<String, Parameter> byName = new HashMap<>();
        for (Pair<String, Parameter> p : parameters) {
            byName.put(p.getKey(), p.getValue());
        }
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            String name = in.readUTF();
            Parameter parameter = byName.get(name);
            if (parameter == null) {
                throw new IOException("optimizer state for unknown parameter " + name);
            }
            int t = in.readInt();
            NDArray weight = parameter.getArray();
            NDArray m = readArray(in, weight);
            NDArray v = readArray(in, weight);
            String id = parameter.getId();
            replace(firstMoments, id, m);
            replace(secondMoments, id, v);
            steps.put(id, t);
        }
    }

    private static void replace(Map<String, NDArray> map, String id, NDArray value) {
        NDArray old = map.put(id, value);
        if (old != null) {
            old.close();
        }
    }

    private static void writeArray(DataOutputStream out, NDArray array) throws IOException {
        float[] values = array.toFloatArray();
        out.writeInt(values.length);
        ByteBuffer buf = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(values);
        out.write(buf.array());
    }

    private static NDArray readArray(DataInputStream in, NDArray like) throws IOException {
        int n = in.readInt();
        Shape shape = like.getShape();
        if (n != shape.size()) {
            throw new IOException("optimizer state of " + n + " values for a parameter of shape " + shape);
        }
        byte[] bytes = new byte[n * 4];
        in.readFully(bytes);
        float[] values = new float[n];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        Device device = like.getDevice();
        NDArray a = like.getManager().create(values, shape).toDevice(device, false);
        a.setName("nadam_state");
        return a;
    }

    /** Builder; every setting is optional with the Keras 2 defaults except the learning rate (1e-4 here, the paper's). */
    public static final class Builder extends OptimizerBuilder<Builder> {
        private float learningRate = 1e-4f;
        private float beta1 = 0.9f;
        private float beta2 = 0.999f;
        private float epsilon = 1e-7f;
        private float scheduleDecay = 0.004f;
        private final Map<String, Float> learningRateScales = new HashMap<>();

        private Builder() {
            setRescaleGrad(1f);
        }

        public Builder optLearningRate(float learningRate) {
            this.learningRate = learningRate;
            return this;
        }

        public Builder optBeta1(float beta1) {
            this.beta1 = beta1;
            return this;
        }

        public Builder optBeta2(float beta2) {
            this.beta2 = beta2;
            return this;
        }

        public Builder optEpsilon(float epsilon) {
            this.epsilon = epsilon;
            return this;
        }

        public Builder optScheduleDecay(float scheduleDecay) {
            this.scheduleDecay = scheduleDecay;
            return this;
        }

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Scales the learning rate of some parameters (keyed by {@link ai.djl.nn.Parameter#getId()}); the rest
         * take the learning rate itself. Not Keras': for the FPN's narrow ReLU heads, which a full step kills
         * (docs/TRAINING.md).
         */
        public Builder optLearningRateScale(Map<String, Float> scales) {
            for (Map.Entry<String, Float> e : scales.entrySet()) {
                if (!(e.getValue() > 0)) {
                    throw new IllegalArgumentException("learning rate scale " + e.getValue() + " for " + e.getKey());
                }
            }
            learningRateScales.putAll(scales);
            return this;
        }

        public Nadam build() {
            if (!(learningRate > 0) || !(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(epsilon >= 0)) {
                throw new IllegalArgumentException("Nadam: lr > 0, 0 <= beta < 1, epsilon >= 0 required");
            }
            return new Nadam(this);
        }
    }
}
