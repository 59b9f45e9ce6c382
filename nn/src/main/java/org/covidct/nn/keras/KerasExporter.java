package org.covidct.nn.keras;

import ai.djl.nn.Block;

import java.util.ArrayList;
import java.util.List;

/** The inverse of {@link KerasImporter}: our weights as Keras layers, in Keras layouts and names. */
public final class KerasExporter {

    private KerasExporter() {
    }

    /** Every bound layer, in mapping order, with Keras weight names and shapes. */
    public static List<KerasLayer> export(KerasMapping mapping) {
        List<KerasLayer> out = new ArrayList<>();
        for (KerasBinding b : mapping.bindings()) {
            out.add(new KerasLayer(b.kerasName(), b.kind().kerasClass(), null, weights(b)));
        }
        return out;
    }

    private static List<KerasTensor> weights(KerasBinding b) {
        List<KerasTensor> w = new ArrayList<>();
        switch (b.kind()) {
            case CONV -> {
                long[] s = KerasImporter.shape(KerasImporter.param(b.conv(), "weight"));
                float[] k = values(b.conv(), "weight");
                w.add(new KerasTensor("kernel", new long[] {s[2], s[3], s[1], s[0]},
                        LayoutConversions.oihwToHwio(k, (int) s[0], (int) s[1], (int) s[2], (int) s[3])));
                addBias(b.conv(), w, null);
            }
            case SEPARABLE_CONV -> {
                long[] d = KerasImporter.shape(KerasImporter.param(b.conv(), "weight"));
                int in = b.conv().getGroups();
                int multiplier = (int) (d[0] / in);
                w.add(new KerasTensor("depthwise_kernel", new long[] {d[2], d[3], in, multiplier},
                        LayoutConversions.groupedToDepthwise(values(b.conv(), "weight"), (int) d[2], (int) d[3], in, multiplier)));
                long[] p = KerasImporter.shape(KerasImporter.param(b.pointwise(), "weight"));
                float[] pk = values(b.pointwise(), "weight");
                w.add(new KerasTensor("pointwise_kernel", new long[] {1, 1, p[1], p[0]},
                        LayoutConversions.oihwToHwio(pk, (int) p[0], (int) p[1], 1, 1)));
                float[] depthwiseBias = b.conv().getDirectParameters().contains("bias") ? values(b.conv(), "bias") : null;
                addBias(b.pointwise(), w, depthwiseBias == null ? null : foldThrough(depthwiseBias, pk, (int) p[0], (int) p[1], b));
            }
            case BATCH_NORM -> {
                w.add(vector("gamma", values(b.batchNorm(), "gamma")));
                w.add(vector("beta", values(b.batchNorm(), "beta")));
                w.add(vector("moving_mean", values(b.batchNorm(), "runningMean")));
                w.add(vector("moving_variance", values(b.batchNorm(), "runningVar")));
            }
            case DENSE -> {
                long[] s = KerasImporter.shape(KerasImporter.param(b.linear(), "weight"));
                w.add(new KerasTensor("kernel", new long[] {s[1], s[0]},
                        LayoutConversions.linearToDense(values(b.linear(), "weight"), (int) s[0], (int) s[1], b.dense().chw())));
                addBias(b.linear(), w, null);
            }
            default -> throw new IllegalStateException(b.kind().name());
        }
        return w;
    }

    /** Keras' SeparableConv2D has no depthwise bias: push ours through the pointwise kernel (exact). */
    private static float[] foldThrough(float[] depthwiseBias, float[] pointwise, int out, int in, KerasBinding b) {
        float[] r = new float[out];
        boolean any = false;
        for (int o = 0; o < out; o++) {
            double s = 0;
            for (int i = 0; i < in; i++) {
                s += (double) pointwise[o * in + i] * depthwiseBias[i];
                any |= depthwiseBias[i] != 0f;
            }
            r[o] = (float) s;
        }
        if (any && !b.pointwise().getDirectParameters().contains("bias")) {
            throw new IllegalStateException(b.blockPath() + ": a depthwise bias without a pointwise bias has no Keras form");
        }
        return r;
    }

    private static void addBias(Block block, List<KerasTensor> w, float[] extra) {
        if (block.getDirectParameters().contains("bias")) {
            float[] bias = values(block, "bias");
            if (extra != null) {
                for (int i = 0; i < bias.length; i++) {
                    bias[i] += extra[i];
                }
            }
            w.add(vector("bias", bias));
        }
    }

    private static KerasTensor vector(String name, float[] v) {
        return new KerasTensor(name, new long[] {v.length}, v);
    }

    private static float[] values(Block block, String name) {
        return KerasImporter.param(block, name).getArray().toFloatArray();
    }
}
