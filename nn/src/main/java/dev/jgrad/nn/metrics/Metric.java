package dev.jgrad.nn.metrics;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.Tensor;

/**
 * A number computed from a model's raw output and the targets, tracked per epoch by
 * {@code Trainer} (e.g. {@link #accuracyFromLogits()}).
 */
@FunctionalInterface
public interface Metric {
  /** The metric of {@code output} against {@code targets} (neither is modified). */
  double compute(Tensor output, Tensor targets);

  /**
   * Accuracy of logits: if the targets have the output's shape (binary or multi-label), a unit
   * predicts 1 where its logit is {@code >= 0} (probability {@code >= 0.5}) and the fraction of
   * matching elements is returned; if the output is {@code [n, C]} and the targets {@code [n]}
   * labels, the predicted class is the argmax of each row.
   *
   * @throws IllegalArgumentException for other shape combinations
   */
  static Metric accuracyFromLogits() {
    return (output, targets) -> {
      if (output.shape().equals(targets.shape())) {
        return Metrics.accuracy(output.ge(0.0), targets);
      }
      checkArgument(output.rank() == 2 && targets.rank() == 1 && targets.size(0) == output.size(0),
          "accuracy: output %s does not fit targets %s (expected equal shapes, or [n, C] logits "
              + "with [n] labels)", output.shape(), targets.shape());
      return Metrics.accuracy(output.argmax(1), targets);
    };
  }
}
