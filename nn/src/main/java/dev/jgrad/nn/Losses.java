package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.Tensor;
import dev.jgrad.nn.data.Labels;

/**
 * Loss functions, each a composition of core ops (so first and second derivatives come from
 * autodiff) arranged to stay finite for any finite input, including logits of ±1000.
 *
 * <p>Notation: {@code N} rows (samples) in a batch, {@code C} classes, {@code σ} the sigmoid,
 * {@code softplus(z) = log(1 + e^z)} computed as {@code max(z, 0) + log1p(e^-|z|)}. Each loss
 * forms terms {@code l_i} and combines them by a {@link Reduction} (default {@link
 * Reduction#MEAN}). Predictions and targets must have equal shapes where both are dense (no
 * broadcasting: {@code [N]} against {@code [N, 1]} is a classic silent bug, so it is refused);
 * targets are converted to the prediction's dtype.
 *
 * <p>Errors are {@link IllegalArgumentException}s naming the loss and the offending shape or
 * value, e.g. {@code cross_entropy: label 7 at row 3 is out of range for 3 classes}.
 */
public final class Losses {
  private Losses() {}

  /** log terms of binary cross-entropy on probabilities are bounded below by -100 (PyTorch). */
  private static final double LOG_FLOOR = -100;
  private static final double P_FLOOR = Math.exp(LOG_FLOOR);

  /** {@link #binaryCrossEntropy(Tensor, Tensor, Reduction)} with the mean. */
  public static Tensor binaryCrossEntropy(Tensor probabilities, Tensor targets) {
    return binaryCrossEntropy(probabilities, targets, Reduction.MEAN);
  }

  /**
   * Binary cross-entropy on probabilities:
   * {@code l_i = -[y_i·log p_i + (1 - y_i)·log(1 - p_i)]}, elementwise, with each log bounded
   * below by -100 (as PyTorch's {@code BCELoss}) so {@code p = 0} or {@code 1} gives a finite
   * loss (at most 100 per term) and a finite gradient (zero where the bound is active). Prefer
   * {@link #binaryCrossEntropyWithLogits} when you have the logits: it is exact at any logit.
   *
   * @param probabilities {@code p} in [0, 1], any shape
   * @param targets {@code y} in [0, 1] (0/1 labels or soft targets), same shape
   * @throws IllegalArgumentException if shapes differ or a value is outside [0, 1] or NaN
   */
  public static Tensor binaryCrossEntropy(Tensor probabilities, Tensor targets,
      Reduction reduction) {
    String op = "binary_cross_entropy";
    checkSameShape(op, probabilities, targets);
    checkInUnitInterval(op, "probability", probabilities,
        " (for logits use binaryCrossEntropyWithLogits)");
    checkInUnitInterval(op, "target", targets, "");
    Tensor y = targets.to(probabilities.dtype());
    Tensor logP = probabilities.clamp(P_FLOOR, 1).log();
    Tensor logQ = probabilities.neg().add(1.0).clamp(P_FLOOR, 1).log();
    Tensor terms = y.mul(logP).add(y.neg().add(1.0).mul(logQ)).neg();
    return reduction.apply(terms);
  }

  /** {@link #binaryCrossEntropyWithLogits(Tensor, Tensor, Reduction)} with the mean. */
  public static Tensor binaryCrossEntropyWithLogits(Tensor logits, Tensor targets) {
    return binaryCrossEntropyWithLogits(logits, targets, Reduction.MEAN);
  }

  /**
   * Binary cross-entropy on logits {@code z} (probability {@code σ(z)}):
   * {@code l_i = -[y log σ(z) + (1 - y) log(1 - σ(z))] = softplus(z) - y·z}, elementwise. Exact
   * for any finite z (e.g. {@code z = 1000, y = 0} gives 1000); gradient {@code σ(z) - y}.
   *
   * @param logits any shape
   * @param targets {@code y} in [0, 1], same shape
   * @throws IllegalArgumentException if shapes differ or a target is outside [0, 1] or NaN
   */
  public static Tensor binaryCrossEntropyWithLogits(Tensor logits, Tensor targets,
      Reduction reduction) {
    String op = "binary_cross_entropy_with_logits";
    checkSameShape(op, logits, targets);
    checkInUnitInterval(op, "target", targets, "");
    return reduction.apply(bceWithLogitsTerms(logits, targets.to(logits.dtype())));
  }

  private static Tensor bceWithLogitsTerms(Tensor z, Tensor y) {
    return z.softplus().sub(y.mul(z));
  }

