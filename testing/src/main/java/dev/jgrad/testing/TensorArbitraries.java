package dev.jgrad.testing;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.DType;
import dev.jgrad.Tensor;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * jqwik arbitraries for tensors, for users' own property tests (jqwik on the test class path,
 * with this artifact, {@code dev.jgrad:jgrad-testing}). {@code @ForAll Tensor} parameters use
 * {@link #fromSpec}; {@code @Provide} methods start from {@link #tensors()}.
 */
public final class TensorArbitraries {
  private TensorArbitraries() {}

  /**
   * Shapes of rank {@code 0..maxRank} with every dimension in {@code 1..maxDim}; they shrink
   * toward fewer and shorter axes.
   *
   * @param maxRank the largest rank, at least 0
   * @param maxDim the largest size of an axis, at least 1
   * @return the shapes, as arrays of dimensions
   * @throws IllegalArgumentException if {@code maxRank < 0} or {@code maxDim < 1}
   */
  public static Arbitrary<int[]> shapes(int maxRank, int maxDim) {
    checkArgument(maxRank >= 0 && maxDim >= 1, "shapes: need maxRank >= 0 and maxDim >= 1, got "
        + "%s and %s", maxRank, maxDim);
    return Arbitraries.integers().between(1, maxDim).list().ofMaxSize(maxRank)
        .map(l -> l.stream().mapToInt(Integer::intValue).toArray());
  }

  /**
   * Tensors with {@link TensorSpec}'s defaults (FLOAT64, rank 0..3, dimensions 1..4, values in
   * {@code [-2, 2]}), to configure further.
   *
   * @return the default tensor arbitrary
   */
  public static TensorArbitrary tensors() {
    return TensorArbitrary.defaults();
  }

  /**
   * Tensors of a fixed shape with elements in {@code [min, max]}.
   *
   * @param dtype the element type
   * @param min the smallest value, finite
   * @param max the largest value, finite, at least {@code min}
   * @param shape the dimensions (none for 0-d scalars)
   * @return {@code tensors().ofType(dtype).between(min, max).shape(shape)}
   * @throws IllegalArgumentException if {@code min > max}, either is not finite, or a dimension
   *     is negative
   */
  public static TensorArbitrary tensors(DType dtype, double min, double max, int... shape) {
    return tensors().ofType(dtype).between(min, max).shape(shape);
  }

  /**
   * Pairs of tensors whose shapes broadcast together (NumPy rules): the second shape is the
   * first with some leading axes dropped and some sizes replaced by 1, in either order.
   *
   * @param dtype the element type of both
   * @param min the smallest value, finite
   * @param max the largest value, finite, at least {@code min}
   * @param maxRank the largest rank, at least 0
   * @param maxDim the largest size of an axis, at least 1
   * @return two-element arrays of broadcast-compatible tensors
   * @throws IllegalArgumentException as {@link #shapes} and {@link #tensors(DType, double,
   *     double, int...)}
   */
  public static Arbitrary<Tensor[]> broadcastPairs(DType dtype, double min, double max,
      int maxRank, int maxDim) {
    TensorArbitrary values = tensors().ofType(dtype).between(min, max);
    Arbitrary<int[][]> shapePairs = shapes(maxRank, maxDim).flatMap(a -> {
      Arbitrary<Integer> drop = Arbitraries.integers().between(0, a.length);
      Arbitrary<List<Boolean>> ones = Arbitraries.of(false, true).list().ofSize(a.length);
      Arbitrary<Boolean> swap = Arbitraries.of(false, true);
      return Combinators.combine(drop, ones, swap).as((d, o, sw) -> {
        int[] b = new int[a.length - d];
        for (int i = 0; i < b.length; i++) {
          b[i] = o.get(i + d) ? 1 : a[i + d];
        }
        return sw ? new int[][] {b, a} : new int[][] {a, b};
      });
    });
    return shapePairs.flatMap(p -> Combinators.combine(values.shape(p[0]), values.shape(p[1]))
        .as((x, y) -> new Tensor[] {x, y}));
  }

  /**
   * The arbitrary a {@link TensorSpec} describes.
   *
   * @param spec the annotation of a {@code @ForAll Tensor} parameter
   * @return tensors as the spec says
   * @throws IllegalArgumentException if the spec is inconsistent (see {@link TensorArbitrary})
   */
  public static TensorArbitrary fromSpec(TensorSpec spec) {
    TensorArbitrary t = tensors().ofType(spec.dtype()).between(spec.min(), spec.max())
        .avoiding(spec.margin(), spec.avoid());
    return spec.shape().length > 0 ? t.shape(spec.shape()) : t.shapes(spec.maxRank(),
        spec.maxDim());
  }
}
