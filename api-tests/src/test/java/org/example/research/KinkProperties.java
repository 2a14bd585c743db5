package org.example.research;

import dev.jgrad.DType;
import dev.jgrad.GradCheck;
import dev.jgrad.Tensor;
import dev.jgrad.testing.TensorSpec;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Ops with kinks checked as a user would: name the kinks in {@code @TensorSpec(avoid = ...)}
 * and finite differences never straddle one.
 */
class KinkProperties {

  @Property(tries = 200)
  void reluGradients(@ForAll @TensorSpec(avoid = 0) Tensor x) {
    GradCheck.create().secondOrder(true).check(in -> in[0].relu().sum(), x);
  }

  /**
   * Right next to the kink: GradCheck's step is 1e-6, so a margin of 1e-5 keeps every finite
   * difference on one side (without it this range fails, see
   * {@code BrokenBackwardSpec.reluNextToTheKinkWithoutTheExclusion}).
   */
  @Property(tries = 200)
  void reluGradientsRightNextToTheKink(
      @ForAll @TensorSpec(min = -1e-4, max = 1e-4, avoid = 0, margin = 1e-5) Tensor x) {
    GradCheck.create().secondOrder(true).check(in -> in[0].relu().sum(), x);
  }

  /** Huber loss with delta 1: quadratic inside |r| <= 1, linear outside; kinks at -1 and 1. */
  static Tensor huber(Tensor r) {
    Tensor a = r.abs();
    return Tensor.where(a.le(1.0), r.square().mul(0.5), a.sub(0.5)).mean();
  }

  @Property(tries = 200)
  void huberGradients(@ForAll @TensorSpec(maxRank = 2, min = -3, max = 3, avoid = {-1, 1})
      Tensor r) {
    GradCheck.create().check(in -> huber(in[0]), r);
  }

  @Property(tries = 200)
  void absGradientsInFloat32(@ForAll @TensorSpec(dtype = DType.FLOAT32, avoid = 0,
      margin = 0.01) Tensor x) {
    GradCheck.create().secondOrder(true).check(in -> in[0].abs().sum(), x);
  }
}
