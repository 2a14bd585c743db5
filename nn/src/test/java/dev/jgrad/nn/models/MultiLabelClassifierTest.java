package dev.jgrad.nn.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.DType;
import dev.jgrad.Shape;
import dev.jgrad.Tensor;
import dev.jgrad.nn.data.DataLoader;
import dev.jgrad.nn.data.Dataset;
import dev.jgrad.nn.metrics.Metrics;
import dev.jgrad.nn.optim.Adam;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The course's "3 independent neurons": three sigmoid units, each learning its own label. */
class MultiLabelClassifierTest {
  /** 300 points in [-1, 1)^4 with three linearly separable labels, any combination allowed. */
  private static Dataset threeLabels() {
    SplittableRandom rng = new SplittableRandom(17);
    int n = 300;
    double[] x = new double[n * 4];
    double[] y = new double[n * 3];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < 4; k++) {
        x[i * 4 + k] = rng.nextDouble(-1, 1);
      }
      y[i * 3] = x[i * 4] > 0 ? 1 : 0;
      y[i * 3 + 1] = x[i * 4 + 1] + x[i * 4 + 2] > 0.2 ? 1 : 0;
      y[i * 3 + 2] = x[i * 4 + 3] < 0.5 ? 1 : 0;
    }
    return new Dataset(Tensor.of(x, n, 4), Tensor.of(y, n, 3));
  }

  @Test
  void eachNeuronLearnsItsOwnLabel() {
    Dataset d = threeLabels();
    MultiLabelClassifier model = new MultiLabelClassifier(4, 3, DType.FLOAT64);
    model.fit(DataLoader.of(d, 32).shuffle(1), new Adam(model.parameters(), 0.05), 60);
    Tensor predicted = model.predict(d.features());
    assertEquals(Shape.of(300, 3), predicted.shape());
    for (int k = 0; k < 3; k++) {
      double acc = Metrics.accuracy(predicted.slice(1, k, k + 1), d.targets().slice(1, k, k + 1));
      assertTrue(acc >= 0.95, "label " + k + " accuracy " + acc);
    }
    // Independent sigmoids: rows of probabilities need not sum to 1.
    double[] sums = model.predictProbabilities(d.features()).sum(1).toDoubleArray();
    double maxDev = 0;
    for (double s : sums) {
      maxDev = Math.max(maxDev, Math.abs(s - 1));
    }
    assertTrue(maxDev > 0.5, "probabilities are not a distribution over labels");
  }

  @Test
  void aLabelsTargetsOnlyAffectItsOwnNeuron() {
    Dataset d = threeLabels();
    MultiLabelClassifier model = new MultiLabelClassifier(4, 3, DType.FLOAT64);
    model.loss(model.forward(d.features()), d.targets()).backward();
    double[][] g1 = model.weight().grad().toDoubleMatrix();
    model.zeroGrad();
    // Flip label 0 everywhere: only row 0 of dW changes.
    Tensor flipped = d.targets().mul(Tensor.of(new double[] {-1, 1, 1}))
        .add(Tensor.of(new double[] {1, 0, 0}));
    model.loss(model.forward(d.features()), flipped).backward();
    double[][] g2 = model.weight().grad().toDoubleMatrix();
    assertTrue(Math.abs(g1[0][0] - g2[0][0]) > 1e-3);
    assertArrayEquals(g1[1], g2[1], 0);
    assertArrayEquals(g1[2], g2[2], 0);
  }
}
