package dev.jgrad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The engine's contracts: accumulation, graph reuse, modes, higher order, scale, threads. */
// "try": the scope idiom, try (Scope s = Autograd.noGrad()) { ... }, never names s.
@SuppressWarnings("try")
class AutogradTest {

  @Test
  void courseExampleJEquals4TimesXPlusYZ() {
    Tensor x = Tensor.scalar(5.0).requiresGrad(true);
    Tensor y = Tensor.scalar(3.0).requiresGrad(true);
    Tensor z = Tensor.scalar(2.0).requiresGrad(true);
    Tensor j = x.add(y.mul(z)).mul(4);
    assertEquals(44.0, j.item());
    j.backward();
    assertEquals(4.0, x.grad().item());
    assertEquals(4 * 2.0, y.grad().item()); // 4z
    assertEquals(4 * 3.0, z.grad().item()); // 4y
  }

  @Test
  void gradientsAccumulateAcrossBackwardCallsAndGraphsAreReusable() {
    Tensor x = Tensor.of(new double[] {1, 2, 3}).requiresGrad(true);
    Tensor loss = x.mul(x).sum();
    loss.backward();
    assertArrayEquals(new double[] {2, 4, 6}, x.grad().toDoubleArray());
    loss.backward(); // same graph again: supported, adds again
    assertArrayEquals(new double[] {4, 8, 12}, x.grad().toDoubleArray());
    x.zeroGrad();
    assertNull(x.grad());
    loss.backward();
    assertArrayEquals(new double[] {2, 4, 6}, x.grad().toDoubleArray());
  }

  @Test
  void aTensorUsedTwiceGetsTheSumOfBothPaths() {
    Tensor x = Tensor.scalar(3.0).requiresGrad(true);
    Tensor y = x.mul(x).add(x); // x² + x
    y.backward();
    assertEquals(7.0, x.grad().item());
  }

