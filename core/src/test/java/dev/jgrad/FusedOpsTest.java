package dev.jgrad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The fused primitives ({@link Tensor#crossEntropy}, {@link Tensor#linear}): closed forms,
 * derivatives against finite differences (first and second order, both modes), agreement with
 * the unfused composites and between float32 and float64, and error messages.
 */
class FusedOpsTest {
  private static final GradCheck FULL = GradCheck.create().secondOrder(true).forwardMode(true);

  private static String message(Executable body) {
    return assertThrows(IllegalArgumentException.class, body).getMessage();
  }

  private static Tensor labels(long... y) {
    return Tensor.of(y, y.length);
  }

  // ------------------------------------------------------------------ cross-entropy

  @Test
  void crossEntropyMatchesTheClosedForm() {
    Tensor z = Tensor.of(new double[] {0, 0, 0, 1, 2, 3}, 2, 3);
    double[] l = z.crossEntropy(labels(0, 2)).toDoubleArray();
    double e = Math.E;
    assertArrayEquals(new double[] {Math.log(3), Math.log(e + e * e + e * e * e) - 3}, l, 1e-15);
  }

  @Test
  void crossEntropyIsStableForLargeLogits() {
    Tensor z = Tensor.of(new double[] {1000, 0, -1000, 1000}, 2, 2);
    assertArrayEquals(new double[] {1000, 2000}, z.crossEntropy(labels(1, 0)).toDoubleArray(),
        1e-9);
    Tensor zf = z.to(DType.FLOAT32).requiresGrad(true);
    zf.crossEntropy(labels(1, 0)).sum().backward();
    // softmax rows are (1, 0) and (0, 1): gradient = softmax - onehot.
    assertArrayEquals(new double[] {1, -1, -1, 1}, zf.grad().toDoubleArray(), 0);
  }

  @Test
  void meanGradientIsSoftmaxMinusOneHotOverN() {
    Tensor z = Tensor.of(new double[] {0, Math.log(3), 1, 1}, 2, 2).requiresGrad(true);
    z.crossEntropy(labels(1, 0)).mean().backward();
    // Row 0: softmax (1/4, 3/4), label 1; row 1: (1/2, 1/2), label 0; divided by N = 2.
    assertArrayEquals(new double[] {0.125, -0.125, -0.25, 0.25}, z.grad().toDoubleArray(),
        1e-15);
  }

  @Test
  void crossEntropyAgreesWithLogSoftmaxAndGather() {
    SplittableRandom r = new SplittableRandom(1);
    Tensor z = Tensor.normal(r, DType.FLOAT64, 0, 3, 6, 5);
    Tensor y = labels(0, 4, 2, 2, 1, 3);
    Tensor composite = z.logSoftmax(1).gather(1, y.unsqueeze(1)).squeeze(1).neg();
    assertArrayEquals(composite.toDoubleArray(), z.crossEntropy(y).toDoubleArray(), 1e-13);
  }

  @Test
  void crossEntropyDerivativesMatchFiniteDifferences() {
    SplittableRandom r = new SplittableRandom(2);
    Tensor z = Tensor.normal(r, DType.FLOAT64, 0, 1, 4, 3);
    Tensor y = labels(2, 0, 1, 2);
    FULL.check(in -> in[0].crossEntropy(y), z);
    FULL.check(in -> in[0].crossEntropy(y).mean(), z);
    FULL.check(in -> in[0].crossEntropy(y).sum(), z);
  }

  @Test
  void crossEntropyGradientPrimitiveMatchesFiniteDifferences() {
    SplittableRandom r = new SplittableRandom(3);
    Tensor z = Tensor.normal(r, DType.FLOAT64, 0, 1, 3, 4);
    Tensor g = Tensor.normal(r, DType.FLOAT64, 0, 1, 3);
    FusedOps.Labels a = new FusedOps.Labels(new int[] {3, 0, 1}, 4);
    FULL.check(in -> FusedOps.CROSS_ENTROPY_GRAD.apply(a, in[0], in[1]), z, g);
  }

  @Test
  void crossEntropyJvpMatchesFiniteDifferences() {
    SplittableRandom r = new SplittableRandom(4);
    Tensor z = Tensor.normal(r, DType.FLOAT64, 0, 1, 3, 3);
    Tensor u = Tensor.normal(r, DType.FLOAT64, 0, 1, 3, 3);
    Tensor y = labels(1, 1, 0);
    double h = 1e-6;
    double[] fd = z.add(u.mul(h)).crossEntropy(y).sub(z.sub(u.mul(h)).crossEntropy(y))
        .div(2 * h).toDoubleArray();
    assertArrayEquals(fd, Functional.jvp(x -> x.crossEntropy(y), z, u).tangent()
        .toDoubleArray(), 1e-8);
  }

  @Test
  void crossEntropyFloat32AgreesWithFloat64() {
    SplittableRandom r = new SplittableRandom(5);
    Tensor z = Tensor.normal(r, DType.FLOAT64, 0, 2, 8, 10).requiresGrad(true);
    Tensor zf = z.detach().to(DType.FLOAT32).requiresGrad(true);
    Tensor y = labels(0, 1, 2, 3, 4, 5, 6, 9);
    Tensor l = z.crossEntropy(y).mean();
    Tensor lf = zf.crossEntropy(y).mean();
    assertEquals(DType.FLOAT32, lf.dtype());
    assertEquals(l.item(), lf.item(), 1e-6);
    l.backward();
    lf.backward();
    assertArrayEquals(z.grad().toDoubleArray(), zf.grad().toDoubleArray(), 1e-7);
  }

  @Test
  void crossEntropyErrorsNameTheProblem() {
    Tensor z = Tensor.zeros(DType.FLOAT32, 4, 3);
    assertEquals("cross_entropy: label 7 at row 3 is out of range for 3 classes",
        message(() -> z.crossEntropy(labels(0, 1, 2, 7))));
    assertEquals("cross_entropy: label -1 at row 0 is out of range for 3 classes",
        message(() -> z.crossEntropy(labels(-1, 1, 2, 0))));
    assertEquals("cross_entropy: labels must be [4] (one per row of logits [4, 3]), got shape "
        + "[3]", message(() -> z.crossEntropy(labels(0, 1, 2))));
    assertEquals("cross_entropy: logits must be [N, C], got shape [3]",
        message(() -> Tensor.zeros(DType.FLOAT32, 3).crossEntropy(labels(0))));
    assertEquals("cross_entropy: logits must be float32 or float64, got int64",
        message(() -> Tensor.of(new long[] {1, 2}, 1, 2).crossEntropy(labels(0))));
    assertEquals("cross_entropy: labels must be an int64 or int32 tensor of class indices, got "
        + "float32 (convert with to(DType.INT64))",
        message(() -> z.crossEntropy(Tensor.zeros(DType.FLOAT32, 4))));
  }

  // ------------------------------------------------------------------ linear

  private static Tensor composite(Tensor x, Tensor w, Tensor b, LinearActivation act) {
    Tensor z = x.matmul(w.transpose());
    z = b == null ? z : z.add(b);
    switch (act) {
      case RELU:
        return z.relu();
      case TANH:
        return z.tanh();
      case SIGMOID:
        return z.sigmoid();
      default:
        return z;
    }
  }

  @Test
  void linearMatchesTheClosedForm() {
    Tensor x = Tensor.of(new double[] {1, 2, 3, -1, 0, 1}, 2, 3);
    Tensor w = Tensor.of(new double[] {1, 0, 1, 0, 1, -1}, 2, 3);
    Tensor b = Tensor.of(new double[] {0.5, -3});
    // z = [[4.5, -4], [0.5, -4]]
    assertArrayEquals(new double[] {4.5, -4, 0.5, -4},
        x.linear(w, b, LinearActivation.NONE).toDoubleArray(), 0);
    assertArrayEquals(new double[] {4.5, 0, 0.5, 0},
        x.linear(w, b, LinearActivation.RELU).toDoubleArray(), 0);
    assertArrayEquals(new double[] {Math.tanh(4.5), Math.tanh(-4), Math.tanh(0.5),
        Math.tanh(-4)}, x.linear(w, b, LinearActivation.TANH).toDoubleArray(), 1e-15);
    assertArrayEquals(new double[] {1 / (1 + Math.exp(-4.5)), 1 / (1 + Math.exp(4)),
        1 / (1 + Math.exp(-0.5)), 1 / (1 + Math.exp(4))},
        x.linear(w, b, LinearActivation.SIGMOID).toDoubleArray(), 1e-15);
    assertArrayEquals(new double[] {4, -1, 0, -1},
        x.linear(w, null, LinearActivation.NONE).toDoubleArray(), 0);
  }

  @ParameterizedTest
  @EnumSource(LinearActivation.class)
  void linearDerivativesMatchFiniteDifferences(LinearActivation act) {
    SplittableRandom r = new SplittableRandom(6);
    Tensor x = Tensor.normal(r, DType.FLOAT64, 0, 1, 3, 4);
    Tensor w = Tensor.normal(r, DType.FLOAT64, 0, 1, 2, 4);
    Tensor b = Tensor.normal(r, DType.FLOAT64, 0, 1, 2);
    if (act == LinearActivation.RELU) { // keep z away from the kink
      double[] z = x.linear(w, b, LinearActivation.NONE).toDoubleArray();
      for (double v : z) {
        org.junit.jupiter.api.Assumptions.assumeTrue(Math.abs(v) > 1e-3);
      }
    }
    FULL.check(in -> in[0].linear(in[1], in[2], act), x, w, b);
    FULL.check(in -> in[0].linear(in[1], null, act), x, w);
  }

  @ParameterizedTest
  @EnumSource(LinearActivation.class)
  void linearEqualsTheComposite(LinearActivation act) {
    SplittableRandom r = new SplittableRandom(7);
    for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
      Tensor x = Tensor.normal(r, t, 0, 1, 5, 6).requiresGrad(true);
      Tensor w = Tensor.normal(r, t, 0, 1, 4, 6).requiresGrad(true);
      Tensor b = Tensor.normal(r, t, 0, 1, 4).requiresGrad(true);
      Tensor fused = x.linear(w, b, act);
      Tensor unfused = composite(x, w, b, act);
      assertArrayEquals(unfused.toDoubleArray(), fused.toDoubleArray(), 0, t + " forward");
      Tensor g = Tensor.normal(r, t, 0, 1, 5, 4);
      Tensor[] a = Autograd.grad(java.util.List.of(fused), java.util.List.of(x, w, b),
          java.util.List.of(g), false).toArray(new Tensor[0]);
      Tensor[] c = Autograd.grad(java.util.List.of(unfused), java.util.List.of(x, w, b),
          java.util.List.of(g), false).toArray(new Tensor[0]);
      for (int i = 0; i < 3; i++) {
        assertArrayEquals(c[i].toDoubleArray(), a[i].toDoubleArray(), t == DType.FLOAT32 ? 1e-5
            : 1e-12, t + " gradient " + i);
      }
    }
  }

  @Test
  void linearCarriesLeadingAxesAndVectors() {
    SplittableRandom r = new SplittableRandom(8);
    Tensor x = Tensor.normal(r, DType.FLOAT64, 0, 1, 2, 3, 4);
    Tensor w = Tensor.normal(r, DType.FLOAT64, 0, 1, 5, 4);
    Tensor b = Tensor.normal(r, DType.FLOAT64, 0, 1, 5);
    Tensor y = x.linear(w, b, LinearActivation.TANH);
    assertEquals(Shape.of(2, 3, 5), y.shape());
    assertArrayEquals(composite(x, w, b, LinearActivation.TANH).toDoubleArray(),
        y.toDoubleArray(), 1e-14);
    Tensor v = x.slice(0, 0, 1).reshape(12).slice(0, 0, 4);
    assertEquals(Shape.of(5), v.linear(w, b, LinearActivation.NONE).shape());
    FULL.check(in -> in[0].linear(in[1], in[2], LinearActivation.SIGMOID), x, w, b);
  }

  @Test
  void linearFloat32AgreesWithFloat64() {
    SplittableRandom r = new SplittableRandom(9);
    Tensor x = Tensor.normal(r, DType.FLOAT64, 0, 1, 16, 32);
    Tensor w = Tensor.normal(r, DType.FLOAT64, 0, 0.2, 8, 32);
    Tensor b = Tensor.normal(r, DType.FLOAT64, 0, 1, 8);
    Tensor y = x.linear(w, b, LinearActivation.SIGMOID);
    Tensor yf = x.to(DType.FLOAT32).linear(w.to(DType.FLOAT32), b.to(DType.FLOAT32),
        LinearActivation.SIGMOID);
    assertEquals(DType.FLOAT32, yf.dtype());
    assertArrayEquals(y.toDoubleArray(), yf.toDoubleArray(), 1e-5);
  }

  @Test
  void linearErrorsNameTheShapes() {
    Tensor x = Tensor.zeros(DType.FLOAT32, 2, 3);
    assertEquals("linear: expected x [..., k], weight [m, k], got [2, 3], [4, 5]",
        message(() -> x.linear(Tensor.zeros(DType.FLOAT32, 4, 5), null, LinearActivation.NONE)));
    assertEquals("linear: expected x [..., k], weight [m, k], bias [m], got [2, 3], [4, 3], [3]",
        message(() -> x.linear(Tensor.zeros(DType.FLOAT32, 4, 3), Tensor.zeros(DType.FLOAT32, 3),
            LinearActivation.RELU)));
    assertEquals("linear: needs floating-point operands, got x int64, weight int64",
        message(() -> Tensor.of(new long[] {1, 2}, 1, 2).linear(Tensor.of(new long[] {1, 2}, 1,
            2), null, LinearActivation.NONE)));
    assertEquals("linear: activation is null",
        message(() -> x.linear(Tensor.zeros(DType.FLOAT32, 4, 3), null, null)));
  }
}
