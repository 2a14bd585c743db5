package dev.jgrad.nn.metrics;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.Tensor;
import dev.jgrad.nn.data.Labels;
import java.util.List;

/**
 * Counts {@code C[a][p]} of samples of actual class {@code a} predicted as class {@code p}
 * (rows actual, columns predicted, as scikit-learn), with accuracy, per-class precision, recall
 * and F1. Immutable.
 */
public final class ConfusionMatrix {
  private final long[][] counts;

  private ConfusionMatrix(long[][] counts) {
    this.counts = counts;
  }

  /**
   * The confusion matrix of integer labels: {@code C[a][p]} counts the i with
   * {@code actual[i] = a} and {@code predicted[i] = p}.
   *
   * @param predicted predicted labels
   * @param actual the true labels, as many
   * @param numClasses the number of classes C, {@code >= 1}
   * @return the {@code C × C} counts
   * @throws IllegalArgumentException if lengths differ, there are no samples, or a label is not
   *     in {@code [0, numClasses)}
   */
  public static ConfusionMatrix of(int[] predicted, int[] actual, int numClasses) {
    checkArgument(numClasses > 0, "confusion_matrix: number of classes must be positive, got %s",
        numClasses);
    checkArgument(predicted.length == actual.length, "confusion_matrix: %s predictions for %s "
        + "targets", predicted.length, actual.length);
    checkArgument(actual.length > 0, "confusion_matrix: no samples");
    long[][] c = new long[numClasses][numClasses];
    for (int i = 0; i < actual.length; i++) {
      if (!(actual[i] >= 0 && actual[i] < numClasses)) {
        throw new IllegalArgumentException(String.format("confusion_matrix: label %s at row "
          + "%s is out of range for %s classes", actual[i], i, numClasses));
      }
      if (!(predicted[i] >= 0 && predicted[i] < numClasses)) {
        throw new IllegalArgumentException(String.format("confusion_matrix: "
          + "prediction %s at row %s is out of range for %s classes", predicted[i], i, numClasses));
      }
      c[actual[i]][predicted[i]]++;
    }
    return new ConfusionMatrix(c);
  }

  /**
   * The confusion matrix of label tensors {@code [n]} (integral values); see
   * {@link #of(int[], int[], int)}.
   *
   * @param predicted predicted labels {@code [n]}, e.g. {@code logits.argmax(1)}
   * @param actual the true labels {@code [n]}
   * @param numClasses the number of classes C
   * @return the {@code C × C} counts
   * @throws IllegalArgumentException if either is not {@code [n]} of the same n, or a value is
   *     not an integer in {@code [0, numClasses)}, e.g. probabilities:
   *     {@code confusion_matrix: prediction 0.5 at row 0 is not an integer}
   */
  public static ConfusionMatrix of(Tensor predicted, Tensor actual, int numClasses) {
    checkArgument(predicted.rank() == 1 && predicted.shape().equals(actual.shape()),
        "confusion_matrix: predictions %s and targets %s must both be labels [n]",
        predicted.shape(), actual.shape());
    int[] a = Labels.toInts("confusion_matrix", "label", actual, numClasses);
    return of(Labels.toInts("confusion_matrix", "prediction", predicted, numClasses), a,
        numClasses);
  }

  /** {@return the number of classes C} */
  public int numClasses() {
    return counts.length;
  }

  /**
   * Samples of actual class {@code actual} predicted as {@code predicted}.
   *
   * @param actual a class in {@code [0, C)}
   * @param predicted a class in {@code [0, C)}
   * @return {@code C[actual][predicted]}
   * @throws IllegalArgumentException if a class is out of range
   */
  public long count(int actual, int predicted) {
    checkClass("count", actual);
    checkClass("count", predicted);
    return counts[actual][predicted];
  }

  private void checkClass(String method, int c) {
    if (c < 0 || c >= counts.length) {
      throw new IllegalArgumentException(String.format(
          "confusion_matrix.%s: class %s is out of range for %s classes", method, c,
          counts.length));
    }
  }

  /** {@return the number of samples, {@code Σ C[a][p]}} */
  public long total() {
    long n = 0;
    for (long[] row : counts) {
      for (long v : row) {
        n += v;
      }
    }
    return n;
  }

  /** {@return the accuracy {@code Σ_c C[c][c] / total}} */
  public double accuracy() {
    long hits = 0;
    for (int c = 0; c < counts.length; c++) {
      hits += counts[c][c];
    }
    return hits / (double) total();
  }

  /**
   * Precision {@code C[c][c] / Σ_a C[a][c]}: of the samples predicted c, the fraction that are c.
   *
   * @param c a class in {@code [0, C)}
   * @return the precision, NaN if no sample was predicted c
   * @throws IllegalArgumentException if c is out of range
   */
  public double precision(int c) {
    checkClass("precision", c);
    long col = 0;
    for (long[] row : counts) {
      col += row[c];
    }
    return counts[c][c] / (double) col;
  }

  /**
   * Recall {@code C[c][c] / Σ_p C[c][p]}: of the samples of class c, the fraction found.
   *
   * @param c a class in {@code [0, C)}
   * @return the recall, NaN if no sample is of class c
   * @throws IllegalArgumentException if c is out of range
   */
  public double recall(int c) {
    checkClass("recall", c);
    long row = 0;
    for (long v : counts[c]) {
      row += v;
    }
    return counts[c][c] / (double) row;
  }

  /**
   * F1 of class c: the harmonic mean {@code 2pr / (p + r)} of its precision p and recall r.
   *
   * @param c a class in {@code [0, C)}
   * @return F1 (0 if p + r = 0, NaN if either is undefined)
   * @throws IllegalArgumentException if c is out of range
   */
  public double f1(int c) {
    checkClass("f1", c);
    double p = precision(c);
    double r = recall(c);
    return p + r == 0 ? 0 : 2 * p * r / (p + r);
  }

  /** {@return a copy of the counts, {@code [actual][predicted]}} */
  public long[][] toArray() {
    long[][] out = new long[counts.length][];
    for (int i = 0; i < counts.length; i++) {
      out[i] = counts[i].clone();
    }
    return out;
  }

  /**
   * A table with class names as row (actual) and column (predicted) headers.
   *
   * @param classNames one name per class
   * @return the table, one line per actual class
   * @throws IllegalArgumentException if there are not C names
   */
  public String format(List<String> classNames) {
    checkArgument(classNames.size() == counts.length, "confusion_matrix: %s names for %s classes",
        classNames.size(), counts.length);
    int w = 6;
    for (String s : classNames) {
      w = Math.max(w, s.length() + 1);
    }
    for (long[] row : counts) {
      for (long v : row) {
        w = Math.max(w, Long.toString(v).length() + 1);
      }
    }
    StringBuilder sb = new StringBuilder(String.format("%" + w + "s", "a\\p"));
    for (String s : classNames) {
      sb.append(String.format("%" + w + "s", s));
    }
    for (int a = 0; a < counts.length; a++) {
      sb.append('\n').append(String.format("%" + w + "s", classNames.get(a)));
      for (long v : counts[a]) {
        sb.append(String.format("%" + w + "d", v));
      }
    }
    return sb.toString();
  }

  /** The table with classes numbered 0, 1, ... */
  @Override
  public String toString() {
    String[] names = new String[counts.length];
    for (int i = 0; i < names.length; i++) {
      names[i] = Integer.toString(i);
    }
    return format(List.of(names));
  }
}
