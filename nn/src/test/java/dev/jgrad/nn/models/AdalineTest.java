package dev.jgrad.nn.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.Tensor;
import dev.jgrad.nn.data.Dataset;
import dev.jgrad.nn.data.Standardizer;
import dev.jgrad.nn.metrics.Metrics;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdalineTest {
  private static Dataset standardized() {
    Dataset d = PerceptronTest.setosaVersicolor();
    return Standardizer.fit(d).transform(d);
  }

  /** Widrow-Hoff by hand: batch updates w += η Xᵀ(y - z), b += η Σ(y - z), cost ½Σ(y - z)². */
  @Test
  void batchGradientDescentIsTheWidrowHoffRule() {
    Dataset d = standardized();
    Adaline a = new Adaline(2, 0.01, 1, Adaline.Mode.BATCH, false, 1);
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
    Adaline fitted = new Adaline(2, 0.01, 5, Adaline.Mode.BATCH, false, 1).fit(d);
    assertArrayEquals(costs, fitted.costPerEpoch(), 1e-10);
    assertArrayEquals(w, fitted.weight().toDoubleArray(), 1e-12);
    assertEquals(b, fitted.bias().item(), 1e-12);
  }

  @Test
  void standardizedDataConvergesAndSeparatesIris() {
    Dataset d = standardized();
    Adaline a = new Adaline(2, 0.01, 15, Adaline.Mode.BATCH, false, 1).fit(d);
    double[] c = a.costPerEpoch();
    for (int e = 1; e < c.length; e++) {
      assertTrue(c[e] < c[e - 1], "cost decreases every epoch: " + java.util.Arrays.toString(c));
    }
    assertEquals(1.0, Metrics.accuracy(a.predict(d.features()), d.targets()));
  }

  @Test
  void tooLargeARateOnRawFeaturesDiverges() {
    // Raschka's example: η = 0.01 on unscaled iris overshoots, so the cost grows every epoch.
    Adaline a = new Adaline(2, 0.01, 10, Adaline.Mode.BATCH, false, 1)
        .fit(PerceptronTest.setosaVersicolor());
    double[] c = a.costPerEpoch();
    for (int e = 1; e < c.length; e++) {
      assertTrue(c[e] > c[e - 1], "cost grows: " + java.util.Arrays.toString(c));
    }
  }

  @Test
  void stochasticGradientDescentUpdatesPerSample() {
    Dataset d = standardized();
    Adaline a = new Adaline(2, 0.01, 1, Adaline.Mode.STOCHASTIC, false, 1);
    double[] w = a.weight().toDoubleArray();
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
    Adaline fitted = new Adaline(2, 0.01, 3, Adaline.Mode.STOCHASTIC, false, 1).fit(d);
    assertArrayEquals(costs, fitted.costPerEpoch(), 1e-10);
    assertArrayEquals(w, fitted.weight().toDoubleArray(), 1e-12);
  }

  @Test
  void shufflingIsSeededAndLearns() {
    Dataset d = standardized();
    double[] w1 = new Adaline(2, 0.01, 5, Adaline.Mode.STOCHASTIC, true, 1).fit(d).weight()
        .toDoubleArray();
    double[] w2 = new Adaline(2, 0.01, 5, Adaline.Mode.STOCHASTIC, true, 1).fit(d).weight()
        .toDoubleArray();
    double[] w3 = new Adaline(2, 0.01, 5, Adaline.Mode.STOCHASTIC, true, 2).fit(d).weight()
        .toDoubleArray();
    double[] unshuffled = new Adaline(2, 0.01, 5, Adaline.Mode.STOCHASTIC, false, 1).fit(d)
        .weight().toDoubleArray();
    assertArrayEquals(w1, w2, 0);
    assertFalse(java.util.Arrays.equals(w1, w3));
    assertFalse(java.util.Arrays.equals(w1, unshuffled));
    Adaline a = new Adaline(2, 0.01, 15, Adaline.Mode.STOCHASTIC, true, 1).fit(d);
    double[] c = a.costPerEpoch();
    assertTrue(c[14] < c[0], java.util.Arrays.toString(c));
    assertEquals(1.0, Metrics.accuracy(a.predict(d.features()), d.targets()));
  }

  @Test
  void isAModuleWithNamedParameters() {
    Adaline a = new Adaline(3, 0.1, 1, Adaline.Mode.BATCH, false, 0);
    assertEquals(List.of("weight", "bias"), List.copyOf(a.namedParameters().keySet()));
    assertEquals(4, a.numParameters());
    assertEquals(dev.jgrad.Shape.of(2), a.forward(Tensor.ones(dev.jgrad.DType.FLOAT64, 2, 3))
        .shape());
  }
}
