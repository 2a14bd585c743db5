package dev.jgrad.nn.metrics;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.Tensor;
import dev.jgrad.nn.data.Labels;

/**
 * Evaluation metrics computed as plain numbers (no graph): accuracy, log loss, and the
 * {@link ConfusionMatrix}. Labels are integral values in tensors or Java ints.
 */
public final class Metrics {
  private Metrics() {}

  /** Probabilities are clipped to {@code [ε, 1 - ε]} in {@link #logLoss}, as scikit-learn. */
  public static final double LOG_LOSS_EPS = 1e-15;

  /**
   * The fraction of positions where {@code predicted} equals {@code actual}:
   * {@code (1/n) Σ_i 1[ŷ_i = y_i]}.
   *
   * @throws IllegalArgumentException if the element counts differ or are 0
   */
  public static double accuracy(Tensor predicted, Tensor actual) {
    checkArgument(predicted.numel() == actual.numel(), "accuracy: %s predictions (shape %s) for "
        + "%s targets (shape %s)", predicted.numel(), predicted.shape(), actual.numel(),
        actual.shape());
    checkArgument(actual.numel() > 0, "accuracy: no samples");
    double[] p = predicted.toDoubleArray();
    double[] a = actual.toDoubleArray();
    int hits = 0;
    for (int i = 0; i < p.length; i++) {
      hits += p[i] == a[i] ? 1 : 0;
    }
    return hits / (double) p.length;
  }

  /** {@link #accuracy(Tensor, Tensor)} for Java int labels. */
  public static double accuracy(int[] predicted, int[] actual) {
    checkArgument(predicted.length == actual.length, "accuracy: %s predictions for %s targets",
        predicted.length, actual.length);
    checkArgument(actual.length > 0, "accuracy: no samples");
    int hits = 0;
    for (int i = 0; i < actual.length; i++) {
      hits += predicted[i] == actual[i] ? 1 : 0;
    }
    return hits / (double) actual.length;
  }

  /**
   * Mean negative log-likelihood of the true classes (cross-entropy of probabilities, as
   * scikit-learn's {@code log_loss}): {@code -(1/n) Σ_i log p_i[y_i]} with each probability
   * clipped to {@code [1e-15, 1 - 1e-15]}.
   *
   * @param probabilities {@code [n, C]} class probabilities, or {@code [n]} the probability of
   *     class 1 in a binary problem
   * @param labels {@code [n]} integers in {@code [0, C)} ({0, 1} for binary)
   * @throws IllegalArgumentException for mismatched shapes, a probability outside [0, 1] or a
   *     label out of range
   */
  public static double logLoss(Tensor probabilities, Tensor labels) {
    checkArgument(probabilities.rank() == 1 || probabilities.rank() == 2, "log_loss: "
        + "probabilities must be [n] or [n, classes], got %s", probabilities.shape());
    int n = probabilities.size(0);
    checkArgument(n > 0, "log_loss: no samples");
    checkArgument(labels.rank() == 1 && labels.size(0) == n, "log_loss: labels must be [%s], got "
        + "%s", n, labels.shape());
    boolean binary = probabilities.rank() == 1;
    int c = binary ? 2 : probabilities.size(1);
    double[] p = probabilities.toDoubleArray();
    int[] y = Labels.toInts("log_loss", "label", labels, c);
    double sum = 0;
    for (int i = 0; i < n; i++) {
      int k = y[i];
      double pi = binary ? (k == 1 ? p[i] : 1 - p[i]) : p[i * c + k];
      checkArgument(pi >= 0 && pi <= 1, "log_loss: probability %s at row %s is outside [0, 1]",
          (Object) pi, i);
      sum -= Math.log(Math.min(Math.max(pi, LOG_LOSS_EPS), 1 - LOG_LOSS_EPS));
    }
    return sum / n;
  }
}
