package org.example.research;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.CustomOp;
import dev.jgrad.DType;
import dev.jgrad.GradCheck;
import dev.jgrad.Tensor;
import dev.jgrad.testing.TensorArbitraries;
import dev.jgrad.testing.TensorSpec;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A researcher's workflow with only the public API: write a loss, check its gradients with
 * {@code @ForAll Tensor} properties, and check a fused custom op the same way.
 */
class CustomLossProperties {

  /**
   * Binary focal loss on logits z with targets y in {0, 1}:
   * {@code mean(-(1 - p_t)^γ · log p_t)}, {@code p_t = σ(z)} if y = 1 else {@code 1 - σ(z)},
   * with {@code log p_t} taken as {@code -softplus(-z)} or {@code -softplus(z)} for stability.
   */
  static Tensor focalLoss(Tensor logits, Tensor targets, double gamma) {
    Tensor logPt = Tensor.where(targets.eq(1.0), logits.neg().softplus().neg(),
        logits.softplus().neg());
    Tensor pt = logPt.exp();
    return pt.neg().add(1.0).pow(gamma).mul(logPt).neg().mean();
  }

  /** log(cosh(x)) as a custom op with its own (differentiable) backward, tanh(x). */
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

  static Tensor targetsFor(Tensor logits) {
    // Deterministic 0/1 targets of the logits' shape: 1 where the index is even.
    double[] t = new double[logits.numel()];
    for (int i = 0; i < t.length; i++) t[i] = i % 2 == 0 ? 1 : 0;
    return Tensor.of(t, logits.shape().dims());
  }

  @Property(tries = 200)
  void focalLossGradientsMatchFiniteDifferences(
      @ForAll @TensorSpec(maxRank = 2, maxDim = 4, min = -4, max = 4) Tensor logits) {
    Tensor y = targetsFor(logits);
    GradCheck.create().secondOrder(true).check(in -> focalLoss(in[0], y, 2.0), logits);
  }

  @Property(tries = 200)
  void focalLossIsNonNegativeAndFiniteEvenAtExtremeLogits(
      @ForAll @TensorSpec(shape = {8}, min = -1000, max = 1000) Tensor logits) {
    Tensor loss = focalLoss(logits, targetsFor(logits), 2.0);
    assertTrue(loss.item() >= 0 && Double.isFinite(loss.item()), loss::toString);
  }

  @Property(tries = 200)
  void focalLossWithGammaZeroIsBinaryCrossEntropy(
      @ForAll @TensorSpec(shape = {2, 3}, min = -6, max = 6) Tensor logits) {
    Tensor y = targetsFor(logits);
    Tensor p = logits.sigmoid();
    Tensor bce = y.mul(p.log()).add(y.neg().add(1.0).mul(p.neg().add(1.0).log())).neg().mean();
    assertTrue(Math.abs(focalLoss(logits, y, 0.0).item() - bce.item()) < 1e-9);
  }

  @Property(tries = 200)
  void customOpPassesTheSameChecks(
      @ForAll @TensorSpec(maxRank = 3, maxDim = 3, min = -3, max = 3, dtype = DType.FLOAT32)
      Tensor x) {
    GradCheck.create().secondOrder(true).check(in -> LOG_COSH.apply(in[0]).sum(), x);
  }

  @Provide
  Arbitrary<Tensor[]> pairs() {
    return TensorArbitraries.broadcastPairs(DType.FLOAT64, -2, 2, 3, 3);
  }

  @Property(tries = 200)
  void aBroadcastingCustomLossOnPairs(@ForAll("pairs") Tensor[] ab) {
    // A smooth L1-like distance between broadcast tensors.
    GradCheck.create().secondOrder(true).check(
        in -> LOG_COSH.apply(in[0].sub(in[1])).mean(), ab[0], ab[1]);
  }
}
