package dev.jgrad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Each finding of the core v2 issue, as a regression test asserting the right value. */
class CoreV2RegressionTest {

  // ------------------------------------------------------------------ indices and reductions

  @Test
  void argmaxOfAFloat32TensorIsExactBeyondTwoToThe24() {
    int n = (1 << 24) + 2;
    float[] v = new float[n];
    v[(1 << 24) + 1] = 1f; // index 16,777,217: not representable in float32
    Tensor am = Tensor.of(v).argmax();
    assertEquals(DType.INT64, am.dtype());
    assertEquals(16_777_217L, am.longItem());
  }

  @Test
  void float32ReductionsAlongANonInnermostAxisAccumulateInDouble() {
    int n = 10_000_000;
    float[] tenths = new float[2 * n];
    java.util.Arrays.fill(tenths, 0.1f);
    float[] mean = Tensor.of(tenths, n, 2).mean(0).toFloatArray();
    // 0.1f summed exactly then divided: the float nearest to 0.1f · n / n (was 0.1088).
    assertArrayEquals(new float[] {0.1f, 0.1f}, mean, 0f);
    int m = (1 << 24) + 1000;
    float[] ones = new float[2 * m];
    java.util.Arrays.fill(ones, 1f);
    // 16,778,216 is a float32 value; accumulating in float32 stalls at 16,777,216.
    assertArrayEquals(new double[] {16_778_216, 16_778_216},
        Tensor.of(ones, m, 2).sum(0).toDoubleArray(), 0);
  }

  @Test
  void reductionsAreBitIdenticalOnRerun() {
    Tensor x = Tensor.uniform(new java.util.SplittableRandom(5), DType.FLOAT32, -1, 1, 300, 7);
    assertArrayEquals(x.sum(0).toFloatArray(), x.sum(0).toFloatArray(), 0f);
    assertArrayEquals(x.transpose().sum(1).toFloatArray(), x.sum(0).toFloatArray(), 0f);
  }

  // ------------------------------------------------------------------ gradients of their own

  @Test
  void everyLeafGetsAGradientOfItsOwn() {
    Tensor a = Tensor.of(new double[] {1, 2}).requiresGrad(true);
    Tensor b = Tensor.of(new double[] {3, 4}).requiresGrad(true);
    a.add(b).sum().backward();
    assertNotSame(a.grad(), b.grad());
    assertNotSame(a.grad().storage, b.grad().storage);
    try (Autograd.Scope s = Autograd.noGrad()) {
      a.grad().mulInPlace(0.5); // gradient clipping scales one gradient in place
    }
    assertArrayEquals(new double[] {0.5, 0.5}, a.grad().toDoubleArray());
    assertArrayEquals(new double[] {1, 1}, b.grad().toDoubleArray(), "b's gradient untouched");
  }

  @Test
  void theCallersSeedIsNeverStoredAsAGradient() {
    Tensor x = Tensor.of(new double[] {1, 2}).requiresGrad(true);
    Tensor seed = Tensor.of(new double[] {10, 20});
    x.add(1).backward(seed);
    assertNotSame(seed, x.grad());
    assertNotSame(seed.storage, x.grad().storage);
    seed.set(Tensor.scalar(0.0));
    assertArrayEquals(new double[] {10, 20}, x.grad().toDoubleArray());
  }

  @Test
  void aSecondBackwardAddsIntoTheGradientInPlace() {
    Tensor x = Tensor.of(new double[] {1, 2}).requiresGrad(true);
    Tensor y = x.mul(3.0).sum();
    y.backward();
    Tensor g = x.grad();
    y.backward();
    assertSame(g, x.grad(), "accumulated in place (PyTorch semantics)");
    assertArrayEquals(new double[] {6, 6}, g.toDoubleArray());
  }

  // ------------------------------------------------------------------ saved values

