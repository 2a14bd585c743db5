package dev.jgrad.spark;

import dev.jgrad.nn.metrics.Metric;
import java.io.Serializable;

/**
 * A {@link Metric} that Spark can ship to its executors; like {@link SparkLoss}, a lambda or
 * method reference given where one is expected is serializable. It must be a mean over the rows
 * it is given (as accuracy is): the epoch's value is the example-weighted mean over its steps.
 */
@FunctionalInterface
public interface SparkMetric extends Metric, Serializable {
  /**
   * nn's {@link Metric#accuracyFromLogits()}: the argmax of {@code [n, C]} logits against
   * {@code [n]} labels, or logits {@code >= 0} against 0/1 targets of the output's shape.
   *
   * @return the metric, serializable
   */
  static SparkMetric accuracyFromLogits() {
    return (output, targets) -> Metric.accuracyFromLogits().compute(output, targets);
  }
}
