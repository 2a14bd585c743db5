package dev.jgrad.testing;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.jgrad.DType;
import dev.jgrad.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Shrinkable;
import net.jqwik.api.arbitraries.ArbitraryDecorator;

/**
 * Tensors for jqwik properties, configured fluently; each method returns a new, configured copy
 * (the same settings as {@link TensorSpec}, whose defaults it starts from):
 *
 * <pre>{@code
 * @Provide
 * Arbitrary<Tensor> residuals() {
 *   return TensorArbitraries.tensors().shapes(2, 8).between(-3, 3).avoiding(0.01, -1, 1);
 * }
 * }</pre>
 *
 * Values are uniform over the allowed part of the range on a grid of 12 significant digits, with
 * no edge cases; shrinking cuts the shape down to the sub-block that still fails, then shrinks
 * values toward 0 (see {@link TensorSpec}). Every tensor is a fresh leaf that does not require
 * grad.
 */
public final class TensorArbitrary extends ArbitraryDecorator<Tensor> {
  /** {@link TensorSpec#maxRank()}'s default. */
  static final int DEFAULT_MAX_RANK = 3;
  /** {@link TensorSpec#maxDim()}'s default. */
  static final int DEFAULT_MAX_DIM = 4;
  /** {@link TensorSpec#min()}'s default. */
  static final double DEFAULT_MIN = -2;
  /** {@link TensorSpec#max()}'s default. */
  static final double DEFAULT_MAX = 2;
  /** {@link TensorSpec#margin()}'s default. */
  static final double DEFAULT_MARGIN = 1e-3;

  private final DType dtype;
  private final int[] shape; // null: random, within maxRank and maxDim
  private final int maxRank;
  private final int maxDim;
  private final double min;
  private final double max;
  private final double margin;
  private final double[] avoid;
  private final ElementValues values;

  private TensorArbitrary(DType dtype, int[] shape, int maxRank, int maxDim, double min,
      double max, double margin, double[] avoid) {
    this.dtype = dtype;
    this.shape = shape;
    this.maxRank = maxRank;
    this.maxDim = maxDim;
    this.min = min;
    this.max = max;
    this.margin = margin;
    this.avoid = avoid;
    this.values = new ElementValues(dtype, min, max, margin, avoid); // checks the spec
  }

  /** The defaults: see {@link TensorSpec}. */
  static TensorArbitrary defaults() {
    return new TensorArbitrary(DType.FLOAT64, null, DEFAULT_MAX_RANK, DEFAULT_MAX_DIM,
        DEFAULT_MIN, DEFAULT_MAX, DEFAULT_MARGIN, new double[0]);
  }

  /**
   * Tensors of exactly this shape (only their values shrink).
   *
   * @param shape the dimensions, each at least 0; none for 0-d scalars
   * @return a copy with the shape fixed
   * @throws IllegalArgumentException if a dimension is negative
   */
  public TensorArbitrary shape(int... shape) {
    for (int d : shape) {
      checkArgument(d >= 0, "tensors: shape %s has a negative dimension",
          Arrays.toString(shape));
    }
    return new TensorArbitrary(dtype, shape.clone(), maxRank, maxDim, min, max, margin, avoid);
  }

  /**
   * Tensors of random shapes: rank uniform in {@code 0..maxRank}, each dimension uniform in
   * {@code 1..maxDim}.
   *
   * @param maxRank the largest rank, at least 0
   * @param maxDim the largest size of an axis, at least 1
   * @return a copy with random shapes
   * @throws IllegalArgumentException if {@code maxRank < 0} or {@code maxDim < 1}
   */
  public TensorArbitrary shapes(int maxRank, int maxDim) {
    checkArgument(maxRank >= 0 && maxDim >= 1,
        "tensors: need maxRank >= 0 and maxDim >= 1, got %s and %s", maxRank, maxDim);
    return new TensorArbitrary(dtype, null, maxRank, maxDim, min, max, margin, avoid);
  }

  /**
   * Element values in {@code [min, max]} (both included).
   *
   * @param min the smallest value, finite
   * @param max the largest value, finite, at least {@code min}
   * @return a copy with the range
   * @throws IllegalArgumentException if a bound is not finite, {@code min > max}, or no value
   *     of the range keeps the margin from the avoided points
   */
  public TensorArbitrary between(double min, double max) {
    return new TensorArbitrary(dtype, shape, maxRank, maxDim, min, max, margin, avoid);
  }

  /**
   * Element values that keep {@code margin} from each point: {@code |x - p| >= margin} and
   * {@code x != p} (kinks, poles; see {@link TensorSpec#avoid()}). Replaces earlier points.
   *
   * @param margin the distance to keep, finite, at least 0 (0 excludes only the points)
   * @param points the points to avoid, finite
   * @return a copy that avoids the points
   * @throws IllegalArgumentException if the margin or a point is not finite, the margin is
   *     negative, or no value of the range keeps the margin from every point
   */
  public TensorArbitrary avoiding(double margin, double... points) {
    return new TensorArbitrary(dtype, shape, maxRank, maxDim, min, max, margin, points.clone());
  }

  /**
   * Element type of the tensors; values are rounded to it before the margin is checked.
   *
   * @param dtype the dtype
   * @return a copy with the dtype
   * @throws NullPointerException if dtype is null
   */
  public TensorArbitrary ofType(DType dtype) {
    checkNotNull(dtype, "tensors: dtype is null");
    return new TensorArbitrary(dtype, shape, maxRank, maxDim, min, max, margin, avoid);
  }

  @Override
  protected Arbitrary<Tensor> arbitrary() {
    return Arbitraries.fromGenerator(this::next);
  }

  private Shrinkable<Tensor> next(Random random) {
    int[] s = shape;
    if (s == null) {
      s = new int[random.nextInt(maxRank + 1)];
      for (int k = 0; k < s.length; k++) {
        s[k] = 1 + random.nextInt(maxDim);
      }
    }
    int n = 1;
    for (int d : s) {
      n *= d;
    }
    List<Shrinkable<Double>> elements = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      elements.add(values.next(random));
    }
    return new TensorShrinkable(dtype, s.clone(), elements, shape == null);
  }

  @Override
  public String toString() {
    return "TensorArbitrary(" + dtype + ", shape " + (shape == null
        ? "rank <= " + maxRank + ", dims <= " + maxDim : Arrays.toString(shape))
        + ", [" + min + ", " + max + "], avoid " + Arrays.toString(avoid) + " by " + margin + ")";
  }
}
