package dev.jgrad.testing;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.DType;
import dev.jgrad.Tensor;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * jqwik arbitraries for tensors, for users' own property tests (jqwik must be on the test
 * class path; jgrad-core declares it optional). Everything shrinks toward small, readable
 * counterexamples: shapes toward fewer and shorter axes, values toward 0.
 */
public final class TensorArbitraries {
  private TensorArbitraries() {}

  /**
   * Shapes of rank {@code 0..maxRank} with every dimension in {@code 1..maxDim}.
   *
   * @throws IllegalArgumentException if maxRank < 0 or maxDim < 1
   */
  public static Arbitrary<int[]> shapes(int maxRank, int maxDim) {
    checkArgument(maxRank >= 0 && maxDim >= 1, "shapes: need maxRank >= 0 and maxDim >= 1, got "
        + "%s and %s", maxRank, maxDim);
    return Arbitraries.integers().between(1, maxDim).list().ofMaxSize(maxRank)
        .map(l -> l.stream().mapToInt(Integer::intValue).toArray());
  }

  /**
   * Tensors of a fixed shape with elements in {@code [min, max]}.
   *
   * @throws IllegalArgumentException if min > max or either is not finite
   */
  public static Arbitrary<Tensor> tensors(DType dtype, double min, double max, int... shape) {
    return tensors(dtype, min, max, Arbitraries.just(shape.clone()));
  }

  /** Tensors whose shape is drawn from {@code shapes}, with elements in {@code [min, max]}. */
  public static Arbitrary<Tensor> tensors(DType dtype, double min, double max,
      Arbitrary<int[]> shapes) {
    checkArgument(Double.isFinite(min) && Double.isFinite(max) && min <= max,
        "tensors: need finite min <= max, got %s and %s", min, max);
    Arbitrary<Double> values = Arbitraries.doubles().between(min, max)
        .shrinkTowards(Math.max(min, Math.min(max, 0.0)));
    return shapes.flatMap(s -> values.list().ofSize(numel(s)).map(v -> make(dtype, v, s)));
  }

  /**
   * Pairs of tensors whose shapes broadcast together (NumPy rules): the second shape is the
   * first with some leading axes dropped and some sizes replaced by 1, in either order.
   */
  public static Arbitrary<Tensor[]> broadcastPairs(DType dtype, double min, double max,
      int maxRank, int maxDim) {
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
    return shapePairs.flatMap(p -> Combinators.combine(
        tensors(dtype, min, max, p[0]), tensors(dtype, min, max, p[1]))
        .as((x, y) -> new Tensor[] {x, y}));
  }

  /** The arbitrary a {@link TensorSpec} describes. */
  public static Arbitrary<Tensor> fromSpec(TensorSpec spec) {
    Arbitrary<int[]> shapes = spec.shape().length > 0 ? Arbitraries.just(spec.shape().clone())
        : shapes(spec.maxRank(), spec.maxDim());
    return tensors(spec.dtype(), spec.min(), spec.max(), shapes);
  }

  private static int numel(int[] shape) {
    int n = 1;
    for (int d : shape) n *= d;
    return n;
  }

  private static Tensor make(DType dtype, List<Double> values, int[] shape) {
    double[] v = new double[values.size()];
    for (int i = 0; i < v.length; i++) v[i] = values.get(i);
    return Tensor.of(v, shape).to(dtype).detach();
  }
}
