package dev.jgrad.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.GradCheck;
import dev.jgrad.Tensor;
import dev.jgrad.nn.Losses;
import dev.jgrad.testing.TensorSpec;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;

/**
 * The researcher's property tests for {@link CustomLoss}: for any logits jqwik draws (shrinking
 * failures to small shapes and values near 0), autodiff of the new losses agrees with finite
 * differences to first and second order, and the losses keep their defining properties.
 */
class CustomLossProperties {

  /** 0/1 targets of the logits' shape, alternating, so both branches of the loss are used. */
  static Tensor targetsFor(Tensor logits) {
    double[] t = new double[logits.numel()];
    for (int i = 0; i < t.length; i++) {
      t[i] = i % 2 == 0 ? 1 : 0;
    }
    return Tensor.of(t, logits.shape().dims());
  }

  @Property(tries = 200)
  void focalLossGradientsPassTheChecker(
      @ForAll @TensorSpec(maxRank = 2, maxDim = 4, min = -5, max = 5) Tensor logits,
      @ForAll @DoubleRange(min = 0, max = 3) double gamma,
      @ForAll @DoubleRange(min = 0.05, max = 0.95) double alpha) {
    Tensor y = targetsFor(logits);
    GradCheck.create().secondOrder(true)
        .check(in -> CustomLoss.focalLoss(in[0], y, gamma, alpha), logits);
  }

  @Property(tries = 200)
  void focalLossIsNonNegativeFiniteAndAtMostHalfBinaryCrossEntropyScaled(
      @ForAll @TensorSpec(maxRank = 2, maxDim = 5, min = -1000, max = 1000) Tensor logits,
      @ForAll @DoubleRange(min = 0, max = 5) double gamma) {
    Tensor y = targetsFor(logits);
    double focal = CustomLoss.focalLoss(logits, y, gamma, 0.5).item();
    double bce = Losses.binaryCrossEntropyWithLogits(logits, y).item();
    assertTrue(focal >= 0 && Double.isFinite(focal), "focal " + focal);
    // (1 - p_t)^γ <= 1, so with α = ½ the focal loss never exceeds half the cross-entropy.
    assertTrue(focal <= bce / 2 + 1e-12, focal + " > " + bce / 2);
  }

  @Property(tries = 200)
  void focalLossWithGammaZeroIsHalfBinaryCrossEntropy(
      @ForAll @TensorSpec(maxRank = 2, min = -30, max = 30) Tensor logits) {
    Tensor y = targetsFor(logits);
    double bce = Losses.binaryCrossEntropyWithLogits(logits, y).item();
    assertEquals(bce / 2, CustomLoss.focalLoss(logits, y, 0, 0.5).item(), 1e-12 * (1 + bce));
  }

  @Property(tries = 200)
  void logCoshOpPassesTheCheckerToSecondOrder(
      @ForAll @TensorSpec(maxRank = 3, maxDim = 3, min = -6, max = 6) Tensor x) {
    GradCheck.create().secondOrder(true).check(in -> CustomLoss.LOG_COSH.apply(in[0]), x);
  }

  @Property(tries = 200)
  void logCoshIsBetweenItsQuadraticAndLinearBounds(
      @ForAll @DoubleRange(min = -800, max = 800) double r) {
    double v = CustomLoss.LOG_COSH.apply(Tensor.scalar(r)).item();
    // log cosh r <= r²/2 and |r| - log 2 <= log cosh r <= |r|, finite even where cosh overflows.
    assertTrue(v >= 0 && v <= r * r / 2 + 1e-15, "log cosh " + r + " = " + v);
    assertTrue(v >= Math.abs(r) - Math.log(2) - 1e-12 && v <= Math.abs(r) + 1e-12, "" + v);
  }
}
