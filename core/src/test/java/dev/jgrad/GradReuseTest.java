package dev.jgrad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

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
}
