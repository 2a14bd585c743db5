package dev.jgrad.nn;

import dev.jgrad.DType;
import dev.jgrad.GradCheck;
import dev.jgrad.Tensor;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Every loss, with every reduction, passes first- and second-order gradient checks in float64
 * (finite differences, PyTorch gradcheck tolerances) on random inputs drawn from the seed.
 */
class LossGradientProperties {
  private static final GradCheck CHECK = GradCheck.create().secondOrder(true);
  private static final Reduction[] REDUCTIONS = Reduction.values();

  private static Tensor normal(SplittableRandom rng, double std, int... shape) {
    return Tensor.normal(rng, DType.FLOAT64, 0, std, shape);
  }

  private static Tensor uniform(SplittableRandom rng, double lo, double hi, int... shape) {
    return Tensor.uniform(rng, DType.FLOAT64, lo, hi, shape);
  }

  private static Tensor labels(SplittableRandom rng, int n, int classes) {
    long[] v = new long[n];
    for (int i = 0; i < n; i++) {
      v[i] = rng.nextInt(classes);
    }
    return Tensor.of(v);
  }

  /** Random rows of a probability distribution over {@code c} classes. */
  private static Tensor distributions(SplittableRandom rng, int n, int c) {
    return uniform(rng, 0, 1, n, c).softmax(1);
  }

  @Property(tries = 15)
  void binaryCrossEntropy(@ForAll long seed, @ForAll @IntRange(min = 1, max = 5) int n) {
    SplittableRandom rng = new SplittableRandom(seed);
    Tensor p = uniform(rng, 0.05, 0.95, n);
    Tensor y = uniform(rng, 0, 1, n);
    Reduction r = REDUCTIONS[rng.nextInt(3)];
    CHECK.check(in -> Losses.binaryCrossEntropy(in[0], y, r), p);
  }

  @Property(tries = 15)
  void binaryCrossEntropyWithLogits(@ForAll long seed, @ForAll @IntRange(min = 1, max = 5) int n) {
    SplittableRandom rng = new SplittableRandom(seed);
    Tensor z = normal(rng, 3, n, 2);
    Tensor y = uniform(rng, 0, 1, n, 2);
    Reduction r = REDUCTIONS[rng.nextInt(3)];
    CHECK.check(in -> Losses.binaryCrossEntropyWithLogits(in[0], y, r), z);
  }

  @Property(tries = 15)
  void crossEntropyWithLabels(@ForAll long seed, @ForAll @IntRange(min = 1, max = 4) int n,
      @ForAll @IntRange(min = 2, max = 5) int c) {
    SplittableRandom rng = new SplittableRandom(seed);
    Tensor z = normal(rng, 3, n, c);
    Tensor y = labels(rng, n, c);
    Reduction r = REDUCTIONS[rng.nextInt(3)];
    CHECK.check(in -> Losses.crossEntropy(in[0], y, r), z);
  }

  @Property(tries = 15)
  void softCrossEntropyInLogitsAndTargets(@ForAll long seed,
      @ForAll @IntRange(min = 1, max = 4) int n, @ForAll @IntRange(min = 2, max = 4) int c) {
    SplittableRandom rng = new SplittableRandom(seed);
    Tensor z = normal(rng, 3, n, c);
    Tensor y = distributions(rng, n, c);
    Reduction r = REDUCTIONS[rng.nextInt(3)];
    CHECK.check(in -> Losses.softCrossEntropy(in[0], y, r), z);
  }

  @Property(tries = 15)
  void multiLabelCrossEntropy(@ForAll long seed, @ForAll @IntRange(min = 1, max = 4) int n,
      @ForAll @IntRange(min = 1, max = 4) int k) {
    SplittableRandom rng = new SplittableRandom(seed);
    Tensor z = normal(rng, 3, n, k);
    Tensor y = uniform(rng, 0, 1, n, k).ge(0.5).to(DType.FLOAT64);
    Reduction r = REDUCTIONS[rng.nextInt(3)];
    CHECK.check(in -> Losses.multiLabelCrossEntropy(in[0], y, r), z);
  }

  @Property(tries = 15)
  void regressionLossesInPredictionsAndTargets(@ForAll long seed,
      @ForAll @IntRange(min = 1, max = 6) int n) {
    SplittableRandom rng = new SplittableRandom(seed);
    Tensor p = normal(rng, 2, n);
    // Keep |p - y| >= 0.1 so L1 is evaluated away from its kink.
    Tensor d = uniform(rng, 0.1, 2, n).mul(uniform(rng, -1, 1, n).sign());
    Tensor y = p.sub(d);
    Reduction r = REDUCTIONS[rng.nextInt(3)];
    CHECK.check(in -> Losses.mse(in[0], in[1], r), p, y);
    CHECK.check(in -> Losses.l1(in[0], in[1], r), p, y);
    CHECK.check(in -> Losses.halfSumSquaredError(in[0], in[1]), p, y);
  }
}
