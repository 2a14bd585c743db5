package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.DType;
import dev.jgrad.GradCheck;
import dev.jgrad.Tensor;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The activation layers made of core ops: values against their closed forms in plain Java,
 * first- and second-order gradient checks in float64 away from their kinks, and the errors of
 * bad hyperparameters.
 */
class ActivationLayersTest {
  private static final GradCheck CHECK = GradCheck.create().secondOrder(true);
  private static final double[] Z = {-30, -4, -1.5, -0.2, 0.3, 0.9, 2.5, 8, 40};

  private static void assertClosedForm(Layer layer, DoubleUnaryOperator f, double tol) {
    double[] y = layer.forward(Tensor.of(Z)).toDoubleArray();
    for (int i = 0; i < Z.length; i++) {
      assertEquals(f.applyAsDouble(Z[i]), y[i], tol * Math.max(1, Math.abs(y[i])),
          layer + " at " + Z[i]);
    }
  }

  /**
   * Φ at the points Z (high-precision values), so the exact GELU is checked against numbers that
   * owe nothing to core's erf.
   */
  private static final DoubleUnaryOperator STANDARD_NORMAL_CDF = z -> {
    double[] phi = {4.906713927148187e-198, 3.1671241833119924e-05, 0.06680720126885807,
        0.42074029056089696, 0.6179114221889527, 0.8159398746532405, 0.9937903346742238,
        0.9999999999999993, 1.0};
    for (int i = 0; i < Z.length; i++) {
      if (Z[i] == z) {
        return phi[i];
      }
    }
    throw new IllegalArgumentException("no tabulated value at " + z);
  };

  private static double sigmoid(double z) {
    return 1 / (1 + Math.exp(-z));
  }

  private static double softplus(double z) {
    return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
  }

  @Test
  void valuesMatchClosedForms() {
    double c = Math.sqrt(2 / Math.PI);
    assertClosedForm(GELU.tanhApproximation(),
        z -> 0.5 * z * (1 + Math.tanh(c * (z + 0.044715 * z * z * z))), 1e-15);
    assertClosedForm(new GELU(), z -> z * STANDARD_NORMAL_CDF.applyAsDouble(z), 1e-14);
    assertClosedForm(new SiLU(), z -> z * sigmoid(z), 1e-15);
    assertClosedForm(new Mish(), z -> z * Math.tanh(softplus(z)), 1e-15);
    assertClosedForm(new Softsign(), z -> z / (1 + Math.abs(z)), 1e-15);
    assertClosedForm(new LogSigmoid(), z -> Math.log(sigmoid(z)), 1e-14);
    assertClosedForm(new ELU(), z -> z > 0 ? z : Math.exp(z) - 1, 1e-15);
    assertClosedForm(new ELU(0.3), z -> z > 0 ? z : 0.3 * (Math.exp(z) - 1), 1e-15);
    assertClosedForm(new SELU(), z -> 1.0507009873554805 * (z > 0 ? z
        : 1.6732632423543772 * (Math.exp(z) - 1)), 1e-15);
    assertClosedForm(new Softplus(), z -> z > 20 ? z : Math.log1p(Math.exp(z)), 1e-15);
    assertClosedForm(new Softplus(2, 5), z -> 2 * z > 5 ? z : Math.log1p(Math.exp(2 * z)) / 2,
        1e-15);
    assertClosedForm(new Hardtanh(), z -> Math.max(-1, Math.min(1, z)), 0);
    assertClosedForm(new Hardtanh(-0.5, 2), z -> Math.max(-0.5, Math.min(2, z)), 0);
  }

  @Test
  void extremeInputsStayFinite() {
    Tensor big = Tensor.of(new double[] {-1000, 1000});
    assertArrayEquals(new double[] {-1000, 0}, new LogSigmoid().forward(big).toDoubleArray(), 0);
    assertArrayEquals(new double[] {-1, 1000}, new ELU().forward(big).toDoubleArray(), 0);
    assertArrayEquals(new double[] {-0.0, 1000}, new Mish().forward(big).toDoubleArray(), 0);
    assertArrayEquals(new double[] {0, 1000}, new Softplus().forward(big).toDoubleArray(), 0);
    // No NaN in the gradient of ELU at large inputs (exp is never taken of them).
    Tensor x = Tensor.of(new double[] {-1000, 1000}).requiresGrad(true);
    new ELU().forward(x).sum().backward();
    assertArrayEquals(new double[] {0, 1}, x.grad().toDoubleArray(), 0);
  }

