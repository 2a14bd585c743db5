package dev.jgrad.spark;

import dev.jgrad.DType;
import dev.jgrad.Tensor;
import java.io.Serializable;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One partition's training rows as dense arrays (features {@code [n, d]} row-major in the model's
 * dtype, labels {@code [n]}), cached by Spark for the whole run; or, if a row could not be read,
 * the first problem and its row within the partition. Immutable.
 *
 * <p>Batches: an epoch has {@code S} steps; step {@code k} takes the rows at positions
 * {@code [floor((k·n + φ)/S), floor(((k+1)·n + φ)/S))} of this partition's permutation for the
 * epoch, so every row is used once per epoch and each partition gives its proportional share
 * ({@code floor} or {@code ceil} of {@code n/S}) of every global batch. The phase
 * {@code φ in [0, S)} is the number of rows before the partition, modulo S: it spreads partitions
 * smaller than S over different steps instead of all into the last. The permutation is drawn from
 * the seed, the epoch and the partition index only.
 */
final class PartitionData implements Serializable {
  private static final long serialVersionUID = 1L;
  final int partition;
  final int rows;
  final int features;
  private final double[] x64;
  private final float[] x32;
  private final double[] labels;
  /** The first unreadable row (within the partition) and what is wrong with it, or -1 / null. */
  final int problemRow;
  final String problem;

  private PartitionData(int partition, int rows, int features, double[] x64, float[] x32,
      double[] labels, int problemRow, String problem) {
    this.partition = partition;
    this.rows = rows;
    this.features = features;
    this.x64 = x64;
    this.x32 = x32;
    this.labels = labels;
    this.problemRow = problemRow;
    this.problem = problem;
  }

  static PartitionData of(int partition, List<double[]> x, List<Double> y, int features,
      boolean float32) {
    int n = x.size();
    double[] x64 = float32 ? null : new double[n * features];
    float[] x32 = float32 ? new float[n * features] : null;
    double[] labels = new double[n];
    for (int i = 0; i < n; i++) {
      double[] row = x.get(i);
      for (int j = 0; j < features; j++) {
        if (float32) {
          x32[i * features + j] = (float) row[j];
        } else {
          x64[i * features + j] = row[j];
        }
      }
      labels[i] = y.get(i);
    }
    return new PartitionData(partition, n, features, x64, x32, labels, -1, null);
  }

  /** What the driver checks before training: sizes, and the first problem if any. */
  record Summary(int rows, int features, int problemRow, String problem) implements Serializable {}

  Summary summary() {
    return new Summary(rows, features, problemRow, problem);
  }

  static PartitionData failed(int partition, int row, String problem) {
    return new PartitionData(partition, 0, 0, null, null, null, row, problem);
  }

  /** The features of the given rows, {@code [rows.length, d]}, in the model's dtype. */
  Tensor features(int[] rows) {
    int d = features;
    if (x32 != null) {
      float[] out = new float[rows.length * d];
      for (int i = 0; i < rows.length; i++) {
        System.arraycopy(x32, rows[i] * d, out, i * d, d);
      }
      return Tensor.of(out, rows.length, d);
    }
    double[] out = new double[rows.length * d];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(x64, rows[i] * d, out, i * d, d);
    }
    return Tensor.of(out, rows.length, d);
  }

  /**
   * The labels of the given rows, {@code [rows.length]}: the one place labels become a tensor.
   * Whole numbers (class labels, also when Spark ML stores them as doubles) become an INT64
   * tensor, as nn's classification losses take; any fraction makes the batch's targets a float
   * tensor of the model's dtype (regression). Losses promote INT64 targets where they do
   * arithmetic, so both forms give the same values.
   */
  Tensor labels(int[] rows) {
    double[] out = new double[rows.length];
    boolean whole = true;
    for (int i = 0; i < rows.length; i++) {
      out[i] = labels[rows[i]];
      whole &= out[i] == Math.rint(out[i]) && Math.abs(out[i]) < 0x1p53;
    }
    Tensor t = Tensor.of(out);
    return t.to(whole ? DType.INT64 : x32 != null ? DType.FLOAT32 : DType.FLOAT64);
  }

  /**
   * The rows (indices within this partition) of step {@code step} of {@code epoch}, in
   * permutation order (or in storage order without shuffling).
   */
  int[] stepRows(long seed, boolean shuffle, int epoch, int step, int stepsPerEpoch, long phase) {
    int from = (int) (((long) step * rows + phase) / stepsPerEpoch);
    int to = (int) (((long) (step + 1) * rows + phase) / stepsPerEpoch);
    int[] perm = shuffle ? permutation(seed, epoch) : null;
    int[] out = new int[to - from];
    for (int i = 0; i < out.length; i++) {
      out[i] = perm == null ? from + i : perm[from + i];
    }
    return out;
  }

  /** A Fisher-Yates permutation of {@code [0, rows)} drawn from (seed, epoch, partition). */
  private int[] permutation(long seed, int epoch) {
    SplittableRandom rng = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (epoch + 1))
        ^ (0xC2B2AE3D27D4EB4FL * (partition + 1)));
    int[] p = new int[rows];
    for (int i = 0; i < rows; i++) {
      p[i] = i;
    }
    for (int i = rows - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }
}
