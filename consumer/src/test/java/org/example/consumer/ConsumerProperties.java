package org.example.consumer;

import dev.jgrad.DType;
import dev.jgrad.GradCheck;
import dev.jgrad.Tensor;
import dev.jgrad.testing.TensorSpec;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** jqwik's {@code @ForAll Tensor}, as jgrad-testing provides it to users. */
class ConsumerProperties {

  @Property(tries = 50)
  void reluGradientsAwayFromTheKink(@ForAll @TensorSpec(avoid = 0) Tensor x) {
    GradCheck.create().secondOrder(true).check(in -> in[0].relu().sum(), x);
  }

  @Property(tries = 50)
  void weightedLogSoftmaxGradients(@ForAll @TensorSpec(shape = {3, 4}, min = -3, max = 3)
      Tensor logits) {
    Tensor w = Tensor.arange(DType.FLOAT64, 12).reshape(3, 4);
    GradCheck.create().secondOrder(true).check(in -> in[0].logSoftmax(1).mul(w).sum(), logits);
  }
}
