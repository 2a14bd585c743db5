package dev.jgrad.testing;

import dev.jgrad.Tensor;
import java.util.Arrays;
import net.jqwik.api.AfterFailureMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Properties that must fail, run only by {@link ShrinkingTest} (the class name keeps Surefire
 * from running them directly), whose shrunk counterexamples it inspects. Each starts from its
 * seed, not from a sample an earlier run stored.
 */
class FailingSpecs {

  /** Fails when any one element exceeds 1.3, wherever it sits in the tensor. */
  @Property(seed = "7", afterFailure = AfterFailureMode.PREVIOUS_SEED)
  void oneLargeElementAnywhere(@ForAll @TensorSpec(maxRank = 3, maxDim = 4) Tensor x) {
    calls++;
    if (Arrays.stream(x.toDoubleArray()).anyMatch(v -> v > 1.3)) {
      throw new AssertionError(describe(x));
    }
  }

  /** Fails when any element is negative; 0 is avoided (a kink) by the default margin 1e-3. */
  @Property(seed = "7", afterFailure = AfterFailureMode.PREVIOUS_SEED)
  void anyNegativeElementNearAKink(@ForAll @TensorSpec(avoid = 0) Tensor x) {
    if (Arrays.stream(x.toDoubleArray()).anyMatch(v -> v < 0)) {
      throw new AssertionError(describe(x));
    }
  }

  /** A fixed shape keeps its shape while its values shrink. */
  @Property(seed = "7", afterFailure = AfterFailureMode.PREVIOUS_SEED)
  void sumAboveOneWithAFixedShape(@ForAll @TensorSpec(shape = {2, 2}, min = 0, max = 1)
      Tensor x) {
    if (x.sum().item() > 1) {
      throw new AssertionError(describe(x));
    }
  }

  /** Evaluations of {@link #oneLargeElementAnywhere}, generation and shrinking together. */
  static int calls;

  static String describe(Tensor x) {
    return "shape " + x.shape() + " values " + Arrays.toString(x.toDoubleArray());
  }
}