  /** {@link #crossEntropy(Tensor, Tensor, Reduction)} with the mean over rows. */
  public static Tensor crossEntropy(Tensor logits, Tensor labels) {
    return crossEntropy(logits, labels, Reduction.MEAN);
  }

  /**
   * Softmax cross-entropy on logits with integer class labels (PyTorch's {@code CrossEntropyLoss}):
   * {@code l_i = -log softmax(z_i)[y_i] = logsumexp(z_i) - z_i[y_i]}, one term per row, from
   * the stable {@code logSoftmax} (exact for logits of ±1000). Gradient
   * {@code softmax(z_i) - onehot(y_i)} per row (divided by N for the mean).
   *
   * @param logits {@code [N, C]}
   * @param labels {@code [N]} class indices in {@code [0, C)}, an INT64 (or INT32) tensor
   * @param reduction over the N rows; {@link Reduction#NONE} returns {@code [N]}
   * @throws IllegalArgumentException if logits are not 2-d, N is 0, the label count differs from
   *     N, or a label is not an integer in range, e.g. {@code cross_entropy: label 7 at row 3 is
   *     out of range for 3 classes}
   */
  public static Tensor crossEntropy(Tensor logits, Tensor labels, Reduction reduction) {
    String op = "cross_entropy";
    checkLogits2d(op, logits);
    int n = logits.size(0);
    int c = logits.size(1);
    checkArgument(labels.rank() == 1 && labels.size(0) == n,
        "%s: labels must be [%s] (one per row of logits %s), got shape %s", op, n, logits.shape(),
        labels.shape());
    Labels.toInts(op, "label", labels, c);
    Tensor picked = logits.logSoftmax(1).gather(1, labels.reshape(n, 1));
    return reduction.apply(picked.reshape(n).neg());
  }

  /** {@link #crossEntropy(Tensor, int[], Reduction)} with the mean over rows. */
  public static Tensor crossEntropy(Tensor logits, int[] labels) {
    return crossEntropy(logits, labels, Reduction.MEAN);
  }

  /** {@link #crossEntropy(Tensor, Tensor, Reduction)} with labels as a Java array. */
  public static Tensor crossEntropy(Tensor logits, int[] labels, Reduction reduction) {
    return crossEntropy(logits, Labels.of(labels), reduction);
  }

  /** {@link #softCrossEntropy(Tensor, Tensor, Reduction)} with the mean over rows. */
  public static Tensor softCrossEntropy(Tensor logits, Tensor targets) {
    return softCrossEntropy(logits, targets, Reduction.MEAN);
  }

  /**
   * Softmax cross-entropy on logits with one-hot or probability targets:
   * {@code l_i = -Σ_c y_ic · log softmax(z_i)_c}, one term per row. With one-hot targets it
   * equals {@link #crossEntropy(Tensor, Tensor, Reduction)}; with soft targets it is the cross
   * entropy {@code H(y_i, softmax(z_i))} (label smoothing, distillation). Gradient
   * {@code softmax(z_i)·Σ_c y_ic - y_i} per row.
   *
   * @param logits {@code [N, C]}
   * @param targets {@code [N, C]}, non-negative, each row summing to 1 (within 1e-3)
   * @throws IllegalArgumentException if shapes differ, N is 0, or a target row is not a
   *     distribution
   */
  public static Tensor softCrossEntropy(Tensor logits, Tensor targets, Reduction reduction) {
    String op = "soft_cross_entropy";
    checkLogits2d(op, logits);
    checkSameShape(op, logits, targets);
    double[] t = targets.toDoubleArray();
    int c = logits.size(1);
    for (int i = 0; i < logits.size(0); i++) {
      double s = 0;
      for (int j = 0; j < c; j++) {
        double v = t[i * c + j];
        checkArgument(v >= 0 && v <= 1, "%s: target %s at row %s, column %s is not a probability",
            op, v, i, j);
        s += v;
      }
      checkArgument(Math.abs(s - 1) <= 1e-3, "%s: targets of row %s sum to %s, not 1 (use "
          + "one-hot rows or probability distributions)", op, i, s);
    }
    Tensor y = targets.to(logits.dtype());
    return reduction.apply(y.mul(logits.logSoftmax(1)).sum(1).neg());
  }

  /** {@link #multiLabelCrossEntropy(Tensor, Tensor, Reduction)} with the mean over rows. */
  public static Tensor multiLabelCrossEntropy(Tensor logits, Tensor targets) {
    return multiLabelCrossEntropy(logits, targets, Reduction.MEAN);
  }

