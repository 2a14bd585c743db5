package dev.jgrad.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.DType;
import dev.jgrad.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Gradient clipping by total norm and by value. */
class ClipTest {
  /** Parameters whose gradients are exactly {@code grads} (the gradient of Σ g·p). */
  private static List<Tensor> withGrads(double[]... grads) {
    List<Tensor> ps = new java.util.ArrayList<>();
    Tensor loss = null;
    for (double[] g : grads) {
      Tensor p = Tensor.zeros(DType.FLOAT64, g.length).requiresGrad(true);
      ps.add(p);
      Tensor term = p.mul(Tensor.of(g)).sum();
      loss = loss == null ? term : loss.add(term);
    }
    loss.backward();
    return ps;
  }

  @Test
  void scalesAllGradientsTogetherToTheMaximumNorm() {
    List<Tensor> ps = withGrads(new double[] {3, 4}, new double[] {12});
    assertEquals(13, Clip.clipGradNorm(ps, 6.5), 0, "√(9 + 16 + 144), before clipping");
    double c = 6.5 / (13 + 1e-6);
    assertArrayEquals(new double[] {3 * c, 4 * c}, ps.get(0).grad().toDoubleArray(), 1e-15);
    assertArrayEquals(new double[] {12 * c}, ps.get(1).grad().toDoubleArray(), 1e-15);
  }

  @Test
  void leavesSmallGradientsAloneAndSkipsMissingOnes() {
    List<Tensor> ps = withGrads(new double[] {3, 4});
    Tensor noGrad = Tensor.zeros(DType.FLOAT64, 2).requiresGrad(true);
    assertEquals(5, Clip.clipGradNorm(List.of(ps.get(0), noGrad), 10), 0);
    assertArrayEquals(new double[] {3, 4}, ps.get(0).grad().toDoubleArray(), 0);
    assertEquals(0, Clip.clipGradNorm(List.of(noGrad), 1), 0);
  }

  @Test
  void otherNormsAndHugeGradients() {
    assertEquals(19, Clip.clipGradNorm(withGrads(new double[] {3, -4}, new double[] {12}), 100, 1,
        true), 1e-14);
    assertEquals(12, Clip.clipGradNorm(withGrads(new double[] {3, -4}, new double[] {-12}), 100,
        Double.POSITIVE_INFINITY, true), 0);
    assertEquals(Math.cbrt(27 + 64), Clip.clipGradNorm(withGrads(new double[] {3, -4}), 100, 3,
        true), 1e-14);
    // 3e200² overflows double; the scaled sum does not.
    List<Tensor> huge = withGrads(new double[] {3e200, 4e200});
    assertEquals(5e200, Clip.clipGradNorm(huge, 1), 1e186);
    assertEquals(1, Math.hypot(huge.get(0).grad().toDoubleArray()[0],
        huge.get(0).grad().toDoubleArray()[1]), 1e-12);
  }

  @Test
  void float32GradientsStayFloat32() {
    Tensor p = Tensor.zeros(DType.FLOAT32, 2).requiresGrad(true);
    p.mul(Tensor.of(new float[] {30, 40})).sum().backward();
    assertEquals(50, Clip.clipGradNorm(List.of(p), 1), 1e-5);
    assertEquals(DType.FLOAT32, p.grad().dtype());
    assertArrayEquals(new float[] {0.6f, 0.8f}, p.grad().toFloatArray(), 1e-6f);
  }

  @Test
  void nonFiniteNormsErrorOrAreReturnedWithGradientsUnchanged() {
    List<Tensor> ps = withGrads(new double[] {1, 2}, new double[] {Double.NaN});
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> Clip.clipGradNorm(ps, 1));
    assertEquals("clip_grad_norm: the total 2-norm of the gradients is NaN (parameter 1, shape "
        + "[1], has a non-finite gradient); gradients left unchanged. Pass errorIfNonFinite = "
        + "false to get the norm back and skip the step yourself", e.getMessage());
    assertTrue(Double.isNaN(Clip.clipGradNorm(ps, 1, 2, false)));
    assertArrayEquals(new double[] {1, 2}, ps.get(0).grad().toDoubleArray(), 0);
    List<Tensor> inf = withGrads(new double[] {1, Double.NEGATIVE_INFINITY});
    assertEquals(Double.POSITIVE_INFINITY, Clip.clipGradNorm(inf, 1, 2, false));
    assertArrayEquals(new double[] {1, Double.NEGATIVE_INFINITY}, inf.get(0).grad()
        .toDoubleArray(), 0);
  }

  @Test
  void clipGradValueClampsEachElement() {
    List<Tensor> ps = withGrads(new double[] {-3, 0.5, 7});
    Clip.clipGradValue(ps, 1);
    assertArrayEquals(new double[] {-1, 0.5, 1}, ps.get(0).grad().toDoubleArray(), 0);
  }

  @Test
  void badArgumentsGetSpecificErrors() {
    List<Tensor> ps = withGrads(new double[] {1});
    assertEquals("clip_grad_norm: maxNorm must be finite and >= 0, got -1.0", assertThrows(
        IllegalArgumentException.class, () -> Clip.clipGradNorm(ps, -1)).getMessage());
    assertEquals("clip_grad_norm: norm type must be > 0 or infinity, got 0.0", assertThrows(
        IllegalArgumentException.class, () -> Clip.clipGradNorm(ps, 1, 0, true)).getMessage());
    assertEquals("clip_grad_value: clip value must be finite and >= 0, got NaN", assertThrows(
        IllegalArgumentException.class, () -> Clip.clipGradValue(ps, Double.NaN)).getMessage());
    Tensor p = Tensor.of(new double[] {2}).requiresGrad(true);
    p.pow(3).sum().backward(null, true); // the gradient is itself recorded
    assertEquals("clip_grad_value: the gradient of parameter 0 (shape [1]) was recorded with "
        + "createGraph and cannot be clipped in place", assertThrows(
            IllegalArgumentException.class, () -> Clip.clipGradValue(List.of(p), 1))
            .getMessage());
  }
}
