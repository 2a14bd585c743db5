package dev.jgrad.nn.metrics;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.Tensor;
import dev.jgrad.nn.data.Labels;

/**
 * A number computed from a model's raw output and the targets, tracked per epoch by
 * {@code Trainer} (e.g. {@link #accuracyFromLogits()}).
 */
@FunctionalInterface
public interface Metric {
  /**
   * The metric of {@code output} against {@code targets} (neither is modified).
   *
   * @param output the model's raw output for a batch
   * @param targets the batch's targets
   * @return the metric's value
   */
  double compute(Tensor output, Tensor targets);

  /**
   * Accuracy of logits. If the output is {@code [n, C]} logits with {@code C >= 2} and the targets
   * {@code [n]} labels, the predicted class is the argmax of each row. Otherwise the output is
   * one logit per binary target: of the targets' shape (binary {@code [n]} or multi-label
   * {@code [n, k]}), or {@code [n, 1]} for targets {@code [n]} (a single-output layer); a unit
   * predicts 1 where its logit is {@code >= 0} (probability {@code >= 0.5}), the targets must be
   * 0 or 1, and the fraction of matching elements is returned.
   *
   * @return the metric
   * @throws IllegalArgumentException (from {@code compute}) for other shape combinations, binary
   *     targets other than 0 and 1 (such as ±1), or labels that are not integers
   */
  static Metric accuracyFromLogits() {
    return (output, targets) -> {
      Tensor logits = output;
      if (output.rank() == 2 && output.size(1) == 1 && targets.rank() == 1
          && targets.size(0) == output.size(0)) {
        logits = output.reshape(output.size(0)); // argmax over one column would always be 0
      }
      if (logits.shape().equals(targets.shape())) {
        int[] y = Labels.integers("accuracy", "binary target", targets);
        for (int i = 0; i < y.length; i++) {
          checkArgument(y[i] == 0 || y[i] == 1, "accuracy: binary target %s at row %s is not 0 "
              + "or 1", y[i], i);
        }
        return Metrics.accuracy(logits.ge(0.0), targets);
      }
      checkArgument(output.rank() == 2 && targets.rank() == 1 && targets.size(0) == output.size(0),
          "accuracy: output %s does not fit targets %s (expected equal shapes, or [n, C] logits "
              + "with [n] labels)", output.shape(), targets.shape());
      return Metrics.accuracy(output.argmax(1), targets);
    };
  }
}
