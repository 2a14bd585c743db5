package org.example.consumer;

import dev.jgrad.Autograd;
import dev.jgrad.DType;
import dev.jgrad.Tensor;
import dev.jgrad.nn.Init;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.Losses;
import dev.jgrad.nn.ReLU;
import dev.jgrad.nn.Sequential;
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

/** A small training run written as the README's nn quick start: a 4-16-3 network on Iris. */
public final class IrisClassifier {
  private IrisClassifier() {}

  /** Trains for {@code epochs} and returns the accuracy on the held-out fifth of the flowers. */
  public static double trainAndTest(int epochs) {
    Split split = Split.stratified(Datasets.iris().to(DType.FLOAT32), 0.2, 7);
    Standardizer scaler = Standardizer.fit(split.train());
    Dataset train = scaler.transform(split.train());
    Dataset test = scaler.transform(split.test());

    var rng = new SplittableRandom(0);
    Sequential model = new Sequential(
        new Linear(4, 16, Init.heNormal(), rng, DType.FLOAT32), new ReLU(),
        new Linear(16, 3, Init.xavierUniform(), rng, DType.FLOAT32));
    Optimizer opt = new Adam(model.parameters(), 1e-2);
    for (int epoch = 0; epoch < epochs; epoch++) {
      for (Batch b : DataLoader.of(train, 16).shuffle(epoch)) {
        opt.zeroGrad();
        Losses.crossEntropy(model.forward(b.features()), b.targets()).backward();
        opt.step();
      }
    }
    Tensor predicted = Autograd.noGrad(() -> model.forward(test.features()).argmax(1));
    return Metrics.accuracy(predicted, test.targets());
  }
}