  @Test
  void geluIsCloseToTheExactFormAndSymmetricAroundIdentity() {
    // gelu(z) - gelu(-z) = z for the exact and the tanh form alike.
    Tensor z = Tensor.of(Z);
    for (GELU gelu : new GELU[] {new GELU(), GELU.tanhApproximation()}) {
      Tensor g = gelu.forward(z);
      Tensor gm = gelu.forward(z.neg());
      assertArrayEquals(Z, g.sub(gm).toDoubleArray(), 1e-13, gelu.toString());
    }
    // Exact GELU at 1 is Φ(1) = 0.8413447460685429; the approximation is within 5e-4.
    assertEquals(0.8413447460685429, new GELU().forward(Tensor.scalar(1.0)).item(), 3e-16);
    assertEquals(0.8413447460685429,
        GELU.tanhApproximation().forward(Tensor.scalar(1.0)).item(), 5e-4);
    assertArrayEquals(new GELU().forward(z).toDoubleArray(),
        GELU.tanhApproximation().forward(z).toDoubleArray(), 5e-4);
  }

  @Test
  void allPassFirstAndSecondOrderGradientChecks() {
    SplittableRandom r = new SplittableRandom(3);
    Tensor x = Tensor.normal(r, DType.FLOAT64, 0, 1.5, 3, 4);
    x = x.add(x.sign().mul(0.1)); // away from the kinks at 0
    Tensor mix = Tensor.normal(r, DType.FLOAT64, 0, 1, 3, 4);
    Layer[] smooth = {new GELU(), GELU.tanhApproximation(), new SiLU(), new Mish(),
        new LogSigmoid(), new Softplus(), new Softplus(3, 50), new ELU(), new ELU(2), new SELU(),
        new Softsign()};
    for (Layer l : smooth) {
      CHECK.check(in -> l.forward(in[0]).mul(mix), x);
    }
    // Hardtanh: away from its bounds ±1 (and the kinks of the others are at 0, excluded above).
    Tensor h = Tensor.of(new double[] {-2.5, -0.7, 0.4, 0.95, 1.3, 3});
    CHECK.check(in -> new Hardtanh().forward(in[0]).square(), h);
  }

  @Test
  void badHyperparametersAreNamed() {
    assertEquals("elu: alpha must be finite, got NaN",
        assertThrows(IllegalArgumentException.class, () -> new ELU(Double.NaN)).getMessage());
    assertEquals("softplus: beta must be finite and > 0, got 0.0",
        assertThrows(IllegalArgumentException.class, () -> new Softplus(0, 20)).getMessage());
    assertEquals("softplus: threshold must be finite, got Infinity",
        assertThrows(IllegalArgumentException.class,
            () -> new Softplus(1, Double.POSITIVE_INFINITY)).getMessage());
    assertEquals("hardtanh: need finite min < max, got min=1.0, max=-1.0",
        assertThrows(IllegalArgumentException.class, () -> new Hardtanh(1, -1)).getMessage());
    assertEquals("gelu: approximate must be \"none\" or \"tanh\", got erf",
        assertThrows(IllegalArgumentException.class, () -> new GELU("erf")).getMessage());
    assertEquals("leaky_relu: slope must be finite, got Infinity",
        assertThrows(IllegalArgumentException.class,
            () -> new LeakyReLU(Double.POSITIVE_INFINITY)).getMessage());
  }

  @Test
  void reprsShowHyperparameters() {
    assertEquals("GELU(approximate=tanh)", GELU.tanhApproximation().toString());
    assertEquals("GELU(approximate=none)", new GELU().toString());
    assertEquals("tanh", new GELU("tanh").approximate());
    assertEquals("Softplus(beta=2.0, threshold=5.0)", new Softplus(2, 5).toString());
    assertEquals("Dropout(p=0.5, seed=7)", new Dropout(0.5, 7).toString());
    assertTrue(new ELU(0.5).toString().contains("alpha=0.5"));
  }
}
