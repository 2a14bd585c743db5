package dev.jgrad.testing;

import dev.jgrad.DType;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Configures a {@code @ForAll Tensor} parameter of a jqwik property:
 *
 * <pre>{@code
 * @Property
 * void lossIsNonNegative(@ForAll @TensorSpec(shape = {4, 3}, min = -5, max = 5) Tensor logits) {...}
 *
 * @Property  // relu has a kink at 0: keep every element at least 1e-3 away from it
 * void reluGradient(@ForAll @TensorSpec(avoid = 0) Tensor x) {
 *   GradCheck.create().secondOrder(true).check(in -> in[0].relu().sum(), x);
 * }
 *
 * @Property  // a Huber loss with delta 1 has kinks at -1 and 1
 * void huber(@ForAll @TensorSpec(maxRank = 2, avoid = {-1, 1}, margin = 0.01) Tensor r) {...}
 * }</pre>
 *
 * <p>Without the annotation a tensor is FLOAT64, rank 0..3, each dimension 1..4, values in
 * {@code [-2, 2]}, nothing avoided. Values are spread uniformly over the allowed part of
 * {@code [min, max]} with 12 significant digits (they look continuous: no 0.01 grid, and no
 * edge values such as 0, -1, 1 or the bounds mixed in). Shrinking makes counterexamples small:
 * it slices axes away (keeping the elements that still fail, so shapes reach {@code []} when one
 * element is enough), then moves values toward 0 (or toward the allowed value nearest to 0)
 * through short decimals.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.PARAMETER, ElementType.TYPE_USE})
public @interface TensorSpec {
  /**
   * A fixed shape; empty (the default) means a random shape within maxRank and maxDim.
   *
   * @return the shape, or an empty array for a random one
   */
  int[] shape() default {};

  /**
   * Largest rank of a random shape (0 allows only 0-d scalars).
   *
   * @return the largest rank, at least 0
   */
  int maxRank() default 3;

  /**
   * Largest size of each axis of a random shape (the smallest is 1).
   *
   * @return the largest axis size, at least 1
   */
  int maxDim() default 4;

  /**
   * Smallest element value (inclusive).
   *
   * @return a finite lower bound, at most {@link #max()}
   */
  double min() default -2;

  /**
   * Largest element value (inclusive).
   *
   * @return a finite upper bound, at least {@link #min()}
   */
  double max() default 2;

  /**
   * Points no element comes near: every element {@code x} satisfies
   * {@code |x - p| >= margin()} and {@code x != p} for each point {@code p}. Name the kinks of
   * the function under test here (0 for relu or abs, -δ and δ for a Huber loss, the clamp
   * bounds), so finite differences never straddle one; with {@code margin = 0} only the points
   * themselves are excluded (0 for a division by the input).
   *
   * @return the points to avoid; empty (the default) avoids nothing
   */
  double[] avoid() default {};

  /**
   * The distance kept from each point of {@link #avoid()}. The default, 1e-3, is far larger
   * than GradCheck's finite-difference step (1e-6) and than float32 rounding near 1.
   *
   * @return a finite distance, at least 0
   */
  double margin() default 1e-3;

  /**
   * Element type; values are rounded to it before {@link #avoid()} is checked.
   *
   * @return the dtype of the generated tensors
   */
  DType dtype() default DType.FLOAT64;
}
