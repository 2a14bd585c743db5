package dev.jgrad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Custom ops, gradient checking options, anomaly mode, function transforms, DOT export. */
// "try": the scope idiom, try (Scope s = Anomaly.detect()) { ... }, never names s.
@SuppressWarnings("try")
class ToolkitTest {

  /** log(cosh x) computed stably as |x| + log1p(e^{-2|x|}) - log 2; d/dx = tanh x. */
  static final CustomOp LOG_COSH = new CustomOp("log_cosh") {
    @Override
    protected Tensor forward(Tensor... in) {
      Tensor a = in[0].abs();
      return a.add(a.mul(-2.0).exp().log1p()).sub(Math.log(2));
    }

    @Override
    protected Tensor[] backward(Tensor[] in, Tensor out, Tensor g) {
      return new Tensor[] {g.mul(in[0].tanh())};
    }
  };

  static final CustomOp ONCE = new CustomOp("once_square", true) {
    @Override
    protected Tensor forward(Tensor... in) {
      return in[0].mul(in[0]);
    }

    @Override
    protected Tensor[] backward(Tensor[] in, Tensor out, Tensor g) {
      double[] x = in[0].toDoubleArray(); // raw arrays: not differentiable again
      double[] gv = g.toDoubleArray();
      for (int i = 0; i < x.length; i++) x[i] = 2 * x[i] * gv[i];
      return new Tensor[] {Tensor.of(x, in[0].shape().dims())};
    }
  };

  static final CustomOp WRONG = new CustomOp("wrong_cube") {
    @Override
    protected Tensor forward(Tensor... in) {
      return in[0].pow(3.0);
    }

    @Override
    protected Tensor[] backward(Tensor[] in, Tensor out, Tensor g) {
      return new Tensor[] {g.mul(in[0].square())}; // missing the factor 3
    }
  };

  @Test
  void customOpWorksLikeABuiltInAndPassesFirstAndSecondOrderChecks() {
    Tensor x = Tensor.of(new double[] {-3, -0.5, 0.25, 2, 40});
    Tensor y = LOG_COSH.apply(x);
    for (int i = 0; i < 5; i++) {
      double v = x.get(i);
      assertEquals(Math.log(Math.cosh(v)), y.get(i), 1e-12);
    }
    assertEquals("log_cosh", OpProperties.opsIn(LOG_COSH.apply(x.detach().requiresGrad(true)))
        .iterator().next());
    GradCheck.create().secondOrder(true).check(in -> LOG_COSH.apply(in[0]).sum(), x);
    GradCheck.create().secondOrder(true).check(in -> LOG_COSH.apply(in[0].mul(in[1])),
        x, Tensor.of(new double[] {1, 2, -1, 0.5, 0.01}));
  }

