package org.example.research;

import dev.jgrad.CustomOp;
import dev.jgrad.GradCheck;
import dev.jgrad.Tensor;
import dev.jgrad.testing.TensorSpec;
import java.util.Arrays;
import net.jqwik.api.AfterFailureMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Deliberately wrong custom backwards, run only by {@link ShrinkingTest} (the class name keeps
 * Surefire from running them directly): jqwik must catch each and shrink it to a small
 * counterexample. Each starts from its seed, not from a sample an earlier run stored.
 */
class BrokenBackwardSpec {

  /** softsign x / (1 + |x|) with a wrong derivative 1 / (1 + |x|) (should be squared). */
  static final CustomOp WRONG_SOFTSIGN = new CustomOp("softsign") {
    @Override
    protected Tensor forward(Tensor... in) {
      return in[0].div(in[0].abs().add(1.0));
    }

    @Override
    protected Tensor[] backward(Tensor[] in, Tensor out, Tensor g) {
      return new Tensor[] {g.div(in[0].abs().add(1.0))};
    }
  };

  /** relu with the gradient passed through everywhere (should be zero for x < 0). */
  static final CustomOp LEAKY_RELU_BACKWARD = new CustomOp("relu") {
    @Override
    protected Tensor forward(Tensor... in) {
      return in[0].relu();
    }

    @Override
    protected Tensor[] backward(Tensor[] in, Tensor out, Tensor g) {
      return new Tensor[] {g};
    }
  };

  @Property(tries = 100, seed = "42", afterFailure = AfterFailureMode.PREVIOUS_SEED)
  void softsignGradient(@ForAll @TensorSpec(maxRank = 3, maxDim = 4, min = -3, max = 3)
      Tensor x) {
    GradCheck.create().check(in -> WRONG_SOFTSIGN.apply(in[0]).sum(), x);
  }

  /** The kink at 0 is avoided, so only the wrong rule for x < 0 can fail. */
  @Property(tries = 100, seed = "42", afterFailure = AfterFailureMode.PREVIOUS_SEED)
  void reluGradient(@ForAll @TensorSpec(maxRank = 3, maxDim = 4, avoid = 0) Tensor x) {
    checkNaming(x, () -> GradCheck.create().check(
        in -> LEAKY_RELU_BACKWARD.apply(in[0]).sum(), x));
  }

  /**
   * The control for {@link KinkProperties}: the built-in relu, right next to its kink without
   * excluding it, fails where a finite difference straddles 0.
   */
  @Property(tries = 100, seed = "42", afterFailure = AfterFailureMode.PREVIOUS_SEED)
  void reluNextToTheKinkWithoutTheExclusion(@ForAll @TensorSpec(min = -1e-5, max = 1e-5)
      Tensor x) {
    checkNaming(x, () -> GradCheck.create().check(in -> in[0].relu().sum(), x));
  }

  /** Runs the check; a failure names the input's values, which GradCheck's message omits. */
  static void checkNaming(Tensor x, Runnable check) {
    try {
      check.run();
    } catch (GradCheck.GradCheckFailure e) {
      throw new AssertionError("at " + Arrays.toString(x.toDoubleArray()) + ": "
          + e.getMessage(), e);
    }
  }
}
