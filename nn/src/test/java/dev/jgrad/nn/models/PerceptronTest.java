package dev.jgrad.nn.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgrad.Shape;
import dev.jgrad.Tensor;
import dev.jgrad.nn.data.Dataset;
import dev.jgrad.nn.data.Datasets;
import dev.jgrad.nn.metrics.Metrics;
import org.junit.jupiter.api.Test;

class PerceptronTest {
  /** Raschka's setup: setosa (-1) vs versicolor (1), sepal length and petal length. */
  static Dataset setosaVersicolor() {
    int[] rows = new int[100];
    for (int i = 0; i < 100; i++) {
      rows[i] = i;
    }
    Dataset d = Datasets.iris().subset(rows).selectFeatures(0, 2);
    return d.withTargets(d.targets().eq(1.0).mul(2).sub(1));
  }

  @Test
  void handWorkedExample() {
    // Epoch 1: x0 has z = 0 → ŷ = 1 = y, no update; x1 has z = 0 → ŷ = 1 ≠ -1, so
    // Δ = 1·(-1 - 1) = -2, w = -2·[-1, -1] = [2, 2], b = -2. Epoch 2: both correct.
    Perceptron p = new Perceptron(1.0, 3).fit(Tensor.of(new double[][] {{1, 1}, {-1, -1}}),
        Tensor.of(new double[] {1, -1}));
    assertArrayEquals(new int[] {1, 0, 0}, p.errorsPerEpoch());
    assertArrayEquals(new double[] {2, 2}, p.weight().toDoubleArray(), 0);
    assertArrayEquals(new double[] {-2}, p.bias().toDoubleArray(), 0);
    assertEquals(Shape.of(1, 2), p.weight().shape());
  }

  @Test
  void matchesAReferenceImplementationOfTheRuleOnIris() {
    Dataset d = setosaVersicolor();
    Perceptron p = new Perceptron(0.1, 10).fit(d);
    double[][] x = d.features().toDoubleMatrix();
    double[] y = d.targets().toDoubleArray();
    double[] w = {0, 0};
    double b = 0;
    int[] errors = new int[10];
    for (int e = 0; e < 10; e++) {
      for (int i = 0; i < x.length; i++) {
        double z = w[0] * x[i][0] + w[1] * x[i][1] + b;
        double update = 0.1 * (y[i] - (z >= 0 ? 1 : -1));
        w[0] += update * x[i][0];
        w[1] += update * x[i][1];
        b += update;
        errors[e] += update != 0 ? 1 : 0;
      }
    }
    assertArrayEquals(errors, p.errorsPerEpoch());
    assertArrayEquals(w, p.weight().toDoubleArray(), 1e-12);
    assertEquals(b, p.bias().item(), 1e-12);
  }

  @Test
  void convergesOnLinearlySeparableIris() {
    Dataset d = setosaVersicolor();
    Perceptron p = new Perceptron(0.1, 10).fit(d);
    int[] errors = p.errorsPerEpoch();
    assertEquals(0, errors[9], "no updates in the last epoch: " + java.util.Arrays.toString(
        errors));
    assertEquals(1.0, Metrics.accuracy(p.predict(d.features()), d.targets()));
  }

  @Test
  void rejectsBadInput() {
    Tensor x = Tensor.of(new double[][] {{1, 2}, {3, 4}});
    assertEquals("perceptron: target 0.0 at row 1 must be -1 or 1",
        assertThrows(IllegalArgumentException.class,
            () -> new Perceptron(0.1, 1).fit(x, Tensor.of(new double[] {1, 0}))).getMessage());
    assertEquals("perceptron: x holds NaN or infinity",
        assertThrows(IllegalArgumentException.class, () -> new Perceptron(0.1, 1).fit(
            Tensor.of(new double[][] {{1, Double.NaN}}), Tensor.of(new double[] {1})))
            .getMessage());
    assertThrows(IllegalStateException.class, () -> new Perceptron(0.1, 1).predict(x));
    Perceptron p = new Perceptron(0.1, 1).fit(x, Tensor.of(new double[] {1, -1}));
    assertEquals("perceptron: input has shape [1, 3] but the model has 2 features",
        assertThrows(IllegalArgumentException.class,
            () -> p.predict(Tensor.of(new double[][] {{1, 2, 3}}))).getMessage());
  }
}
