package dev.jgrad.nn.metrics;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.DType;
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
   * {@code (1/n) Σ_i 1[ŷ_i = y_i]}. Both hold discrete values: class labels {@code [n]}, 0/1
   * per unit {@code [n, k]} (multi-label), or ±1 targets; each must be an integer, so that
   * probabilities or logits passed by mistake are an error rather than an accuracy near 0.
   *
   * @param predicted predicted labels, e.g. {@code logits.argmax(1)} or
   *     {@code probabilities.ge(0.5)}
   * @param actual the true labels, of the same shape
   * @return the fraction of equal elements, in [0, 1]
   * @throws IllegalArgumentException if the shapes differ or are empty, or a value is not an
   *     integer: {@code accuracy: prediction 0.5 at row 0 is not an integer (accuracy compares
   *     labels: threshold probabilities with ge(0.5), or take argmax of logits, first)}
   */
  public static double accuracy(Tensor predicted, Tensor actual) {
    checkArgument(predicted.shape().equals(actual.shape()), "accuracy: predictions of shape %s "
        + "for targets of shape %s (the shapes must be equal)", predicted.shape(), actual.shape());
    checkArgument(actual.numel() > 0, "accuracy: no samples");
    int[] a = Labels.integers("accuracy", "label", actual);
    int[] p;
    try {
      p = Labels.integers("accuracy", "prediction", predicted);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage() + " (accuracy compares labels: threshold "
          + "probabilities with ge(0.5), or take argmax of logits, first)", e);
    }
    return accuracy(p, a);
  }

  /**
   * {@link #accuracy(Tensor, Tensor)} for Java int labels: {@code (1/n) Σ_i 1[ŷ_i = y_i]}.
   *
   * @param predicted predicted labels
   * @param actual the true labels, as many
   * @return the fraction of equal elements, in [0, 1]
   * @throws IllegalArgumentException if the lengths differ or are 0
   */
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
   * @return the mean log loss, {@code >= 0}
   * @throws IllegalArgumentException for mismatched shapes, a probability outside [0, 1] (naming
   *     row and class), rows of {@code [n, C]} that do not sum to 1 within scikit-learn's
   *     tolerance ({@code sqrt(ε)} of the dtype: about 3e-4 in float32, 1.5e-8 in float64), or a
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
    checkArgument(c > 0, "log_loss: probabilities %s have no classes", probabilities.shape());
    double[] p = probabilities.toDoubleArray();
    int[] y = Labels.toInts("log_loss", "label", labels, c);
    for (int i = 0; i < p.length; i++) {
      if (!(p[i] >= 0 && p[i] <= 1)) {
        throw new IllegalArgumentException(String.format("log_loss: probability %s at row %s%s is "
            + "outside [0, 1] (pass probabilities, e.g. softmax or sigmoid outputs, not logits)",
            p[i], binary ? i : i / c, binary ? "" : ", class " + i % c));
      }
    }
    if (!binary) {
      // scikit-learn's check: |Σ_c p - 1| <= sqrt(machine epsilon of the dtype) + 1e-8.
      double tolerance = Math.sqrt(probabilities.dtype() == DType.FLOAT32 ? Math.ulp(1f)
          : Math.ulp(1.0)) + 1e-8;
      for (int i = 0; i < n; i++) {
        double sum = 0;
        for (int k = 0; k < c; k++) {
          sum += p[i * c + k];
        }
        if (!(Math.abs(sum - 1) <= tolerance)) {
          throw new IllegalArgumentException(String.format("log_loss: the probabilities of row %s "
              + "sum to %s, not 1 (pass softmax outputs, not logits or unnormalized scores)", i,
              sum));
        }
      }
    }
    double sum = 0;
    for (int i = 0; i < n; i++) {
      int k = y[i];
      double pi = binary ? (k == 1 ? p[i] : 1 - p[i]) : p[i * c + k];
      sum -= Math.log(Math.min(Math.max(pi, LOG_LOSS_EPS), 1 - LOG_LOSS_EPS));
    }
    return sum / n;
  }
}
