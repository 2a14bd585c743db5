package dev.jgrad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code zeroGrad(false)}: the gradient buffer is zeroed in place and reused by the next
 * backward, the fused linear writes a weight's gradient straight into it, and the values are
 * those of a fresh gradient (bit for bit: adding a product into zeros is the product).
 */
class GradReuseTest {

  private static Tensor normal(SplittableRandom r, DType t, int... shape) {
    return Tensor.normal(r, t, 0, 1, shape);
  }

  /** loss = Σ linear(x, W, b, tanh)², whose gradient reaches W through the fused VJP. */
  private static Tensor loss(Tensor x, Tensor w, Tensor b) {
    return x.linear(w, b, LinearActivation.TANH).square().sum();
  }

  private static double[] zeros(int n) {
    return new double[n];
  }

  @ParameterizedTest
  @EnumSource(names = {"FLOAT32", "FLOAT64"})
  void theZeroedBufferIsReusedAndHoldsTheFreshGradient(DType t) {
    SplittableRandom r = new SplittableRandom(1);
    // 32 x 128 x 64: large enough for the vector GEMM (and the plain one without the module)
    Tensor x = normal(r, t, 32, 128);
    Tensor w = normal(r, t, 64, 128).mul(0.1).detach().requiresGrad(true);
    Tensor b = normal(r, t, 64).detach().requiresGrad(true);
    loss(x, w, b).backward();
    double[] fresh = w.grad().toDoubleArray();
    double[] freshB = b.grad().toDoubleArray();
    Tensor buffer = w.grad();

    w.zeroGrad(false);
    b.zeroGrad(false);
    assertSame(buffer, w.grad());
    assertArrayEquals(zeros(64 * 128), buffer.toDoubleArray());
    loss(x, w, b).backward();
    assertSame(buffer, w.grad(), "the next backward adds into the same buffer");
    assertArrayEquals(fresh, w.grad().toDoubleArray());
    assertArrayEquals(freshB, b.grad().toDoubleArray());

    loss(x, w, b).backward(); // no zeroing: the second pass adds to the first
    double[] twice = w.grad().toDoubleArray();
    for (int i = 0; i < fresh.length; i++) {
      assertTrue(Math.abs(twice[i] - 2 * fresh[i]) <= 1e-5 * (1 + Math.abs(fresh[i])), "" + i);
    }
  }

  @Test
  void aWeightFeedingTwoLinearsGetsBothContributions() {
    SplittableRandom r = new SplittableRandom(2);
    Tensor x1 = normal(r, DType.FLOAT64, 5, 4);
    Tensor x2 = normal(r, DType.FLOAT64, 5, 4);
    Tensor w = normal(r, DType.FLOAT64, 3, 4).requiresGrad(true);
    Tensor expected = x1.linear(w, null, LinearActivation.NONE).square().sum()
        .add(x2.linear(w, null, LinearActivation.RELU).sum());
    expected.backward();
    double[] fresh = w.grad().toDoubleArray();
    w.zeroGrad(false);
    x1.linear(w, null, LinearActivation.NONE).square().sum()
        .add(x2.linear(w, null, LinearActivation.RELU).sum()).backward();
    assertArrayEquals(fresh, w.grad().toDoubleArray(), 1e-12);
  }

  @Test
  void aFailedPassLeavesTheZeroedGradientsZero() {
    SplittableRandom r = new SplittableRandom(3);
    Tensor x = normal(r, DType.FLOAT64, 6, 5);
    Tensor w1 = normal(r, DType.FLOAT64, 4, 5).requiresGrad(true);
    Tensor w2 = normal(r, DType.FLOAT64, 3, 4).requiresGrad(true);
    x.linear(w1, null, LinearActivation.TANH).linear(w2, null, LinearActivation.NONE).sum()
        .backward();
    Tensor g1 = w1.grad();
    Tensor g2 = w2.grad();
    w1.zeroGrad(false);
    w2.zeroGrad(false);
    Tensor y = x.linear(w1, null, LinearActivation.TANH).linear(w2, null, LinearActivation.NONE)
        .sum();
    x.set(x.mul(2)); // the first layer's rule, run after w2's, refuses x
    int before = g2.storage.version;
    IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
    assertTrue(e.getMessage().contains("was modified in place"), e.getMessage());
    // written by w2's rule (the engine offered the buffer) and zeroed again: two versions on
    assertEquals(before + 2, g2.storage.version);
    assertSame(g2, w2.grad());
    assertArrayEquals(zeros(12), w2.grad().toDoubleArray(), "w2's rule had added into it");
    assertSame(g1, w1.grad());
    assertArrayEquals(zeros(20), w1.grad().toDoubleArray());
    // still known to be zero: the next pass writes into the same buffers again
    x.linear(w1, null, LinearActivation.TANH).linear(w2, null, LinearActivation.NONE).sum()
        .backward();
    assertSame(g2, w2.grad());
  }