  /**
   * Multi-label cross-entropy: K independent sigmoid units (the "3 independent neurons" model),
   * each with its own binary cross-entropy on logits, summed over the labels of a row:
   * {@code l_i = Σ_k [softplus(z_ik) - y_ik·z_ik]}. (PyTorch's {@code MultiLabelSoftMarginLoss}
   * averages over labels instead: that is this loss divided by K.) Exact at any logit.
   *
   * @param logits {@code [N, K]}
   * @param targets {@code [N, K]} in [0, 1] (1 where label k applies to row i)
   * @throws IllegalArgumentException if shapes differ, N is 0 or a target is outside [0, 1]
   */
  public static Tensor multiLabelCrossEntropy(Tensor logits, Tensor targets, Reduction reduction) {
    String op = "multi_label_cross_entropy";
    checkLogits2d(op, logits);
    checkSameShape(op, logits, targets);
    checkInUnitInterval(op, "target", targets, "");
    return reduction.apply(bceWithLogitsTerms(logits, targets.to(logits.dtype())).sum(1));
  }

  /** {@link #mse(Tensor, Tensor, Reduction)} with the mean. */
  public static Tensor mse(Tensor predictions, Tensor targets) {
    return mse(predictions, targets, Reduction.MEAN);
  }

  /**
   * Mean squared error (L2): {@code l_i = (ŷ_i - y_i)²} elementwise, mean over all elements by
   * default. Gradient {@code 2(ŷ - y)/n} for the mean.
   *
   * @throws IllegalArgumentException if shapes differ
   */
  public static Tensor mse(Tensor predictions, Tensor targets, Reduction reduction) {
    checkSameShape("mse", predictions, targets);
    return reduction.apply(predictions.sub(targets.to(predictions.dtype())).square());
  }

  /** {@link #l1(Tensor, Tensor, Reduction)} with the mean. */
  public static Tensor l1(Tensor predictions, Tensor targets) {
    return l1(predictions, targets, Reduction.MEAN);
  }

  /**
   * Mean absolute error (L1): {@code l_i = |ŷ_i - y_i|} elementwise. Gradient
   * {@code sign(ŷ - y)/n} for the mean (0 where equal).
   *
   * @throws IllegalArgumentException if shapes differ
   */
  public static Tensor l1(Tensor predictions, Tensor targets, Reduction reduction) {
    checkSameShape("l1", predictions, targets);
    return reduction.apply(predictions.sub(targets.to(predictions.dtype())).abs());
  }

  /**
   * Adaline's cost, half the sum of squared errors: {@code J = ½ Σ_i (y_i - ŷ_i)²}, a 0-d
   * tensor; gradient {@code ŷ - y} per element, so gradient descent on it is the Widrow-Hoff
   * rule {@code Δw = η Σ_i (y_i - ŷ_i) x_i}.
   *
   * @throws IllegalArgumentException if shapes differ
   */
  public static Tensor halfSumSquaredError(Tensor predictions, Tensor targets) {
    checkSameShape("half_sse", predictions, targets);
    return predictions.sub(targets.to(predictions.dtype())).square().sum().mul(0.5);
  }

  // ---------------------------------------------------------------- checks

  private static void checkSameShape(String op, Tensor prediction, Tensor target) {
    checkArgument(prediction.shape().equals(target.shape()),
        "%s: target shape %s differs from input shape %s; they must be equal (no broadcasting)",
        op, target.shape(), prediction.shape());
  }

  private static void checkLogits2d(String op, Tensor logits) {
    checkArgument(logits.rank() == 2, "%s: logits must be [batch, classes], got shape %s", op,
        logits.shape());
    checkArgument(logits.size(0) > 0, "%s: empty batch (logits shape %s)", op, logits.shape());
    checkArgument(logits.size(1) > 0, "%s: no classes (logits shape %s)", op, logits.shape());
  }

  private static void checkInUnitInterval(String op, String what, Tensor t, String hint) {
    double[] v = t.toDoubleArray();
    for (int i = 0; i < v.length; i++) {
      if (!(v[i] >= 0 && v[i] <= 1)) {
        throw new IllegalArgumentException(String.format("%s: %s %s at flat position %s (shape %s)"
            + " is outside [0, 1]%s", op, what, v[i], i, t.shape(), hint));
      }
    }
  }

}
