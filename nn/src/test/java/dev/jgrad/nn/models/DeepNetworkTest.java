package dev.jgrad.nn.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.DType;
import dev.jgrad.Shape;
import dev.jgrad.Tensor;
import dev.jgrad.nn.Activation;
import dev.jgrad.nn.Dropout;
import dev.jgrad.nn.Init;
import dev.jgrad.nn.Tanh;
import dev.jgrad.nn.data.DataLoader;
import dev.jgrad.nn.data.Dataset;
import dev.jgrad.nn.optim.SGD;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeepNetworkTest {
  @Test
  void buildsLayersFromSizesAndActivations() {
    DeepNetwork net = DeepNetwork.builder(4, 8, 6, 3)
        .activations(Activation.RELU, Activation.TANH).dtype(DType.FLOAT64).build();
    assertEquals(List.of("layers.0.weight", "layers.0.bias", "layers.2.weight", "layers.2.bias",
        "layers.4.weight", "layers.4.bias"), List.copyOf(net.namedParameters().keySet()));
    assertEquals(Shape.of(8, 4), net.namedParameters().get("layers.0.weight").shape());
    assertEquals(Shape.of(6, 8), net.namedParameters().get("layers.2.weight").shape());
    assertEquals(Shape.of(3, 6), net.namedParameters().get("layers.4.weight").shape());
    assertInstanceOf(Tanh.class, net.get(3));
    assertEquals(8 * 4 + 8 + 6 * 8 + 6 + 3 * 6 + 3, net.numParameters());
    assertEquals(Shape.of(5, 3), net.forward(Tensor.ones(DType.FLOAT64, 5, 4)).shape());
  }

  @Test
  void initSeedAndDtypeAreHonored() {
    DeepNetwork zero = DeepNetwork.builder(3, 2, 2).init(Init.zeros()).build();
    assertEquals(0.0, zero.namedParameters().get("layers.0.weight").abs().sum().item());
    DeepNetwork a = DeepNetwork.builder(3, 5, 2).seed(4).build();
    DeepNetwork b = DeepNetwork.builder(3, 5, 2).seed(4).build();
    assertEquals(DType.FLOAT32, a.namedParameters().get("layers.0.weight").dtype());
    assertTrue(java.util.Arrays.equals(a.namedParameters().get("layers.2.weight").toFloatArray(),
        b.namedParameters().get("layers.2.weight").toFloatArray()));
  }

  @Test
  void theCoursesModelIsAvailable() {
    // The course: W[l] = randn(n_l, n_(l-1)) / sqrt(n_(l-1)) in every layer, float64.
    DeepNetwork net = DeepNetwork.builder(5, 4, 1).task(Task.BINARY).init(Init.lecunNormal())
        .dtype(DType.FLOAT64).seed(3).build();
    java.util.SplittableRandom rng = new java.util.SplittableRandom(3);
    double[] w1 = Tensor.normal(rng, DType.FLOAT64, 0, 1, 4, 5).div(Math.sqrt(5)).toDoubleArray();
    double[] w2 = Tensor.normal(rng, DType.FLOAT64, 0, 1, 1, 4).div(Math.sqrt(4)).toDoubleArray();
    assertArrayEquals(w1, net.namedParameters().get("layers.0.weight").toDoubleArray(), 1e-15);
    assertArrayEquals(w2, net.namedParameters().get("layers.2.weight").toDoubleArray(), 1e-15);
    assertEquals(0.0, net.namedParameters().get("layers.0.bias").abs().sum().item());
    // Plain full-batch gradient descent lowers the cost.
    Dataset d = new Dataset(Tensor.normal(rng, DType.FLOAT64, 0, 1, 16, 5),
        Tensor.of(new double[] {0, 1, 1, 0, 1, 0, 0, 1, 1, 1, 0, 0, 1, 0, 1, 0}));
    double[] cost = net.fit(DataLoader.of(d, d.size()), new SGD(net.parameters(), 0.0075), 50)
        .losses();
    assertTrue(cost[49] < cost[0], java.util.Arrays.toString(cost));
  }

  @Test
  void theDefaultsAreFloat32HeHiddenAndXavierOutputWeights() {
    DeepNetwork net = DeepNetwork.builder(400, 300, 200).seed(1).build();
    assertEquals(DType.FLOAT32, net.namedParameters().get("layers.0.weight").dtype());
    assertEquals(Task.MULTICLASS, net.task());
    // He normal N(0, 2/400): standard deviation 0.0707; Xavier uniform bound sqrt(6/500) = 0.110.
    Tensor w1 = net.namedParameters().get("layers.0.weight");
    double std = Math.sqrt(w1.square().mean().item());
    assertEquals(Math.sqrt(2.0 / 400), std, 0.002);
    Tensor w2 = net.namedParameters().get("layers.2.weight");
    assertTrue(w2.abs().max().item() <= Math.sqrt(6.0 / 500));
    assertEquals(Math.sqrt(6.0 / 500) / Math.sqrt(3), Math.sqrt(w2.square().mean().item()), 0.002);
  }

  @Test
  void dropoutLayersFollowHiddenActivationsAndEvalIsDeterministic() {
    DeepNetwork net = DeepNetwork.builder(4, 16, 3).dropout(0.5).seed(1).build();
    assertInstanceOf(Dropout.class, net.get(2));
    Tensor x = Tensor.ones(DType.FLOAT32, 2, 4);
    assertTrue(java.util.Arrays.equals(net.predictProbabilities(x).toFloatArray(),
        net.predictProbabilities(x).toFloatArray()));
    assertTrue(net.isTraining(), "predict restores training mode");
  }

  @Test
  void learnsXor() {
    Dataset xor = new Dataset(Tensor.of(new double[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}}),
        Tensor.of(new double[] {0, 1, 1, 0}));
    DeepNetwork net = DeepNetwork.builder(2, 8, 1).activation(Activation.TANH).task(Task.BINARY)
        .dtype(DType.FLOAT64).seed(2).build();
    net.fit(DataLoader.of(xor, 4), new dev.jgrad.nn.optim.Adam(net.parameters(), 0.05), 300);
    assertEquals(1.0, net.accuracy(xor));
  }

  @Test
  void rejectsInconsistentConfigurations() {
    assertEquals("deep_network: 3 activations for 2 hidden layers (sizes [4, 8, 6, 3])",
        assertThrows(IllegalArgumentException.class, () -> DeepNetwork.builder(4, 8, 6, 3)
            .activations(Activation.RELU, Activation.TANH, Activation.RELU).build())
            .getMessage());
    assertThrows(IllegalArgumentException.class, () -> DeepNetwork.builder(4));
    assertThrows(IllegalArgumentException.class, () -> DeepNetwork.builder(4, 0, 2));
    assertEquals("network: a BINARY network has 1 output unit, got 3 (use MULTI_LABEL or "
        + "MULTICLASS)", assertThrows(IllegalArgumentException.class,
            () -> DeepNetwork.builder(4, 3).task(Task.BINARY).build()).getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> DeepNetwork.builder(4, 1).task(Task.MULTICLASS).build());
  }
}
