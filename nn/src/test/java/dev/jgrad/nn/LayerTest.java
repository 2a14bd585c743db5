package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.DType;
import dev.jgrad.GradCheck;
import dev.jgrad.Shape;
import dev.jgrad.Tensor;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Every layer: forward values against closed forms, and first- and second-order gradient checks
 * in float64 with respect to the input and every parameter (through {@link
 * Layer#functionalCall}).
 */
class LayerTest {
  private static final GradCheck CHECK = GradCheck.create().secondOrder(true);

  private static Tensor randn(long seed, int... shape) {
    return Tensor.normal(new SplittableRandom(seed), DType.FLOAT64, 0, 1, shape);
  }

  /** Random values kept at least 0.1 away from 0, so kinks (ReLU) are not straddled. */
  private static Tensor awayFromZero(long seed, int... shape) {
    Tensor t = randn(seed, shape);
    return t.add(t.sign().mul(0.1));
  }

  @Test
  void linearComputesXWTransposePlusB() {
    Linear lin = new Linear(3, 2, new SplittableRandom(0));
    double[][] w = lin.weight().toDoubleMatrix();
    double[] b = {0.5, -0.25};
    dev.jgrad.Autograd.noGrad(() -> lin.bias().set(Tensor.of(b).to(DType.FLOAT32)));
    double[][] x = {{1, 2, 3}, {-1, 0, 0.5}};
    double[][] y = lin.forward(Tensor.of(x).to(DType.FLOAT32)).toDoubleMatrix();
    for (int i = 0; i < 2; i++) {
      for (int o = 0; o < 2; o++) {
        double e = b[o];
        for (int k = 0; k < 3; k++) {
          e += x[i][k] * w[o][k];
        }
        assertEquals(e, y[i][o], 1e-5);
      }
    }
    assertEquals(Shape.of(2), lin.forward(Tensor.ones(DType.FLOAT32, 3)).shape(), "one sample");
    assertEquals(Shape.of(4, 2, 2), lin.forward(Tensor.ones(DType.FLOAT32, 4, 2, 3)).shape());
  }

  @Test
  void linearPassesFirstAndSecondOrderGradientChecks() {
    Linear lin = new Linear(3, 2, true, Init.xavierNormal(), Init.normal(0, 1),
        new SplittableRandom(4), DType.FLOAT64);
    CHECK.check(in -> lin.functionalCall(Map.of("weight", in[1], "bias", in[2]), in[0]),
        randn(1, 4, 3), lin.weight(), lin.bias());
    // The layer's loss-like use: a nonlinear function of its output, so second derivatives in
    // the parameters are not trivially zero.
    CHECK.check(in -> lin.functionalCall(Map.of("weight", in[1], "bias", in[2]), in[0]).tanh()
        .sum(), randn(2, 4, 3), lin.weight(), lin.bias());
  }

  @Test
  void linearWithoutBiasPassesGradientChecks() {
    Linear lin = new Linear(2, 3, false, Init.heUniform(), null, new SplittableRandom(5),
        DType.FLOAT64);
    assertEquals(1, lin.parameters().size());
    assertThrows(IllegalStateException.class, lin::bias);
    CHECK.check(in -> lin.functionalCall(Map.of("weight", in[1]), in[0]).sigmoid(),
        randn(3, 2, 2), lin.weight());
  }

  @Test
  void activationsMatchClosedForms() {
    double[] z = {-2, -0.5, 0.3, 4};
    Tensor t = Tensor.of(z);
    double[] sig = new Sigmoid().forward(t).toDoubleArray();
    double[] tanh = new Tanh().forward(t).toDoubleArray();
    double[] relu = new ReLU().forward(t).toDoubleArray();
    double[] leaky = new LeakyReLU(0.1).forward(t).toDoubleArray();
    for (int i = 0; i < z.length; i++) {
      assertEquals(1 / (1 + Math.exp(-z[i])), sig[i], 1e-15);
      assertEquals(Math.tanh(z[i]), tanh[i], 1e-15);
      assertEquals(Math.max(z[i], 0), relu[i], 0);
      assertEquals(z[i] > 0 ? z[i] : 0.1 * z[i], leaky[i], 1e-15);
    }
    assertSame(t, new Identity().forward(t));
    double[] sm = new Softmax().forward(Tensor.of(new double[] {1, 2, 3, 1000, 0, -1000}, 2, 3))
        .toDoubleArray();
    double d = Math.exp(1) + Math.exp(2) + Math.exp(3);
    assertArrayEquals(new double[] {Math.exp(1) / d, Math.exp(2) / d, Math.exp(3) / d, 1, 0, 0},
        sm, 1e-15);
  }

  @Test
  void activationsPassFirstAndSecondOrderGradientChecks() {
    Layer[] modules = {new Sigmoid(), new Tanh(), new ReLU(), new LeakyReLU(0.2),
        new Identity(), new Softmax(), new Softmax(0)};
    for (Layer m : modules) {
      // Multiply by a fixed random tensor so the second-order check is not a trivial identity.
      Tensor mix = randn(9, 3, 4);
      CHECK.check(in -> m.forward(in[0]).mul(mix), awayFromZero(7, 3, 4));
    }
    for (Activation a : Activation.values()) {
      CHECK.check(in -> a.apply(in[0]).square().sum(), awayFromZero(8, 2, 3));
      CHECK.check(in -> a.layer().forward(in[0]).square().sum(), awayFromZero(8, 2, 3));
    }
  }

  @Test
  void sequentialPassesGradientChecksInEveryParameter() {
    SplittableRandom rng = new SplittableRandom(12);
    Sequential net = new Sequential(
        new Linear(3, 4, Init.xavierNormal(), rng, DType.FLOAT64), new Tanh(),
        new Linear(4, 2, Init.xavierNormal(), rng, DType.FLOAT64), new Softmax());
    var p = net.namedParameters();
    String[] names = p.keySet().toArray(new String[0]);
    Tensor[] inputs = new Tensor[names.length + 1];
    inputs[0] = randn(13, 5, 3);
    for (int i = 0; i < names.length; i++) {
      inputs[i + 1] = p.get(names[i]);
    }
    CHECK.check(in -> {
      java.util.HashMap<String, Tensor> m = new java.util.HashMap<>();
      for (int i = 0; i < names.length; i++) {
        m.put(names[i], in[i + 1]);
      }
      return net.functionalCall(m, in[0]).log().sum(1);
    }, inputs);
  }

  @Test
  void dropoutScalesKeptUnitsAndIsIdentityInEval() {
    Tensor x = Tensor.ones(DType.FLOAT64, 1000);
    Dropout d = new Dropout(0.25, 3);
    double[] y = d.forward(x).toDoubleArray();
    int kept = 0;
    for (double v : y) {
      assertTrue(v == 0 || Math.abs(v - 1 / 0.75) < 1e-12, "value " + v);
      kept += v == 0 ? 0 : 1;
    }
    assertTrue(Math.abs(kept - 750) < 60, "kept " + kept + " of 1000");
    d.eval();
    assertSame(x, d.forward(x));
    // Same seed, same mask.
    assertArrayEquals(y, new Dropout(0.25, 3).forward(x).toDoubleArray());
    assertEquals("dropout: probability must be in [0, 1), got 1.0",
        assertThrows(IllegalArgumentException.class, () -> new Dropout(1.0, 1)).getMessage());
  }

  @Test
  void dropoutPassesGradientChecksWithAFixedMask() {
    // A fresh generator with the same seed on every evaluation gives the same mask.
    CHECK.check(in -> new Dropout(0.5, 21).forward(in[0]).tanh(),
        randn(22, 3, 3));
  }

  @Test
  void linearRejectsAFeatureCountMismatch() {
    Linear lin = new Linear(4, 2, new SplittableRandom(0));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> lin.forward(Tensor.ones(DType.FLOAT32, 10, 5)));
    assertEquals("linear: input has 5 features (shape [10, 5]) but the layer expects 4",
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Linear(0, 2, new SplittableRandom(0)));
  }
}
