package dev.jgrad.nn.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.DType;
import dev.jgrad.Shape;
import dev.jgrad.Tensor;
import dev.jgrad.nn.Init;
import dev.jgrad.nn.data.DataLoader;
import dev.jgrad.nn.data.Dataset;
import dev.jgrad.nn.data.Standardizer;
import dev.jgrad.nn.optim.SGD;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AdalineTest {
  private static Dataset standardized() {
    Dataset d = PerceptronTest.setosaVersicolor();
    return Standardizer.fit(d).transform(d);
  }

  /** Batch gradient descent: one update per epoch from all samples. */
  private static double[] batchGd(Adaline a, Dataset d, double eta, int epochs) {
    return a.fit(DataLoader.of(d, d.size()), new SGD(a.parameters(), eta), epochs).losses();
  }

  @Test
  void theCourseStartsFromZeroWeightsAtCost50() {
    // z = 0 for every flower, so J = ½ Σ (±1 - 0)² = ½ · 100 = 50 exactly.
    Adaline a = new Adaline(2);
    assertArrayEquals(new double[] {0, 0}, a.weight().toDoubleArray(), 0);
    assertEquals(DType.FLOAT64, a.weight().dtype());
    double[] cost = batchGd(a, PerceptronTest.setosaVersicolor(), 0.0001, 2);
    assertEquals(50.0, cost[0], 0);
    assertTrue(cost[1] < 50, "the first update lowers the cost: " + cost[1]);
  }

  /** Widrow-Hoff by hand: batch updates w += η Xᵀ(y - z), b += η Σ(y - z), cost ½Σ(y - z)². */
  @Test
  void batchGradientDescentIsTheWidrowHoffRule() {
    Dataset d = standardized();
    Adaline a = new Adaline(2, Init.smallRandom(), new SplittableRandom(1), DType.FLOAT64);
    double[] w = a.weight().toDoubleArray();
    double b = a.bias().item();
    double[][] x = d.features().toDoubleMatrix();
    double[] y = d.targets().toDoubleArray();
    double[] costs = new double[5];
    for (int e = 0; e < 5; e++) {
      double[] gw = new double[2];
      double gb = 0;
      for (int i = 0; i < x.length; i++) {
        double err = y[i] - (w[0] * x[i][0] + w[1] * x[i][1] + b);
        gw[0] += err * x[i][0];
        gw[1] += err * x[i][1];
        gb += err;
        costs[e] += err * err / 2;
      }
      w[0] += 0.01 * gw[0];
      w[1] += 0.01 * gw[1];
      b += 0.01 * gb;
    }
    assertArrayEquals(costs, batchGd(a, d, 0.01, 5), 1e-10);
    assertArrayEquals(w, a.weight().toDoubleArray(), 1e-12);
    assertEquals(b, a.bias().item(), 1e-12);
  }

  @Test
  void standardizedDataConvergesAndSeparatesIris() {
    Dataset d = standardized();
    Adaline a = new Adaline(2);
    double[] c = batchGd(a, d, 0.01, 15);
    for (int e = 1; e < c.length; e++) {
      assertTrue(c[e] < c[e - 1], "cost decreases every epoch: " + java.util.Arrays.toString(c));
    }
    assertEquals(1.0, a.accuracy(d));
  }

  @Test
  void tooLargeARateOnRawFeaturesDiverges() {
    // Raschka's example: η = 0.01 on unscaled iris overshoots, so the cost grows every epoch.
    double[] c = batchGd(new Adaline(2), PerceptronTest.setosaVersicolor(), 0.01, 10);
    for (int e = 1; e < c.length; e++) {
      assertTrue(c[e] > c[e - 1], "cost grows: " + java.util.Arrays.toString(c));
    }
  }

  @Test
  void stochasticGradientDescentUpdatesPerSampleAndRecordsTheMeanCost() {
    Dataset d = standardized();
    double[] w = {0, 0};
    double b = 0;
    double[][] x = d.features().toDoubleMatrix();
    double[] y = d.targets().toDoubleArray();
    double[] costs = new double[3];
    for (int e = 0; e < 3; e++) {
      for (int i = 0; i < x.length; i++) {
        double err = y[i] - (w[0] * x[i][0] + w[1] * x[i][1] + b);
        w[0] += 0.01 * err * x[i][0];
        w[1] += 0.01 * err * x[i][1];
        b += 0.01 * err;
        costs[e] += err * err / 2 / x.length;
      }
    }
    Adaline a = new Adaline(2);
    double[] fitted = a.fit(DataLoader.of(d, 1), new SGD(a.parameters(), 0.01), 3).losses();
    assertArrayEquals(costs, fitted, 1e-12);
    assertArrayEquals(w, a.weight().toDoubleArray(), 1e-12);
    assertEquals(b, a.bias().item(), 1e-12);
  }

  @Test
  void shuffledStochasticDescentIsSeededAndLearns() {
    Dataset d = standardized();
    double[][] w = new double[3][];
    long[] seeds = {1, 1, 2};
    for (int r = 0; r < 3; r++) {
      Adaline a = new Adaline(2);
      a.fit(DataLoader.of(d, 1).shuffle(seeds[r]), new SGD(a.parameters(), 0.01), 5);
      w[r] = a.weight().toDoubleArray();
    }
    assertArrayEquals(w[0], w[1], 0);
    assertFalse(java.util.Arrays.equals(w[0], w[2]));
    Adaline a = new Adaline(2);
    double[] c = a.fit(DataLoader.of(d, 1).shuffle(1), new SGD(a.parameters(), 0.01), 15)
        .losses();
    assertTrue(c[14] < c[0], java.util.Arrays.toString(c));
    assertEquals(1.0, a.accuracy(d));
  }

  @Test
  void isANetworkWithSignPredictions() {
    Adaline a = new Adaline(3);
    assertEquals(List.of("layers.0.weight", "layers.0.bias"),
        List.copyOf(a.namedParameters().keySet()));
    assertEquals(4, a.numParameters());
    assertEquals(Task.ADALINE, a.task());
    assertEquals(Shape.of(2), a.forward(Tensor.ones(DType.FLOAT64, 2, 3)).shape());
    dev.jgrad.Autograd.noGrad(() -> a.weight().set(Tensor.of(new double[][] {{1, -1, 0}})));
    assertArrayEquals(new double[] {1, -1, 1}, a.predict(Tensor.of(new double[][] {
        {2, 1, 0}, {0, 3, 0}, {1, 1, 5}})).toDoubleArray(), 0, "1 where z >= 0, else -1");
  }
}