  @Test
  void aSavedOutputModifiedInPlaceIsRefused() {
    Tensor x = Tensor.of(new double[] {1, 2, 3}).requiresGrad(true);
    Tensor y = x.tanh();
    y.detach().set(Tensor.scalar(0.5)); // tanh's backward reads y: it would use 1 - 0.25
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> y.sum().backward());
    assertEquals("backward: the output of 'tanh' (shape [3]), which its backward rule needs, was "
        + "modified in place after it was computed (version 1, recorded 0); recompute the "
        + "forward pass after updating it", e.getMessage());
  }

  @Test
  void aValueNoRuleReadsMayChange() {
    Tensor x = Tensor.of(new double[] {1, 2}).requiresGrad(true);
    Tensor y = x.add(1.0); // add's backward reads nothing
    y.detach().set(Tensor.scalar(7.0));
    y.sum().backward();
    assertArrayEquals(new double[] {1, 1}, x.grad().toDoubleArray());
  }

  @Test
  void anInPlaceChangeThroughAViewIsSeenByItsBaseAndTheOtherWayRound() {
    Tensor w = Tensor.of(new double[] {1, 2, 3, 4}, 2, 2).requiresGrad(true);
    Tensor t = w.transpose(); // a view: no copy, shares the version counter
    Tensor loss = t.mul(t).sum();
    w.detach().slice(0, 0, 1).set(Tensor.scalar(0.0));
    assertEquals(0.0, t.get(1, 0), "the view sees the base's new values");
    IllegalStateException e = assertThrows(IllegalStateException.class, loss::backward);
    assertTrue(e.getMessage().contains("'mul'"), e.getMessage());
    assertSame(w.storage, t.storage);
  }

  // ------------------------------------------------------------------ re-entrant, concurrent

  @Test
  void backwardMayCallGradInsideACustomOpOnASharedGraph() {
    Tensor x = Tensor.scalar(1.5).requiresGrad(true);
    Tensor shared = x.mul(x); // shared by the outer pass and the inner call
    CustomOp viaInner = new CustomOp("via_inner") {
      @Override
      protected Tensor forward(Tensor... in) {
        return in[0].mul(2.0);
      }

      @Override
      protected Tensor[] backward(Tensor[] in, Tensor out, Tensor g) {
        // a nested pass over the same graph the outer pass is walking (backward runs with grad
        // mode off unless it creates a graph, so record the inner function explicitly)
        Tensor inner;
        try (Autograd.Scope s = Autograd.enableGrad()) {
          inner = Autograd.grad(shared.sin(), x)[0];
        }
        assertEquals(Math.cos(1.5 * 1.5) * 2 * 1.5, inner.item(), 1e-12);
        return new Tensor[] {g.mul(2.0)};
      }
    };
    viaInner.apply(shared).add(shared).backward();
    assertEquals(3 * 2 * 1.5, x.grad().item(), 1e-12); // d(2s + s)/dx = 3 · 2x
  }

  /**
   * The pass finds node state by the node's per-thread sequence number: nodes from another
   * thread with the very same numbers, and a node made long before the root (outside the dense
   * window), must each still get a slot of their own.
   */
  @Test
  void nodesWithEqualSequenceNumbersOrFarFromTheRootKeepTheirOwnGradients() throws Exception {
    Tensor x = Tensor.scalar(0.7).requiresGrad(true);
    Tensor early = x.mul(x); // far below the root's number once the filler below is made
    Tensor filler = Tensor.scalar(1.0).requiresGrad(true);
    for (int i = 0; i < 50_000; i++) {
      filler = filler.add(1.0);
    }
    Autograd.STATE.get().nodes = 1_000;
    Tensor a = x.sin(); // number 1000 on this thread
    ExecutorService pool = Executors.newSingleThreadExecutor();
    Tensor c;
    try {
      c = pool.submit(() -> {
        Autograd.STATE.get().nodes = 1_000;
        return x.cos().mul(3.0); // numbers 1000 and 1001 on the other thread
      }).get();
    } finally {
      pool.shutdown();
    }
    Tensor loss = a.add(c).add(early); // number 1001 here too, then 1002
    loss.backward();
    assertEquals(Math.cos(0.7) - 3 * Math.sin(0.7) + 2 * 0.7, x.grad().item(), 1e-15);
  }

  @Test
  void threadsMayRunBackwardOverOneSharedIntermediateAtOnce() throws Exception {
    Tensor x = Tensor.of(new double[] {0.5, -1, 2}).requiresGrad(true);
    Tensor h = x.tanh().mul(x); // the shared non-leaf intermediate
    int threads = 4;
    CyclicBarrier start = new CyclicBarrier(threads);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<double[]>> out = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        double k = t + 1;
        out.add(pool.submit(() -> {
          start.await();
          double[] last = null;
          for (int r = 0; r < 200; r++) {
            last = Autograd.grad(h.mul(k).sum(), x)[0].toDoubleArray();
          }
          return last;
        }));
      }
      for (int t = 0; t < threads; t++) {
        double[] g = out.get(t).get();
        for (int i = 0; i < 3; i++) {
          double v = x.get(i);
          double th = Math.tanh(v);
          assertEquals((t + 1) * (th + v * (1 - th * th)), g[i], 1e-12);
        }
      }
    } finally {
      pool.shutdown();
    }
  }

  // ------------------------------------------------------------------ pow at zero

  private static double nth(int order, java.util.function.UnaryOperator<Tensor> f, double at) {
    Tensor x = Tensor.scalar(at).requiresGrad(true);
    Tensor y = f.apply(x);
    for (int k = 0; k < order; k++) {
      y = Autograd.grad(List.of(y), List.of(x), null, k < order - 1).get(0);
    }
    return y.item();
  }

  @Test
  void powOfAConstantExponentHasFiniteDerivativesAtZero() {
    assertEquals(0.0, nth(1, x -> x.pow(0.0), 0.0));
    assertEquals(1.0, nth(1, x -> x.pow(1.0), 0.0));
    assertEquals(0.0, nth(2, x -> x.pow(1.0), 0.0));
    assertEquals(2.0, nth(2, x -> x.pow(2.0), 0.0));
    assertEquals(0.0, nth(3, x -> x.pow(2.0), 0.0));
    assertEquals(6.0, nth(3, x -> x.pow(3.0), 0.0));
  }

  @Test
  void powWithABaseOfZeroHasAFiniteExponentGradient() {
    Tensor x = Tensor.of(new double[] {0, 1, 2});
    Tensor p = Tensor.scalar(1.5).requiresGrad(true);
    x.relu().pow(p).sum().backward(); // one zero in x: 0^p·log 0 is taken as 0
    double expected = Math.pow(2, 1.5) * Math.log(2);
    assertEquals(expected, p.grad().item(), 1e-12);
    assertTrue(p.grad().allFinite());
  }

  // ------------------------------------------------------------------ promotion

  @Test
  void aScalarOrAJavaNumberDoesNotWidenAFloat32Graph() {
    Tensor w = Tensor.of(new float[] {1, 2}).requiresGrad(true);
    Tensor y = w.mul(Tensor.scalar(0.5)); // float64 0-d
    assertEquals(DType.FLOAT32, y.dtype());
    assertEquals(DType.FLOAT32, w.mul(0.5).dtype());
    y.sum().backward();
    assertEquals(DType.FLOAT32, w.grad().dtype());
    // two dimensioned tensors of different float dtypes do promote
    assertEquals(DType.FLOAT64, w.add(Tensor.of(new double[] {1, 1})).dtype());
    // an integer tensor times a float64 0-d tensor takes the 0-d dtype; times 0.5, float32
    Tensor i = Tensor.of(new long[] {1, 2});
    assertEquals(DType.FLOAT64, i.mul(Tensor.scalar(0.5)).dtype());
    assertEquals(DType.FLOAT32, i.mul(0.5).dtype());
    assertEquals(DType.INT64, i.mul(3).dtype());
    assertEquals(DType.FLOAT32, i.div(Tensor.of(new long[] {2, 2})).dtype(), "true division");
    assertEquals(DType.INT64, Tensor.of(new boolean[] {true, false}).add(1).dtype());
  }

  @Test
  void integerTensorsNeverRequireGrad() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Tensor.of(new long[] {1}).requiresGrad(true));
    assertEquals("requiresGrad: a int64 tensor cannot require grad; only float32 and float64 "
        + "tensors have gradients (convert with to(DType))", e.getMessage());
    Tensor x = Tensor.of(new double[] {1.5, -2}).requiresGrad(true);
    assertFalse(x.gt(0.0).requiresGrad());
    assertFalse(x.argmax().requiresGrad());
    assertFalse(x.to(DType.INT64).requiresGrad(), "a cast to an integer dtype is a constant");
  }

  // ------------------------------------------------------------------ views are O(1)

  @Test
  void viewsShareStorage() {
    Tensor x = Tensor.arange(DType.FLOAT64, 24).reshape(2, 3, 4);
    for (Tensor v : new Tensor[] {x.permute(2, 0, 1), x.transpose(), x.slice(2, 1, 4, 2),
        x.unsqueeze(1), x.reshape(6, 4), x.expand(5, 2, 3, 4), x.diagonal(0, 1, 2),
        x.detach(), x.squeeze()}) {
      assertSame(x.storage, v.storage, v.shape().toString());
    }
    assertEquals(x.slice(2, 1, 4, 2).get(1, 2, 1), 23.0);
    assertNotSame(x.storage, x.transpose().reshape(24).storage, "a transpose cannot reshape "
        + "to one axis without a copy");
  }
}
