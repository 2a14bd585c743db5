package org.example.research;

import dev.jgrad.CustomOp;
import dev.jgrad.GradCheck;
import dev.jgrad.Tensor;
import dev.jgrad.testing.TensorSpec;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * A deliberately wrong custom backward, run only by {@link ShrinkingTest} (the class name keeps
 * Surefire from running it directly): jqwik must catch it and shrink to a small counterexample.
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

  @Property(tries = 100, seed = "42")
  void softsignGradient(@ForAll @TensorSpec(maxRank = 3, maxDim = 4, min = -3, max = 3)
      Tensor x) {
    GradCheck.create().check(in -> WRONG_SOFTSIGN.apply(in[0]).sum(), x);
  }
}