  @Test
  void aRecordedPassAddsAFreshTensorAndLeavesTheBufferAlone() {
    SplittableRandom r = new SplittableRandom(4);
    Tensor x = normal(r, DType.FLOAT64, 5, 4);
    Tensor w = normal(r, DType.FLOAT64, 3, 4).requiresGrad(true);
    Tensor y = loss(x, w, null);
    y.backward();
    double[] fresh = w.grad().toDoubleArray();
    Tensor buffer = w.grad();
    w.zeroGrad(false);
    loss(x, w, null).backward(Tensor.scalar(1.0), true);
    assertNotSame(buffer, w.grad());
    assertArrayEquals(zeros(12), buffer.toDoubleArray());
    assertArrayEquals(fresh, w.grad().toDoubleArray(), 1e-12);
  }

  @Test
  void anomalyModeGetsTheSameGradient() {
    SplittableRandom r = new SplittableRandom(5);
    Tensor x = normal(r, DType.FLOAT64, 5, 4);
    Tensor w = normal(r, DType.FLOAT64, 3, 4).requiresGrad(true);
    loss(x, w, null).backward();
    double[] fresh = w.grad().toDoubleArray();
    w.zeroGrad(false);
    try (Autograd.Scope s = Anomaly.detect()) {
      loss(x, w, null).backward();
    }
    assertArrayEquals(fresh, w.grad().toDoubleArray());
  }

  @Test
  void zeroingInPlaceWithoutABufferOrOfARecordedGradientSetsItToNone() {
    Tensor w = Tensor.of(new double[] {1, 2}, 2).requiresGrad(true);
    w.zeroGrad(false);
    assertNull(w.grad());
    w.square().sum().backward(Tensor.scalar(1.0), true);
    assertTrue(w.grad().requiresGrad(), "a recorded gradient");
    w.zeroGrad(false);
    assertNull(w.grad());
  }

  // ------------------------------------------------------------------ matmul

  /** The course's layer W·X (W a leaf [20, 300], X data): dW = G·Xᵀ goes into W's buffer. */
  @ParameterizedTest
  @EnumSource(names = {"FLOAT32", "FLOAT64"})
  void matmulAddsALeafOperandsGradientIntoItsBuffer(DType t) {
    SplittableRandom r = new SplittableRandom(6);
    Tensor w = normal(r, t, 20, 300).mul(0.1).detach().requiresGrad(true);
    Tensor x = normal(r, t, 300, 40);
    w.matmul(x).tanh().square().sum().backward();
    double[] fresh = w.grad().toDoubleArray();
    Tensor buffer = w.grad();
    w.zeroGrad(false);
    int before = buffer.storage.version;
    w.matmul(x).tanh().square().sum().backward();
    assertSame(buffer, w.grad());
    assertArrayEquals(fresh, buffer.toDoubleArray(), "bit for bit: zeros plus the product");
    assertEquals(before + 1, buffer.storage.version, "one write, no second add");
  }

  /** x·W with W the second operand, and both operands leaves: each gets its own gradient. */
  @Test
  void matmulWithTwoZeroedLeafOperandsGivesBothTheirGradients() {
    SplittableRandom r = new SplittableRandom(7);
    Tensor a = normal(r, DType.FLOAT64, 7, 9).requiresGrad(true);
    Tensor b = normal(r, DType.FLOAT64, 9, 5).requiresGrad(true);
    a.matmul(b).sin().sum().backward();
    double[] freshA = a.grad().toDoubleArray();
    double[] freshB = b.grad().toDoubleArray();
    Tensor ga = a.grad();
    Tensor gb = b.grad();
    a.zeroGrad(false);
    b.zeroGrad(false);
    a.matmul(b).sin().sum().backward();
    assertSame(ga, a.grad());
    assertSame(gb, b.grad());
    assertArrayEquals(freshA, a.grad().toDoubleArray());
    assertArrayEquals(freshB, b.grad().toDoubleArray());
  }

