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

/** The README's "nn quick start" snippet, verbatim, so the documented code keeps working. */
class ReadmeQuickStartTest {

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