  @Test
  void broadcastGradientsAreSummedBackToTheInputShape() {
    Tensor a = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3).requiresGrad(true);
    Tensor b = Tensor.of(new double[] {10, 20, 30}).requiresGrad(true);
    Tensor c = Tensor.scalar(2.0).requiresGrad(true);
    a.add(b).mul(c).sum().backward();
    assertArrayEquals(new double[] {2, 2, 2, 2, 2, 2}, a.grad().toDoubleArray());
    assertEquals(b.shape(), b.grad().shape());
    assertArrayEquals(new double[] {4, 4, 4}, b.grad().toDoubleArray());
    assertEquals(Shape.SCALAR, c.grad().shape());
    assertEquals(1 + 2 + 3 + 4 + 5 + 6 + 2 * (10 + 20 + 30), c.grad().item());
  }

  @Test
  void backwardWithAnExplicitOutputGradient() {
    Tensor x = Tensor.of(new double[] {1, 2}).requiresGrad(true);
    Tensor y = x.mul(3.0);
    y.backward(Tensor.of(new double[] {1, 10}));
    assertArrayEquals(new double[] {3, 30}, x.grad().toDoubleArray());
  }

  @Test
  void functionalGradMutatesNothing() {
    Tensor x = Tensor.of(new double[] {1, 2}).requiresGrad(true);
    Tensor y = x.mul(x).sum();
    Tensor[] g = Autograd.grad(y, x);
    assertArrayEquals(new double[] {2, 4}, g[0].toDoubleArray());
    assertNull(x.grad());
    assertFalse(g[0].requiresGrad(), "without createGraph the gradient is a constant");
  }

  @Test
  void unusedInputsGetZeros() {
    Tensor x = Tensor.of(new double[] {1, 2}).requiresGrad(true);
    Tensor w = Tensor.of(new double[] {5, 6, 7}).requiresGrad(true);
    Tensor[] g = Autograd.grad(x.sum(), x, w);
    assertArrayEquals(new double[] {0, 0, 0}, g[1].toDoubleArray());
  }

  @Test
  void gradWithRespectToAnIntermediateTensor() {
    Tensor x = Tensor.scalar(2.0).requiresGrad(true);
    Tensor h = x.mul(3.0);
    Tensor y = h.mul(h);
    Tensor[] g = Autograd.grad(y, h, x);
    assertEquals(12.0, g[0].item()); // 2h
    assertEquals(36.0, g[1].item()); // 2h·3
  }

  @Test
  void secondAndThirdDerivativesWithCreateGraph() {
    Tensor x = Tensor.scalar(2.0).requiresGrad(true);
    Tensor y = x.pow(3.0);
    Tensor dy = Autograd.grad(List.of(y), List.of(x), null, true).get(0);
    assertEquals(12.0, dy.item(), 1e-12); // 3x²
    Tensor d2y = Autograd.grad(List.of(dy), List.of(x), null, true).get(0);
    assertEquals(12.0, d2y.item(), 1e-12); // 6x
    Tensor d3y = Autograd.grad(d2y, x)[0];
    assertEquals(6.0, d3y.item(), 1e-12);
  }

  @Test
  void hessianVectorProductOfAQuadraticForm() {
    // f(x) = ½ xᵀAx with symmetric A: H = A, so Hv = Av.
    Tensor a = Tensor.of(new double[] {2, 1, 1, 3}, 2, 2);
    Tensor x = Tensor.of(new double[] {1, -1}).requiresGrad(true);
    Tensor v = Tensor.of(new double[] {0.5, 2});
    Tensor f = x.matmul(a.matmul(x)).mul(0.5);
    Tensor g = Autograd.grad(List.of(f), List.of(x), null, true).get(0);
    Tensor hv = Autograd.grad(g.mul(v).sum(), x)[0];
    assertArrayEquals(new double[] {2 * 0.5 + 2, 0.5 + 6}, hv.toDoubleArray(), 1e-12);
  }

  @Test
  void noGradScopeRecordsNothingAndRestores() {
    Tensor x = Tensor.scalar(1.0).requiresGrad(true);
    try (Autograd.Scope s = Autograd.noGrad()) {
      assertFalse(Autograd.isGradEnabled());
      assertFalse(x.mul(2.0).requiresGrad());
      try (Autograd.Scope inner = Autograd.enableGrad()) {
        assertTrue(x.mul(2.0).requiresGrad());
      }
      assertFalse(Autograd.isGradEnabled());
    }
    assertTrue(Autograd.isGradEnabled());
    assertTrue(x.mul(2.0).requiresGrad());
  }

  @Test
  void detachStopsGradientsAndSharesValues() {
    Tensor x = Tensor.scalar(3.0).requiresGrad(true);
    Tensor y = x.mul(x);
    Tensor d = y.detach();
    assertFalse(d.requiresGrad());
    assertEquals(9.0, d.item());
    x.mul(d).backward(); // d is a constant 9
    assertEquals(9.0, x.grad().item());
  }

  @Test
  void retainGradKeepsAnIntermediateGradient() {
    Tensor x = Tensor.scalar(2.0).requiresGrad(true);
    Tensor h = x.mul(3.0).retainGrad();
    h.mul(h).backward();
    assertEquals(12.0, h.grad().item());
    assertEquals(36.0, x.grad().item());
  }

  @Test
  void constantOpsContributeZeroGradientWithoutError() {
    Tensor x = Tensor.of(new double[] {-2, 3}).requiresGrad(true);
    x.mul(x.sign()).sum().backward(); // |x| via sign: d/dx = sign(x)
    assertArrayEquals(new double[] {-1, 1}, x.grad().toDoubleArray());
    assertFalse(x.gt(0.0).requiresGrad());
    assertFalse(x.argmax().requiresGrad());
    assertArrayEquals(new double[] {0, 0}, Autograd.grad(List.of(x.sign().sum()), List.of(x),
        null, false).get(0).toDoubleArray());
  }

  @Test
  void float32LeavesGetFloat32GradientsThroughMixedOps() {
    Tensor x = Tensor.of(new float[] {1f, 2f}).requiresGrad(true);
    Tensor w = Tensor.of(new double[] {3, 4});
    x.mul(w).sum().backward();
    assertEquals(DType.FLOAT32, x.grad().dtype());
    assertArrayEquals(new float[] {3f, 4f}, x.grad().toFloatArray());
  }

  @Test
  void aMillionOpChainDifferentiatesWithoutStackOverflow() {
    Tensor x = Tensor.scalar(1.0).requiresGrad(true);
    Tensor y = x;
    for (int i = 0; i < 1_000_000; i++) {
      y = y.add(1.0);
    }
    y.backward();
    assertEquals(1_000_001.0, y.item());
    assertEquals(1.0, x.grad().item());
  }

  @Test
  void threadsBuildAndDifferentiateTheirOwnGraphsConcurrently() throws Exception {
    Tensor shared = Tensor.of(new double[] {1, 2, 3}).requiresGrad(true);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<double[]>> results = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        double k = t + 1;
        results.add(pool.submit(() -> {
          Tensor own = Tensor.of(new double[] {k, k, k}).requiresGrad(true);
          Tensor loss = null;
          for (int i = 0; i < 2000; i++) {
            Tensor term = own.mul(shared).tanh().sum();
            loss = loss == null ? term : loss.add(term);
          }
          try (Autograd.Scope s = t0(k)) {
            assertEquals(k % 2 == 0, Autograd.isGradEnabled() == false);
          }
          Tensor[] g = Autograd.grad(loss, own);
          loss.backward(); // accumulates into the shared leaf from several threads
          return g[0].toDoubleArray();
        }));
      }
      for (int t = 0; t < 8; t++) {
        double k = t + 1;
        double[] g = results.get(t).get();
        for (int i = 0; i < 3; i++) {
          double s = i + 1.0;
          double th = Math.tanh(k * s);
          assertEquals(2000 * s * (1 - th * th), g[i], 1e-9);
        }
      }
      double[] expected = new double[3];
      for (int t = 0; t < 8; t++) {
        for (int i = 0; i < 3; i++) {
          double th = Math.tanh((t + 1) * (i + 1.0));
          expected[i] += 2000 * (t + 1) * (1 - th * th);
        }
      }
      assertArrayEquals(expected, shared.grad().toDoubleArray(), 1e-6);
    } finally {
      pool.shutdown();
    }
  }

  /** Grad mode is per thread: even-numbered workers turn it off inside a scope. */
  private static Autograd.Scope t0(double k) {
    return k % 2 == 0 ? Autograd.noGrad() : Autograd.enableGrad();
  }

  // ------------------------------------------------------------ rule bugs (negative controls)

  /** A deliberately wrong rule: forward x², backward g·x (missing the factor 2). */
  static final Prim<Void> BROKEN_SQUARE = Prim.<Void>builder("broken_square",
      (a, in) -> Tensor.of(in[0].toDoubleArray(), in[0].shape().dims()).mul(in[0].detach()))
      .vjp((s, g) -> new Tensor[] {g.mul(s.x(0))})
      .jvp((s, t) -> t[0].mul(s.x(0)).mul(2.0))
      .unregistered();

  @Test
  void gradCheckCatchesADeliberatelyWrongRule() {
    Tensor x = Tensor.of(new double[] {0.5, -1.5, 2});
    GradCheck.GradCheckFailure e = assertThrows(GradCheck.GradCheckFailure.class,
        () -> GradCheck.create().check(in -> BROKEN_SQUARE.apply(in[0]), x));
    assertTrue(e.getMessage().startsWith("gradcheck (first-order, reverse mode): d output[0] / d "
        + "input 0[0]: autodiff 0.5 vs numeric 0.9999"), e.getMessage());
  }

  @Test
  void aRuleReturningTheWrongShapeIsAnIllegalStateNamingTheOp() {
    Tensor x = Tensor.of(new double[] {1, 2, 3}).requiresGrad(true);
    Prim<Void> bad = Prim.<Void>builder("bad_shape", (a, in) -> in[0].detach().mul(2.0))
        .vjp((s, g) -> new Tensor[] {Tensor.zeros(DType.FLOAT64, 2)})
        .jvp((s, t) -> t[0]).unregistered();
    Tensor y = bad.apply(x);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> y.sum().backward());
    assertEquals("backward of 'bad_shape' returned a gradient of shape [2] for input 0 of shape "
        + "[3]", e.getMessage());
    assertNull(x.grad(), "a failed backward leaves gradients untouched");
  }

  @Test
  void aRuleReturningTheWrongCountIsAnIllegalStateNamingTheOp() {
    Tensor x = Tensor.scalar(1.0).requiresGrad(true);
    Prim<Void> bad = Prim.<Void>builder("bad_count", (a, in) -> in[0].detach().mul(1.0))
        .vjp((s, g) -> new Tensor[] {g, g})
        .jvp((s, t) -> t[0]).unregistered();
    Tensor y = bad.apply(x);
    IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
    assertEquals("backward of 'bad_count' returned 2 gradients for 1 inputs (a bug in the op's "
        + "rule)", e.getMessage());
  }

  @Test
  void sameLeafPassedTwiceToGradGetsEqualGradientsOfTheirOwn() {
    Tensor x = Tensor.scalar(3.0).requiresGrad(true);
    Tensor[] g = Autograd.grad(x.mul(x), x, x);
    assertEquals(6.0, g[0].item());
    assertEquals(6.0, g[1].item());
    assertNotSame(g[0], g[1], "every gradient handed out is a tensor of its own");
  }

  // ------------------------------------------------------------ in-place updates

  @Test
  void inPlaceUpdatesOfLeavesUnderNoGrad() {
    Tensor w = Tensor.of(new double[] {1, 2}).requiresGrad(true);
    w.mul(w).sum().backward();
    try (Autograd.Scope s = Autograd.noGrad()) {
      w.addInPlace(w.grad(), -0.5); // SGD step
      assertArrayEquals(new double[] {0, 0}, w.toDoubleArray());
      w.set(Tensor.scalar(3.0));
      assertArrayEquals(new double[] {3, 3}, w.toDoubleArray());
      w.mulInPlace(2);
      assertArrayEquals(new double[] {6, 6}, w.toDoubleArray());
    }
  }

  @Test
  void inPlaceUpdateWithGradModeOnIsRefused() {
    Tensor w = Tensor.of(new double[] {1, 2}).requiresGrad(true);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> w.mulInPlace(2));
    assertEquals("mulInPlace: in-place update of a leaf that requires grad (shape [2]) while "
        + "grad mode is on; wrap it in Autograd.noGrad()", e.getMessage());
    IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class,
        () -> w.mul(2.0).set(Tensor.scalar(1.0)));
    assertEquals("set: only leaf tensors can be modified in place; this one was produced by "
        + "'mul'", e2.getMessage());
  }

  @Test
  void backwardThroughValuesModifiedInPlaceIsRefused() {
    Tensor w = Tensor.of(new double[] {1, 2}).requiresGrad(true);
    Tensor loss = w.mul(w).sum();
    try (Autograd.Scope s = Autograd.noGrad()) {
      w.detach().reshape(2, 1).detach(); // views share the version counter
      w.mulInPlace(3);
    }
    IllegalStateException e = assertThrows(IllegalStateException.class, loss::backward);
    assertEquals("backward: input 1 of 'mul' (shape [2]) was modified in place after it was "
        + "used (version 1, recorded 0); recompute the forward pass after updating it",
        e.getMessage());
  }

  @Test
  void inPlaceThroughADetachedViewIsSeenToo() {
    Tensor w = Tensor.of(new double[] {1, 2}).requiresGrad(true);
    Tensor loss = w.mul(w).sum();
    w.detach().set(Tensor.scalar(0.0));
    assertThrows(IllegalStateException.class, loss::backward);
  }
}
