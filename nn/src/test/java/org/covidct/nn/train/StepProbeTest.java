package org.covidct.nn.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import org.covidct.nn.model.Architecture;
import org.covidct.nn.model.ModelConfig;
import org.covidct.nn.model.Network;
import org.covidct.nn.model.Networks;
import org.junit.jupiter.api.Test;

class StepProbeTest {
    @Test
    void probe() {
        System.out.println("model " + System.getProperty("probe.model") + " threads prop " + System.getProperty("ai.djl.pytorch.num_threads") + " env " + System.getenv("OMP_NUM_THREADS"));
        ai.djl.engine.Engine.getEngine("PyTorch");
        ai.djl.pytorch.jni.JniUtils.setNumThreads(Integer.getInteger("probe.threads", 1));
        Architecture a = Architecture.fromCliName(System.getProperty("probe.model", "resnet50v2"));
        int size = Integer.getInteger("probe.size", 64);
        double width = Double.parseDouble(System.getProperty("probe.width", "0.125"));
        int batch = Integer.getInteger("probe.batch", 8);
        Network net = Networks.build(new ModelConfig(a, size, width));
        try (Model model = Model.newInstance("p", Device.cpu(), "PyTorch")) {
            model.setBlock(net);
            net.initialize(model.getNDManager());
            try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(Nadam.builder().build()))) {
                for (int i = 0; i < 6; i++) {
                    long t0 = System.nanoTime();
                    try (NDManager m = trainer.getManager().newSubManager()) {
                        NDArray x = m.randomUniform(0, 1000, net.inputShape(batch));
                        NDArray y = m.zeros(new ai.djl.ndarray.types.Shape(batch));
                        try (GradientCollector gc = trainer.newGradientCollector()) {
                            NDArray logits = trainer.forward(new NDList(x)).singletonOrThrow();
                            System.out.println("logits " + java.util.Arrays.toString(logits.toFloatArray()));
                            long t1 = System.nanoTime();
                            NDArray loss = trainer.getLoss().evaluate(new NDList(y), new NDList(logits));
                            gc.backward(loss);
                            long t2 = System.nanoTime();
                            System.out.printf("fwd %.0f ms bwd %.0f ms%n", (t1 - t0) / 1e6, (t2 - t1) / 1e6);
                        }
                        if (i == 0 || i == 5) {
                            for (var pair : net.getParameters()) {
                                NDArray w = pair.getValue().getArray();
                                String n = pair.getKey();
                                if (w.hasGradient() && (n.contains("head") || n.contains("conv1_conv") || n.contains("C5") || n.contains("P3"))) {
                                    try (NDArray g = w.getGradient()) {
                                        System.out.printf("%s |w|=%.3g |g|=%.3g%n", n, w.abs().mean().getFloat(), g.abs().mean().getFloat());
                                    }
                                }
                            }
                        }
                        long t3 = System.nanoTime();
                        trainer.step();
                        FoldTrainer.zeroGradients(net);
                        System.out.printf("step total %.0f ms (update %.0f ms)%n", (System.nanoTime() - t0) / 1e6, (System.nanoTime() - t3) / 1e6);
                    }
                }
            }
        }
    }
}
