package dev.jgrad.nn.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.DType;
import dev.jgrad.Tensor;
import dev.jgrad.nn.Activation;
import dev.jgrad.nn.Init;
import dev.jgrad.nn.data.DataLoader;
import dev.jgrad.nn.data.Dataset;
import dev.jgrad.nn.data.Datasets;
import dev.jgrad.nn.data.Standardizer;
import dev.jgrad.nn.optim.SGD;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The symmetry problem: if every hidden unit of a layer starts with the same weights, they
 * receive the same gradients and stay identical forever, so the layer is no better than one
 * unit; random initialization breaks the symmetry.
 */
class SymmetryTest {
  private static final int HIDDEN = 4;

  private static Dataset data() {
    Dataset bc = Datasets.breastCancer();
    return Standardizer.fit(bc).transform(bc);
  }

  private static ShallowNetwork trained(Init init) {
    ShallowNetwork net = new ShallowNetwork(30, HIDDEN, 1, Activation.TANH, Task.BINARY, init,
        new SplittableRandom(1), DType.FLOAT64);
    net.fit(DataLoader.of(data(), 64).shuffle(2), new SGD(net.parameters(), 0.5), 5);
    return net;
  }

  private static double[][] rows(Tensor w) {
    return w.toDoubleMatrix();
  }

  @Test
  void zeroInitializationLeavesAllHiddenUnitsIdentical() {
    ShallowNetwork net = trained(Init.zeros());
    double[][] w1 = rows(net.hiddenLayer().weight());
    double[] b1 = net.hiddenLayer().bias().toDoubleArray();
    for (int h = 1; h < HIDDEN; h++) {
      assertArrayEquals(w1[0], w1[h], 0, "hidden unit " + h + " equals unit 0");
      assertEquals(b1[0], b1[h], 0);
    }
    double[] w2 = net.outputLayer().weight().toDoubleArray();
    for (int h = 1; h < HIDDEN; h++) {
      assertEquals(w2[0], w2[h], 0);
    }
  }

  @Test
  void constantInitializationAlsoStaysSymmetricWhileLearning() {
    ShallowNetwork net = trained(Init.constant(0.1));
    double[][] w1 = rows(net.hiddenLayer().weight());
    assertTrue(Math.abs(w1[0][0] - 0.1) > 1e-6, "the weights did move");
    for (int h = 1; h < HIDDEN; h++) {
      assertArrayEquals(w1[0], w1[h], 1e-12, "hidden unit " + h + " equals unit 0");
    }
  }

  @Test
  void randomInitializationBreaksTheSymmetry() {
    ShallowNetwork net = trained(Init.smallRandom());
    double[][] w1 = rows(net.hiddenLayer().weight());
    for (int a = 0; a < HIDDEN; a++) {
      for (int b = a + 1; b < HIDDEN; b++) {
        double diff = 0;
        for (int k = 0; k < w1[a].length; k++) {
          diff = Math.max(diff, Math.abs(w1[a][k] - w1[b][k]));
        }
        assertTrue(diff > 1e-3, "hidden units " + a + " and " + b + " differ by " + diff);
      }
    }
  }
}
