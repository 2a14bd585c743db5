package dev.jgrad.nn.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgrad.Shape;
import dev.jgrad.Tensor;
import dev.jgrad.nn.data.DataLoader;
import dev.jgrad.nn.data.Dataset;
import dev.jgrad.nn.data.Datasets;
import dev.jgrad.nn.optim.SGD;
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

  /** Updates per epoch: the epoch's fraction misclassified times the number of samples. */
  private static int[] train(Perceptron p, Dataset d, double eta, int epochs) {
    double[] rate = p.fit(DataLoader.of(d, 1), new SGD(p.parameters(), eta), epochs).losses();
    int[] updates = new int[epochs];
    for (int e = 0; e < epochs; e++) {
      updates[e] = (int) Math.round(rate[e] * d.size());
      assertEquals(updates[e], rate[e] * d.size(), 1e-9, "a whole number of updates");
    }
    return updates;
  }

  @Test
  void handWorkedExample() {
    // Epoch 1: x0 has z = 0 → ŷ = 1 = y, no update; x1 has z = 0 → ŷ = 1 ≠ -1, so
    // Δ = 1·(-1 - 1) = -2, w = -2·[-1, -1] = [2, 2], b = -2. Epoch 2: both correct.
    Perceptron p = new Perceptron(2);
    Dataset d = new Dataset(Tensor.of(new double[][] {{1, 1}, {-1, -1}}),
        Tensor.of(new double[] {1, -1}));
    assertArrayEquals(new int[] {1, 0, 0}, train(p, d, 1.0, 3));
    assertArrayEquals(new double[] {2, 2}, p.weight().toDoubleArray(), 0);
    assertArrayEquals(new double[] {-2}, p.bias().toDoubleArray(), 0);
    assertEquals(Shape.of(1, 2), p.weight().shape());
  }

  @Test
  void sgdOnItsLossIsExactlyTheRuleOnIris() {
    Dataset d = setosaVersicolor();
    Perceptron p = new Perceptron(2);
    int[] updates = train(p, d, 0.1, 10);
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
    assertArrayEquals(new int[] {2, 2, 3, 2, 1, 0, 0, 0, 0, 0}, errors, "Raschka's figure");
    assertArrayEquals(errors, updates);
    assertArrayEquals(w, p.weight().toDoubleArray(), 0, "bit for bit");
    assertEquals(b, p.bias().item(), 0);
    assertEquals(1.0, p.accuracy(d));
  }

  @Test
  void rejectsTargetsOtherThanPlusOrMinusOne() {
    Perceptron p = new Perceptron(2);
    Dataset d = new Dataset(Tensor.of(new double[][] {{1, 2}, {3, 4}}),
        Tensor.of(new double[] {1, 0}));
    assertEquals("perceptron: target 0.0 at row 0 of the batch must be -1 or 1",
        assertThrows(IllegalArgumentException.class, () -> p.fit(DataLoader.of(d, 1),
            new SGD(p.parameters(), 0.1), 1)).getMessage());
    assertEquals("linear: input has 3 features (shape [1, 3]) but the layer expects 2",
        assertThrows(IllegalArgumentException.class,
            () -> p.predict(Tensor.of(new double[][] {{1, 2, 3}}))).getMessage());
  }
}
