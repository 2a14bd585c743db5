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
 * @Property
 * void anyShape(@ForAll @TensorSpec(maxRank = 2, maxDim = 4, dtype = DType.FLOAT32) Tensor x) {...}
 * }</pre>
 *
 * Without the annotation a tensor is FLOAT64, rank 0..3, each dimension 1..4, values in
 * {@code [-2, 2]}. Shrinking makes counterexamples small: fewer and shorter axes first, then
 * values toward 0 (or toward the bound nearest to 0).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.PARAMETER, ElementType.TYPE_USE})
public @interface TensorSpec {
  /** A fixed shape; empty (the default) means a random shape within maxRank/maxDim. */
  int[] shape() default {};

  /** Largest rank of a random shape (0 allows 0-d scalars). */
  int maxRank() default 3;

  /** Largest size of each axis of a random shape (the smallest is 1). */
  int maxDim() default 4;

  /** Smallest element value (inclusive). */
  double min() default -2;

  /** Largest element value (inclusive). */
  double max() default 2;

  /** Element type. */
  DType dtype() default DType.FLOAT64;
}
