package dev.jgrad.nn.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgrad.DType;
import dev.jgrad.Shape;
import dev.jgrad.Tensor;
import dev.jgrad.nn.Activation;
import dev.jgrad.nn.Init;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** How each task turns raw outputs into losses, probabilities and predictions. */
class NetworkTest {
  private static void setWeights(Tensor w, double[][] values) {
    dev.jgrad.Autograd.noGrad(() -> w.set(Tensor.of(values)));
  }

  @Test
  void binaryOutputsAreSqueezedLogits() {
    LogisticRegression lr = new LogisticRegression(2, DType.FLOAT64);
    setWeights(lr.weight(), new double[][] {{1, -1}});
    Tensor x = Tensor.of(new double[][] {{2, 1}, {0, 3}, {1, 1}});
    Tensor z = lr.forward(x);
    assertEquals(Shape.of(3), z.shape());
    assertArrayEquals(new double[] {1, -3, 0}, z.toDoubleArray(), 0);
    assertArrayEquals(new double[] {1 / (1 + Math.exp(-1)), 1 / (1 + Math.exp(3)), 0.5},
        lr.predictProbabilities(x).toDoubleArray(), 1e-15);
    assertArrayEquals(new double[] {1, 0, 1}, lr.predict(x).toDoubleArray(), 0,
        "threshold p >= 0.5");
    assertFalse(lr.predict(x).requiresGrad(), "predictions carry no graph");
  }

  @Test
  void multiclassPredictsTheArgmax() {
    SoftmaxRegression sr = new SoftmaxRegression(2, 3, DType.FLOAT64);
    setWeights(sr.weight(), new double[][] {{1, 0}, {0, 1}, {-1, -1}});
    Tensor x = Tensor.of(new double[][] {{2, 1}, {0, 3}, {-1, -2}});
    assertArrayEquals(new double[] {0, 1, 2}, sr.predict(x).toDoubleArray(), 0);
    double[] rowSums = sr.predictProbabilities(x).sum(1).toDoubleArray();
    assertArrayEquals(new double[] {1, 1, 1}, rowSums, 1e-15);
  }

  @Test
  void regressionHasNoProbabilitiesNorAccuracy() {
    RegressionNetwork net = new RegressionNetwork(2, new int[] {3}, 1, Activation.IDENTITY,
        Task.REGRESSION_L2, new SplittableRandom(1), DType.FLOAT64);
    Tensor x = Tensor.ones(DType.FLOAT64, 4, 2);
    assertEquals(Shape.of(4), net.forward(x).shape());
    assertEquals("predict_probabilities: REGRESSION_L2 has no probabilities",
        assertThrows(IllegalArgumentException.class, () -> net.predictProbabilities(x))
            .getMessage());
  }

  @Test
  void shallowNetworkHasTheCourseLayout() {
    ShallowNetwork net = new ShallowNetwork(2, 4, 1, Activation.TANH, Task.BINARY,
        new SplittableRandom(0), DType.FLOAT64);
    assertEquals(Shape.of(4, 2), net.hiddenLayer().weight().shape());
    assertEquals(Shape.of(1, 4), net.outputLayer().weight().shape());
    // Small random weights: N(0, 1)·0.01.
    for (double w : net.hiddenLayer().weight().toDoubleArray()) {
      assertEquals(0, w, 0.05);
    }
    ShallowNetwork same = new ShallowNetwork(2, 4, 1, Activation.TANH, Task.BINARY, Init.zeros(),
        null, DType.FLOAT64);
    assertEquals(0.0, same.hiddenLayer().weight().abs().sum().item());
  }
}
