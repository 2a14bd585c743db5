package dev.jgrad.nn.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.DType;
import dev.jgrad.Tensor;
import dev.jgrad.nn.Activation;
import dev.jgrad.nn.data.DataLoader;
import dev.jgrad.nn.data.Dataset;
import dev.jgrad.nn.optim.Adam;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RegressionNetworkTest {
  private static final double[] TARGETS = {1, 2, 3, 4, 100};

  /** A constant (zero) input: the output is the bias alone, the best constant for the loss. */
  private static double bestConstant(Task loss) {
    Dataset d = new Dataset(Tensor.zeros(DType.FLOAT64, 5, 1), Tensor.of(TARGETS));
    RegressionNetwork net = new RegressionNetwork(1, new int[0], 1, Activation.IDENTITY, loss,
        new SplittableRandom(1), DType.FLOAT64);
    Adam opt = new Adam(net.parameters(), 0.5);
    net.fit(DataLoader.of(d, 5), opt, 400);
    opt.setLearningRate(0.01); // settle: L1's subgradient makes the bias oscillate by ~rate
    net.fit(DataLoader.of(d, 5), opt, 200);
    return net.predict(Tensor.zeros(DType.FLOAT64, 1, 1)).item();
  }

  @Test
  void l2FitsTheMeanAndL1TheMedian() {
    assertEquals(22.0, bestConstant(Task.REGRESSION_L2), 0.05, "mean of the targets");
    assertEquals(3.0, bestConstant(Task.REGRESSION_L1), 0.05, "median of the targets");
  }

  @Test
  void fitsANonlinearFunctionWithHiddenLayers() {
    // y = |x|² on [-1, 1)³: non-negative, so both heads can represent it.
    SplittableRandom rng = new SplittableRandom(2);
    int n = 256;
    double[] x = new double[n * 3];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < 3; k++) {
        x[i * 3 + k] = rng.nextDouble(-1, 1);
        y[i] += x[i * 3 + k] * x[i * 3 + k];
      }
    }
    Dataset d = new Dataset(Tensor.of(x, n, 3), Tensor.of(y));
    double variance = Tensor.of(y).sub(Tensor.of(y).mean()).square().mean().item();
    for (Activation head : new Activation[] {Activation.IDENTITY, Activation.RELU}) {
      RegressionNetwork net = new RegressionNetwork(3, new int[] {32, 16}, 1, head,
          Task.REGRESSION_L2, new SplittableRandom(3), DType.FLOAT64);
      double mse = net.fit(DataLoader.of(d, 32).shuffle(4), new Adam(net.parameters(), 0.01), 100)
          .last("loss");
      assertTrue(mse < variance / 20, head + " head: training MSE " + mse + ", variance of y "
          + variance);
    }
  }

  @Test
  void reluHeadNeverPredictsNegativeValues() {
    RegressionNetwork net = new RegressionNetwork(2, new int[] {4}, 3, Activation.RELU,
        Task.REGRESSION_L1, new SplittableRandom(5), DType.FLOAT32);
    Tensor out = net.predict(Tensor.normal(new SplittableRandom(6), DType.FLOAT32, 0, 10, 50, 2));
    assertTrue(out.min().item() >= 0);
    assertEquals(dev.jgrad.Shape.of(50, 3), out.shape());
  }

  @Test
  void rejectsOtherHeadsAndTasks() {
    assertEquals("regression_network: head must be IDENTITY or RELU, got TANH",
        assertThrows(IllegalArgumentException.class, () -> new RegressionNetwork(1, new int[0], 1,
            Activation.TANH, Task.REGRESSION_L2, new SplittableRandom(1), DType.FLOAT64))
            .getMessage());
    assertThrows(IllegalArgumentException.class, () -> new RegressionNetwork(1, new int[0], 1,
        Activation.IDENTITY, Task.BINARY, new SplittableRandom(1), DType.FLOAT64));
  }
}
