package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.Autograd;
import dev.jgrad.DType;
import dev.jgrad.Tensor;
import dev.jgrad.nn.data.Batch;
import dev.jgrad.nn.data.DataLoader;
import dev.jgrad.nn.data.Dataset;
import dev.jgrad.nn.data.Datasets;
import dev.jgrad.nn.data.Split;
import dev.jgrad.nn.data.Standardizer;
import dev.jgrad.nn.metrics.Metrics;
import dev.jgrad.nn.optim.Adam;
import dev.jgrad.nn.optim.Optimizer;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The README's "nn quick start" snippet and nn/README.md's "Writing a layer" ones, verbatim, so
 * the documented code keeps working.
 */
class ReadmeQuickStartTest {
  /** nn/README.md, "Writing a layer". */
  static final class Scale extends Layer {
    private final Parameter scale;

    Scale(int n) {
      scale = registerParameter("scale", Tensor.ones(DType.FLOAT64, n));
    }

    @Override
    public Tensor forward(Tensor x) {     // x [..., n]
      return x.mul(scale.value());
    }

    int size() {
      return scale.shape().dim(0);
    }
  }

  @Test
  void theReadmeLayerTrainsSavesAndSubstitutes(@org.junit.jupiter.api.io.TempDir
      java.nio.file.Path dir) throws Exception {
    dev.jgrad.nn.io.ModelFiles.register(dev.jgrad.nn.io.LayerCodec.of("scale", Scale.class,
        s -> java.util.Map.of("n", s.size()),                                         // hyperparameters
        spec -> java.util.Map.of("scale", new int[] {spec.integer("n", 1, 1 << 20)}),  // state shapes
        spec -> new Scale(spec.integer("n", 1, 1 << 20))));                  // the layer
    Sequential model = new Sequential(new Linear(2, 3, Init.constant(1), null, DType.FLOAT64),
        new Scale(3));
    Tensor fast = Tensor.of(new double[] {1, 2, 3}).requiresGrad(true);
    Tensor x = Tensor.ones(DType.FLOAT64, 1, 2);
    Tensor y = model.functionalCall(java.util.Map.of("layers.1.scale", fast), x);   // a function of `fast`
    y.sum().backward();
    // y = (x·Wᵀ)·fast with W = 1: dy/dfast = x·Wᵀ = [2, 2, 2]
    org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {2, 2, 2},
        fast.grad().toDoubleArray(), 0);
    dev.jgrad.nn.io.ModelFiles.save(model, dir.resolve("m.json"), dir.resolve("m.safetensors"));
    Sequential back = dev.jgrad.nn.io.ModelFiles.load(dir.resolve("m.json"),
        dir.resolve("m.safetensors"));
    assertTrue(back.get(1) instanceof Scale);
  }

  @Test
  void theReadmeLoopTrainsDigits() {
    Split split = Split.stratified(Datasets.digits().to(DType.FLOAT32), 0.2, 7);
    Standardizer scaler = Standardizer.fit(split.train());            // fit on train only
    Dataset train = scaler.transform(split.train()), test = scaler.transform(split.test());

    var rng = new SplittableRandom(0);
    Sequential model = new Sequential(
        new Linear(64, 64, Init.heNormal(), rng, DType.FLOAT32), new ReLU(),
        new Linear(64, 10, Init.xavierUniform(), rng, DType.FLOAT32));
    Optimizer opt = new Adam(model.parameters(), 2e-3);
    for (int epoch = 0; epoch < 25; epoch++) {
      for (Batch b : DataLoader.of(train, 64).shuffle(epoch)) {
        opt.zeroGrad();
        Losses.crossEntropy(model.forward(b.features()), b.targets()).backward();
        opt.step();
      }
    }
    Tensor predicted = Autograd.noGrad(() -> model.forward(test.features()).argmax(1));
    double accuracy = Metrics.accuracy(predicted, test.targets());
    assertTrue(accuracy >= 0.95, "accuracy " + accuracy);
  }
}
