package dev.jgrad.spark;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * What partitions send back for one driver update, and how two are combined (the
 * {@code treeAggregate} value). Sums are {@link ExactSum}s, so the combined value does not depend
 * on the order in which Spark merges partitions:
 *
 * <ul>
 *   <li>{@code examples}: rows used, {@code Σ_p m_p};
 *   <li>{@code stats}: {@code [Σ_p m_p·loss_p, Σ_p m_p·metric_p]} (each partition's mean loss
 *       and metric over its {@code m_p} rows, weighted by them);
 *   <li>{@code vector}: synchronous steps: {@code Σ_p Σ_{i in p} ∂l_i/∂w} (the gradient sums,
 *       all parameters flattened in {@code namedParameters()} order); local steps:
 *       {@code Σ_p m_p·[w_p, s_p]} (each partition's parameters and optimizer state after its
 *       local steps, flattened in the order of {@code layout});
 *   <li>{@code problem}: the first caller mistake a partition hit (lowest partition index wins).
 * </ul>
 *
 * <p>The zero value ({@link #empty()}) holds no arrays; they are allocated by the first
 * partition with rows, so the zero is cheap to ship with every task.
 */
final class Contribution implements Serializable {
  private static final long serialVersionUID = 1L;
  long examples;
  ExactSum stats;
  ExactSum vector;
  /** Names and shapes of the local-steps vector's entries (null for synchronous steps). */
  List<String> layout;
  int problemPartition = Integer.MAX_VALUE;
  String problem;

  private Contribution() {}

  /** The zero value: no examples, nothing summed. */
  static Contribution empty() {
    return new Contribution();
  }

  /** Adds one partition's result (examples {@code m > 0}). */
  void add(long m, double lossSum, double metricSum, double[] values, List<String> layout) {
    if (vector == null) {
      vector = new ExactSum(values.length);
      stats = new ExactSum(2);
      this.layout = layout;
    }
    checkLayout(layout);
    examples += m;
    stats.add(new double[] {lossSum, metricSum});
    vector.add(values);
  }

  /** Records a partition's problem; the lowest partition's is kept. */
  void fail(int partition, String message) {
    if (partition < problemPartition) {
      problemPartition = partition;
      problem = message;
    }
  }

  /** Adds {@code other} into this one and returns this. */
  Contribution merge(Contribution other) {
    if (other.problem != null) {
      fail(other.problemPartition, other.problem);
    }
    if (other.vector == null) {
      return this;
    }
    if (vector == null) {
      vector = new ExactSum(other.vector.length());
      stats = new ExactSum(2);
      layout = other.layout;
    }
    checkLayout(other.layout);
    examples += other.examples;
    stats.merge(other.stats);
    vector.merge(other.vector);
    return this;
  }

  private void checkLayout(List<String> other) {
    if (layout == null ? other != null : !layout.equals(other)) {
      throw new IllegalStateException("spark_trainer: partitions returned different optimizer "
          + "states: " + layout + " and " + other);
    }
  }

  @Override
  public String toString() {
    return "Contribution(" + examples + " examples" + (problem == null ? "" : ", problem in "
        + "partition " + problemPartition + ": " + problem) + ", layout " + (layout == null
        ? "none" : Arrays.toString(layout.toArray())) + ")";
  }
}