  /** A leaf matrix times a batch: its gradient is the batch's sum, not written by the rule. */
  @Test
  void aLeafOfABatchedMatmulGetsTheGradientSummedOverTheBatch() {
    SplittableRandom r = new SplittableRandom(8);
    Tensor w = normal(r, DType.FLOAT64, 4, 6).requiresGrad(true);
    Tensor x = normal(r, DType.FLOAT64, 3, 6, 2);
    w.matmul(x).square().sum().backward();
    double[] fresh = w.grad().toDoubleArray();
    w.zeroGrad(false);
    w.matmul(x).square().sum().backward();
    assertArrayEquals(fresh, w.grad().toDoubleArray(), 1e-12);
    double[] expected = new double[24]; // Σ_b 2·(W·X_b)·X_bᵀ, by hand
    double[] wv = w.toDoubleArray();
    double[] xv = x.toDoubleArray();
    for (int b = 0; b < 3; b++) {
      for (int i = 0; i < 4; i++) {
        for (int j = 0; j < 2; j++) {
          double y = 0;
          for (int p = 0; p < 6; p++) y += wv[i * 6 + p] * xv[b * 12 + p * 2 + j];
          for (int p = 0; p < 6; p++) expected[i * 6 + p] += 2 * y * xv[b * 12 + p * 2 + j];
        }
      }
    }
    assertArrayEquals(expected, w.grad().toDoubleArray(), 1e-12);
  }

  /** W used twice in one product (W·W): never offered, so both contributions arrive. */
  @Test
  void aLeafUsedTwiceInOneProductIsNotOffered() {
    Tensor w = Tensor.of(new double[] {1, 2, 3, 4}, 2, 2).requiresGrad(true);
    w.matmul(w).sum().backward();
    double[] fresh = w.grad().toDoubleArray();
    w.zeroGrad(false);
    w.matmul(w).sum().backward();
    assertArrayEquals(fresh, w.grad().toDoubleArray());
    // ∂/∂W_ab Σ (W·W) = (row sum b) + (column sum a): rows 3, 7 and columns 4, 6 here
    assertArrayEquals(new double[] {3 + 4, 7 + 4, 3 + 6, 7 + 6}, fresh);
  }

  /**
   * The direct write is undone when the pass fails after it, as for the fused linear: with the
   * weights as first operands (W·x, the engine offers input 0's buffer) or second (x·W, input 1).
   */
  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void aFailedPassLeavesAMatmulWeightsZeroedGradientZero(boolean weightsFirst) {
    SplittableRandom r = new SplittableRandom(9);
    Tensor w1 = normal(r, DType.FLOAT64, weightsFirst ? 4 : 5, weightsFirst ? 5 : 4)
        .requiresGrad(true);
    Tensor w2 = normal(r, DType.FLOAT64, weightsFirst ? 3 : 4, weightsFirst ? 4 : 3)
        .requiresGrad(true);
    Tensor x = weightsFirst ? normal(r, DType.FLOAT64, 5, 6) : normal(r, DType.FLOAT64, 6, 5);
    Supplier<Tensor> net = () -> weightsFirst
        ? w2.matmul(w1.matmul(x).tanh()).sum() : x.matmul(w1).tanh().matmul(w2).sum();
    net.get().backward();
    Tensor g2 = w2.grad();
    w1.zeroGrad(false);
    w2.zeroGrad(false);
    Tensor y = net.get();
    x.set(x.mul(2)); // w1's rule, run after w2's, refuses the modified x
    int before = g2.storage.version;
    IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
    assertTrue(e.getMessage().contains("was modified in place"), e.getMessage());
    assertEquals(before + 2, g2.storage.version, "written by w2's rule, then zeroed again");
    assertArrayEquals(zeros(12), w2.grad().toDoubleArray());
    assertArrayEquals(zeros(20), w1.grad().toDoubleArray());
  }

  /**
   * Passes on several threads sharing a weight, each round after {@code zeroGrad(false)}: one
   * rule gets the buffer (under the leaf's lock), the others accumulate, and the sum is whole.
   */
  @Test
  void concurrentPassesSharingAZeroedWeightAddEveryContribution() throws Exception {
    SplittableRandom r = new SplittableRandom(11);
    int threads = 4;
    Tensor w = normal(r, DType.FLOAT64, 8, 16).requiresGrad(true);
    Tensor[] xs = new Tensor[threads];
    double[] expected = new double[8 * 16];
    for (int t = 0; t < threads; t++) {
      xs[t] = normal(r, DType.FLOAT64, 16, 5);
      double[] g = Autograd.grad(w.matmul(xs[t]).tanh().sum(), w)[0].toDoubleArray();
      for (int i = 0; i < g.length; i++) expected[i] += g[i];
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (int round = 0; round < 30; round++) {
        w.zeroGrad(false);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          Tensor x = xs[t];
          done.add(pool.submit(() -> {
            start.await();
            w.matmul(x).tanh().sum().backward();
            return null;
          }));
        }
        start.countDown();
        for (Future<?> f : done) f.get();
        assertArrayEquals(expected, w.grad().toDoubleArray(), 1e-12, "round " + round);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