  @Test
  void onceDifferentiableOpRefusesASecondDerivativeNamingTheOp() {
    Tensor x = Tensor.of(new double[] {1, 2}).requiresGrad(true);
    GradCheck.create().check(in -> ONCE.apply(in[0]), x); // first order is fine
    Tensor g = Autograd.grad(List.of(ONCE.apply(x).sum()), List.of(x), null, true).get(0);
    assertArrayEquals(new double[] {2, 4}, g.toDoubleArray());
    UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
        () -> Autograd.grad(g.sum(), x));
    assertEquals("custom op 'once_square' is once-differentiable: its backward cannot be "
        + "differentiated again (second derivatives, createGraph=true)", e.getMessage());
  }

  @Test
  void aWrongCustomBackwardIsCaughtWithAnActionableMessage() {
    Tensor x = Tensor.of(new double[] {0.5, 2}, 2);
    GradCheck.GradCheckFailure e = assertThrows(GradCheck.GradCheckFailure.class,
        () -> GradCheck.create().check(in -> WRONG.apply(in[0]), x));
    assertTrue(e.getMessage().startsWith("gradcheck (first-order, reverse mode): d output[0] / d input 0[0]: "
        + "autodiff 0.25 vs numeric 0.75"), e.getMessage());
    assertTrue(e.getMessage().endsWith("input shapes [2], output shape [2]"), e.getMessage());
  }

  @Test
  void fastModeChecksARandomProjection() {
    SplittableRandom r = new SplittableRandom(3);
    Tensor a = Tensor.uniform(r, DType.FLOAT32, -1, 1, 30, 20);
    Tensor b = Tensor.uniform(r, DType.FLOAT32, -1, 1, 20, 10);
    GradCheck.create().fast(true).secondOrder(true)
        .check(in -> in[0].matmul(in[1]).tanh(), a, b);
    GradCheck.GradCheckFailure e = assertThrows(GradCheck.GradCheckFailure.class,
        () -> GradCheck.create().fast(true).check(in -> WRONG.apply(in[0]), b));
    assertTrue(e.getMessage().startsWith("gradcheck (first-order, reverse mode, fast): random projection vᵀJu"),
        e.getMessage());
  }

  @Test
  void gradCheckWorksInFloat64WhateverTheInputDtype() {
    Tensor x = Tensor.of(new float[] {0.3f, -1.2f});
    GradCheck.create().secondOrder(true).check(in -> in[0].sigmoid().log().sum(), x);
    assertEquals(DType.FLOAT32, x.dtype(), "inputs are not modified");
  }

  @Test
  void gradCheckOptionsAreValidated() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> GradCheck.create().eps(0));
    assertEquals("gradcheck: eps must be > 0, got 0.0", e.getMessage());
  }

  // ------------------------------------------------------------------ anomaly mode

  @Test
  void anomalyModeNamesTheFirstForwardOpProducingNaNAndTheUsersLine() {
    Tensor x = Tensor.of(new double[] {1, -1}).requiresGrad(true);
    try (Autograd.Scope s = Anomaly.detect()) {
      Tensor y = x.mul(2.0);
      Anomaly.AnomalyException e = assertThrows(Anomaly.AnomalyException.class, () -> y.log());
      assertTrue(e.getMessage().startsWith("log produced NaN or Inf in forward: inputs [2] "
          + "float64, created at dev.jgrad.ToolkitTest."), e.getMessage());
      assertTrue(e.getMessage().contains("ToolkitTest.java:"), e.getMessage());
    }
    assertFalse(Anomaly.isEnabled());
    assertFalse(x.mul(2.0).log().allFinite(), "off by default: NaN flows silently");
  }

  @Test
  void anomalyModeCatchesNaNBornInBackward() {
    Tensor x = Tensor.of(new double[] {0, 4}).requiresGrad(true);
    try (Autograd.Scope s = Anomaly.detect()) {
      Tensor y = x.sqrt().sum(); // finite forward; d sqrt/dx at 0 is Inf (site: this line)
      Anomaly.AnomalyException e = assertThrows(Anomaly.AnomalyException.class,
          () -> y.backward());
      assertTrue(e.getMessage().startsWith("backward of sqrt produced NaN or Inf in the gradient "
          + "of input 0: inputs [2] float64, created at dev.jgrad.ToolkitTest."),
          e.getMessage());
    }
  }

  @Test
  void anomalyModeIsPerThread() throws Exception {
    try (Autograd.Scope s = Anomaly.detect()) {
      Thread t = new Thread(() -> assertFalse(Anomaly.isEnabled()));
      t.start();
      t.join();
      assertTrue(Anomaly.isEnabled());
    }
  }

  // ------------------------------------------------------------------ function transforms

  static final Function<Tensor, Tensor> F = x -> x.mul(x).sum(new int[] {1}, false)
      .mul(x.slice(1, 0, 1).squeeze(1).sin());

  /** Central-difference Jacobian of F, [out..., in...] flattened row-major. */
  static double[] numericJacobian(Function<Tensor, Tensor> f, Tensor x) {
    double[] base = x.toDoubleArray();
    int nOut = f.apply(x).numel();
    double[] jac = new double[nOut * base.length];
    double h = 1e-6;
    for (int j = 0; j < base.length; j++) {
      double[] p = base.clone();
      double[] m = base.clone();
      p[j] += h;
      m[j] -= h;
      double[] fp = f.apply(Tensor.of(p, x.shape().dims())).toDoubleArray();
      double[] fm = f.apply(Tensor.of(m, x.shape().dims())).toDoubleArray();
      for (int o = 0; o < nOut; o++) {
        jac[o * base.length + j] = (fp[o] - fm[o]) / (2 * h);
      }
    }
    return jac;
  }

  @Test
  void jacobianMatchesFiniteDifferencesAndHasTheDocumentedShape() {
    Tensor x = Tensor.of(new double[] {0.5, -1, 2, 0.3, 1.5, -0.7}, 2, 3);
    Tensor j = Functional.jacobian(F, x);
    assertEquals(Shape.of(2, 2, 3), j.shape());
    assertArrayEquals(numericJacobian(F, x), j.toDoubleArray(), 1e-7);
  }

  @Test
  void vjpAndJvpAgreeWithTheJacobian() {
    Tensor x = Tensor.of(new double[] {0.5, -1, 2, 0.3, 1.5, -0.7}, 2, 3);
    double[][] jac = Functional.jacobian(F, x).reshape(2, 6).toDoubleMatrix();
    Tensor v = Tensor.of(new double[] {0.7, -2});
    Tensor u = Tensor.of(new double[] {1, 0.5, -1, 2, 0, 0.25}, 2, 3);
    double[] vjp = Functional.vjp(F, x, v).toDoubleArray();
    double[] jvp = Functional.jvp(F, x, u).tangent().toDoubleArray();
    double[] uv = u.toDoubleArray();
    for (int j = 0; j < 6; j++) {
      assertEquals(0.7 * jac[0][j] - 2 * jac[1][j], vjp[j], 1e-12);
    }
    for (int o = 0; o < 2; o++) {
      double s = 0;
      for (int j = 0; j < 6; j++) s += jac[o][j] * uv[j];
      assertEquals(s, jvp[o], 1e-12);
    }
  }

  @Test
  void hessianAndHvpOfAKnownFunction() {
    // f(x) = Σ x_i³ + x_0 x_1: H = diag(6x) + [[0,1],[1,0]] on the first two coordinates.
    Function<Tensor, Tensor> f = x -> x.pow(3.0).sum().add(x.slice(0, 0, 1).mul(
        x.slice(0, 1, 2)).sum());
    Tensor x = Tensor.of(new double[] {1, 2, -1});
    Tensor h = Functional.hessian(f, x);
    assertEquals(Shape.of(3, 3), h.shape());
    assertArrayEquals(new double[] {6, 1, 0, 1, 12, 0, 0, 0, -6}, h.toDoubleArray(), 1e-12);
    Tensor v = Tensor.of(new double[] {1, -1, 2});
    assertArrayEquals(new double[] {6 - 1, 1 - 12, -12},
        Functional.hvp(f, x, v).toDoubleArray(), 1e-12);
  }

  @Test
  void transformsValidateShapes() {
    Tensor x = Tensor.of(new double[] {1, 2});
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Functional.hvp(t -> t.sum(), x, Tensor.of(new double[] {1, 2, 3})));
    assertEquals("hvp: v has shape [3], expected x's shape [2]", e.getMessage());
    IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class,
        () -> Functional.hessian(t -> t, x));
    assertEquals("hessian: f must return one element, got shape [2]", e2.getMessage());
  }

  // ------------------------------------------------------------------ DOT export

  @Test
  void dotExportShowsOpsShapesDtypesAndOptionallyValues() {
    Tensor x = Tensor.scalar(1.0).requiresGrad(true).label("x");
    Tensor y = Tensor.scalar(2.0).requiresGrad(true).label("y");
    Tensor z = Tensor.scalar(3.0).requiresGrad(true).label("z");
    Tensor j = x.add(y.mul(z)).mul(4.0).label("J");
    j.backward();
    String dot = Dot.export(j);
    assertTrue(dot.startsWith("digraph jgrad {"), dot);
    assertTrue(dot.contains("label=\"{J | [] float64}\""), dot);
    assertTrue(dot.contains("label=\"mul\""), dot);
    assertTrue(dot.contains("label=\"add\""), dot);
    assertEquals(3, dot.split("shape=ellipse").length - 1, "three ops: mul, add, mul");
    String withValues = Dot.export(j, true);
    assertTrue(withValues.contains("{y | [] float64 | data [2.000] | grad [12.00]}"),
        withValues);
  }
}
