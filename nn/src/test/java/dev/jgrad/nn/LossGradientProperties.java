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

  private static Reduction anyReduction(SplittableRandom rng) {
    return REDUCTIONS[rng.nextInt(REDUCTIONS.length)];
  }

  /** Values of magnitude in [lo, hi] with random signs. */
  private static Tensor signed(SplittableRandom rng, double lo, double hi, int n) {
    return uniform(rng, lo, hi, n).mul(uniform(rng, -1, 1, n).sign());
  }

  private static Tensor signs(SplittableRandom rng, int n) {
    return uniform(rng, -1, 1, n).sign();
  }

  @Property(tries = 20)
  void crossEntropyAndNllWithWeightsIgnoredLabelsSmoothingAndExtraAxes(@ForAll long seed,
      @ForAll @IntRange(min = 1, max = 3) int n, @ForAll @IntRange(min = 2, max = 4) int c,
      @ForAll @IntRange(min = 0, max = 2) int extra) {
    SplittableRandom rng = new SplittableRandom(seed);
    int[] dims = extra == 0 ? new int[] {n, c} : new int[] {n, c, extra};
    int positions = n * Math.max(extra, 1);
    Tensor z = normal(rng, 3, dims);
    long[] y = new long[positions];
    for (int i = 0; i < positions; i++) {
      y[i] = i > 0 && rng.nextInt(4) == 0 ? -100 : rng.nextInt(c); // position 0 is never ignored
    }
    Tensor labels = extra == 0 ? Tensor.of(y) : Tensor.of(y, n, extra);
    CrossEntropyOptions o = CrossEntropyOptions.defaults().ignoreIndex(-100)
        .classWeights(uniform(rng, 0.5, 2, c)).reduction(anyReduction(rng));
    CHECK.check(in -> Losses.nll(in[0], labels, o), normal(rng, 1, dims));
    CrossEntropyOptions smoothed = o.labelSmoothing(rng.nextDouble() * 0.3);
    CHECK.check(in -> Losses.crossEntropy(in[0], labels, smoothed), z);
  }

  @Property(tries = 15)
  void binaryCrossEntropyWithLogitsPosWeight(@ForAll long seed,
      @ForAll @IntRange(min = 1, max = 4) int n, @ForAll @IntRange(min = 1, max = 3) int k) {
    SplittableRandom rng = new SplittableRandom(seed);
    Tensor y = uniform(rng, 0, 1, n, k);
    Tensor pw = uniform(rng, 0.5, 3, k);
    Reduction r = anyReduction(rng);
    CHECK.check(in -> Losses.binaryCrossEntropyWithLogits(in[0], y, pw, r), normal(rng, 3, n, k));
  }

  @Property(tries = 15)
  void huberAndSmoothL1AwayFromTheirKinks(@ForAll long seed,
      @ForAll @IntRange(min = 1, max = 6) int n) {
    SplittableRandom rng = new SplittableRandom(seed);
    double delta = 0.5 + rng.nextDouble() * 1.5;
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      // |d| in [0.1, delta - 0.1] or [delta + 0.1, delta + 2]: the quadratic or the linear piece
      double m = rng.nextBoolean() ? 0.1 + rng.nextDouble() * (delta - 0.2)
          : delta + 0.1 + rng.nextDouble() * 1.9;
      d[i] = rng.nextBoolean() ? m : -m;
    }
    Tensor p = normal(rng, 2, n);
    Tensor y = p.sub(Tensor.of(d));
    Reduction r = anyReduction(rng);
    CHECK.check(in -> Losses.huber(in[0], in[1], delta, r), p, y);
    CHECK.check(in -> Losses.smoothL1(in[0], in[1], delta, r), p, y);
  }

  @Property(tries = 15)
  void klDivergenceInInputsAndTargets(@ForAll long seed, @ForAll @IntRange(min = 1, max = 3) int n,
      @ForAll @IntRange(min = 2, max = 4) int c) {
    SplittableRandom rng = new SplittableRandom(seed);
    Tensor x = normal(rng, 1, n, c);
    Reduction r = anyReduction(rng);
    CHECK.check(in -> Losses.klDivergence(in[0], in[1], r, false), x, uniform(rng, 0.05, 0.95, n,
        c));
    CHECK.check(in -> Losses.klDivergence(in[0], in[1], r, true), x, uniform(rng, -3, -0.05, n,
        c));
  }

  @Property(tries = 15)
  void marginLossesAwayFromTheirKinks(@ForAll long seed,
      @ForAll @IntRange(min = 1, max = 5) int n) {
    SplittableRandom rng = new SplittableRandom(seed);
    Tensor y = signs(rng, n);
    double margin = rng.nextDouble();
    // margin - y·s = ±[0.1, 2]: on either side of the hinge
    Tensor s = Tensor.of(new double[n]).add(margin).sub(signed(rng, 0.1, 2, n)).mul(y);
    Reduction r = anyReduction(rng);
    CHECK.check(in -> Losses.hinge(in[0], y, margin, r), s);
    CHECK.check(in -> Losses.hingeEmbedding(in[0], y, margin, r), signed(rng, 0.1, 2, n)
        .add(margin));
    Tensor a = normal(rng, 1, n);
    Tensor b = a.sub(y.mul(margin).add(signed(rng, 0.1, 2, n)));
    CHECK.check(in -> Losses.marginRanking(in[0], in[1], y, margin, r), a, b);
  }

  @Property(tries = 15)
  void cosineEmbeddingAwayFromItsKink(@ForAll long seed, @ForAll @IntRange(min = 1, max = 4) int n,
      @ForAll @IntRange(min = 2, max = 4) int d) {
    SplittableRandom rng = new SplittableRandom(seed);
    Tensor a = normal(rng, 1, n, d);
    Tensor b = normal(rng, 1, n, d);
    double margin = 0.2;
    double[] cos = a.mul(b).sum(1).div(a.square().sum(1).mul(b.square().sum(1)).sqrt())
        .toDoubleArray();
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      // a dissimilar pair exactly at cos = margin is the kink: make those rows similar
      y[i] = Math.abs(cos[i] - margin) < 0.05 || rng.nextBoolean() ? 1 : -1;
    }
    Reduction r = anyReduction(rng);
    CHECK.check(in -> Losses.cosineEmbedding(in[0], in[1], Tensor.of(y), margin, r), a, b);
  }
}
