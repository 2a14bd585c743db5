package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.DType;
import dev.jgrad.Shape;
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

  /**
   * Log terms of binary cross-entropy on probabilities are bounded below by -100 (PyTorch), that
   * is p is floored at e^-100. That floor is subnormal in float32 (and 1/p, the log's derivative,
   * overflows there), so float32 floors p at the smallest normal float, 2^-126 = e^-87.34.
   */
  private static final double LOG_FLOOR = -100;

  private static double probabilityFloor(DType dtype) {
    return dtype == DType.FLOAT32 ? Float.MIN_NORMAL : Math.exp(LOG_FLOOR);
  }

  /**
   * {@code log(max(p, floor))} whose gradient is exactly 0 where the floor is active, however
   * large the upstream gradient: the log is taken of 1 there (the "double where"), so no
   * {@code 0·∞} appears in backward, to any order.
   */
  private static Tensor flooredLog(Tensor p, double floor) {
    Tensor above = p.ge(floor);
    Tensor safe = Tensor.where(above, p, Tensor.scalar(p.dtype(), 1));
    return Tensor.where(above, safe.log(), Tensor.scalar(p.dtype(), Math.log(floor)));
  }

  /**
   * {@link #binaryCrossEntropy(Tensor, Tensor, Reduction)} with the mean.
   *
   * @param probabilities the probabilities
   * @param targets the targets
   * @return the loss
   * @throws IllegalArgumentException as {@link #binaryCrossEntropy}
   */
  public static Tensor binaryCrossEntropy(Tensor probabilities, Tensor targets) {
    return binaryCrossEntropy(probabilities, targets, Reduction.MEAN);
  }

  /**
   * Binary cross-entropy on probabilities:
   * {@code l_i = -[y_i·log p_i + (1 - y_i)·log(1 - p_i)]}, elementwise, with each log bounded
   * below (as PyTorch's {@code BCELoss}): by -100 in float64, by {@code log(2^-126) = -87.34} in
   * float32 (where e^-100 is subnormal). So {@code p = 0} or {@code 1} gives a finite loss (at most
   * 100, or 87.34, per term) and a finite gradient, exactly zero where the bound is active. In
   * float32, {@code sigmoid(z)} is exactly 1 from z of about 17, so the loss of a confident wrong
   * prediction saturates at 87.34 instead of z: prefer {@link #binaryCrossEntropyWithLogits} when
   * you have the logits, it is exact at any logit.
   *
   * @param probabilities {@code p} in [0, 1], any shape
   * @param targets {@code y} in [0, 1] (0/1 labels or soft targets), same shape
   * @param reduction how the terms are combined
   * @return the loss
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
    double floor = probabilityFloor(probabilities.dtype());
    Tensor logP = flooredLog(probabilities, floor);
    Tensor logQ = flooredLog(probabilities.neg().add(1.0), floor);
    Tensor terms = y.mul(logP).add(y.neg().add(1.0).mul(logQ)).neg();
    return reduction.apply(terms);
  }

  /**
   * {@link #binaryCrossEntropyWithLogits(Tensor, Tensor, Reduction)} with the mean.
   *
   * @param logits the logits
   * @param targets the targets
   * @return the loss
   * @throws IllegalArgumentException as {@link #binaryCrossEntropyWithLogits}
   */
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
   * @param reduction how the terms are combined
   * @return the loss
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

  /**
   * Binary cross-entropy on logits with a weight on the positive term (PyTorch's {@code
   * BCEWithLogitsLoss(pos_weight=...)}): {@code l_i = -[p·y·log σ(z) + (1 - y)·log(1 - σ(z))] =
   * (1 - y)·z + (1 + (p - 1)·y)·softplus(-z)}, elementwise, exact at any logit. p {@code > 1}
   * raises recall on a rare positive class (p = negatives / positives balances them); p = 1 is
   * {@link #binaryCrossEntropyWithLogits(Tensor, Tensor, Reduction)}. The mean is over all
   * elements (p does not enter its denominator).
   *
   * @param logits any shape, e.g. {@code [N, K]} for K labels
   * @param targets y in [0, 1], the logits' shape
   * @param posWeight p, finite and {@code >= 0}, broadcast to the logits' shape (e.g. {@code [K]},
   *     one per label); a constant
   * @param reduction how the terms are combined
   * @return the loss
   * @throws IllegalArgumentException if shapes differ, a target is outside [0, 1], or posWeight
   *     does not broadcast to the logits' shape or has a negative or non-finite value
   */
  public static Tensor binaryCrossEntropyWithLogits(Tensor logits, Tensor targets,
      Tensor posWeight, Reduction reduction) {
    String op = "binary_cross_entropy_with_logits";
    checkSameShape(op, logits, targets);
    checkInUnitInterval(op, "target", targets, "");
    checkArgument(posWeight != null, "%s: posWeight is null", op);
    checkArgument(posWeight.shape().broadcastsTo(logits.shape()), "%s: posWeight shape %s does "
        + "not broadcast to the logits' shape %s", op, posWeight.shape(), logits.shape());
    double[] pw = posWeight.toDoubleArray();
    for (int i = 0; i < pw.length; i++) {
      if (!(pw[i] >= 0 && Double.isFinite(pw[i]))) {
        throw new IllegalArgumentException(String.format("%s: posWeight %s at flat position %s "
            + "must be finite and >= 0", op, pw[i], i));
      }
    }
    Tensor y = targets.to(logits.dtype());
    Tensor p = posWeight.detach().to(logits.dtype());
    Tensor terms = y.neg().add(1.0).mul(logits)
        .add(p.sub(1.0).mul(y).add(1.0).mul(logits.neg().softplus()));
    return reduction.apply(terms);
  }

  /**
   * {@link #crossEntropy(Tensor, Tensor, Reduction)} with the mean.
   *
   * @param logits the logits
   * @param labels the class labels
   * @return the loss
   * @throws IllegalArgumentException as {@link #crossEntropy}
   */
  public static Tensor crossEntropy(Tensor logits, Tensor labels) {
    return crossEntropy(logits, labels, CrossEntropyOptions.defaults());
  }

  /**
   * {@link #crossEntropy(Tensor, Tensor, CrossEntropyOptions)} with only a reduction.
   *
   * @param logits {@code [N, C]} or {@code [N, C, d1, ...]}
   * @param labels {@code [N]} or {@code [N, d1, ...]}
   * @param reduction over the terms; {@link Reduction#NONE} returns the labels' shape
   * @return the loss
   * @throws IllegalArgumentException as the full form
   */
  public static Tensor crossEntropy(Tensor logits, Tensor labels, Reduction reduction) {
    return crossEntropy(logits, labels, CrossEntropyOptions.defaults().reduction(reduction));
  }

  /**
   * Softmax cross-entropy on logits with integer class labels (PyTorch's {@code CrossEntropyLoss}
   * with class indices): with {@code q = logSoftmax(z)} over the class axis 1 (stable, exact for
   * logits of ±1000), class weights w (1 by default), label smoothing ε (0 by default) and C
   * classes, each position n (a row, or a row and a position {@code d1, ...}) gives
   *
   * <pre>
   *   l_n = (1 - ε)·(-w[y_n]·q_n[y_n]) + (ε / C)·(-Σ_c w[c]·q_n[c]),   0 where y_n is ignored
   * </pre>
   *
   * {@link Reduction#MEAN} is the weighted mean {@code Σ l_n / Σ w[y_n]} over the positions not
   * ignored (the plain mean without weights or an ignored label); SUM, NONE and BATCH_MEAN as
   * usual. Without weights and smoothing the gradient is {@code softmax(z_n) - onehot(y_n)} per
   * position (divided by the count for the mean). {@code [N, C]} logits without weights, ignored
   * label or smoothing use core's fused primitive ({@link Tensor#crossEntropy}: one pass per row
   * forward and backward); the other cases are composed from {@code logSoftmax} and {@code
   * gather}.
   *
   * @param logits {@code [N, C]} or {@code [N, C, d1, ...]}
   * @param labels {@code [N]} or {@code [N, d1, ...]}: integral values in {@code [0, C)} (or the
   *     ignored index), any dtype
   * @param options class weights, an ignored label, smoothing and the reduction
   * @return the loss ({@link Reduction#NONE}: the labels' shape)
   * @throws IllegalArgumentException if logits have rank below 2 or no rows or classes, the label
   *     shape is not the logits' without axis 1, a label is not an integer in range (e.g. {@code
   *     cross_entropy: label 7 at row 3 is out of range for 3 classes}), the class weights are not
   *     {@code [C]} finite and {@code >= 0}, or the weighted mean divides by 0 (every label
   *     ignored or of weight 0)
   */
  public static Tensor crossEntropy(Tensor logits, Tensor labels, CrossEntropyOptions options) {
    checkArgument(options != null, "cross_entropy: options are null");
    return classLoss("cross_entropy", logits, true, labels, options);
  }

  /**
   * {@link #crossEntropy(Tensor, int[], Reduction)} with the mean over rows.
   *
   * @param logits the logits
   * @param labels the class labels
   * @return the loss
   * @throws IllegalArgumentException as {@link #crossEntropy}
   */
  public static Tensor crossEntropy(Tensor logits, int[] labels) {
    return crossEntropy(logits, labels, Reduction.MEAN);
  }

  /**
   * {@link #crossEntropy(Tensor, Tensor, Reduction)} with labels as a Java array.
   *
   * @param logits the logits
   * @param labels the class labels
   * @param reduction how the terms are combined
   * @return the loss
   * @throws IllegalArgumentException as {@link #crossEntropy}
   */
  public static Tensor crossEntropy(Tensor logits, int[] labels, Reduction reduction) {
    return crossEntropy(logits, Labels.of(labels), reduction);
  }

  /**
   * {@link #nll(Tensor, Tensor, CrossEntropyOptions)} with the mean.
   *
   * @param logProbabilities the log-probabilities
   * @param labels the class labels
   * @return the loss
   * @throws IllegalArgumentException as {@link #nll}
   */
  public static Tensor nll(Tensor logProbabilities, Tensor labels) {
    return nll(logProbabilities, labels, CrossEntropyOptions.defaults());
  }

  /**
   * {@link #nll(Tensor, Tensor, CrossEntropyOptions)} with only a reduction.
   *
   * @param logProbabilities {@code [N, C]} or {@code [N, C, d1, ...]}
   * @param labels {@code [N]} or {@code [N, d1, ...]}
   * @param reduction over the terms
   * @return the loss
   * @throws IllegalArgumentException as the full form
   */
  public static Tensor nll(Tensor logProbabilities, Tensor labels, Reduction reduction) {
    return nll(logProbabilities, labels, CrossEntropyOptions.defaults().reduction(reduction));
  }

  /**
   * Negative log-likelihood on log-probabilities (PyTorch's {@code NLLLoss}; e.g. after {@code
   * logSoftmax(1)}, with which it equals {@link #crossEntropy}): {@code l_n = -w[y_n]·x_n[y_n]},
   * 0 where y_n is ignored; {@link Reduction#MEAN} is the weighted mean {@code Σ l_n / Σ
   * w[y_n]}. The input is used as it is (not normalized, not checked to be ≤ 0).
   *
   * @param logProbabilities {@code [N, C]} or {@code [N, C, d1, ...]}
   * @param labels {@code [N]} or {@code [N, d1, ...]}, integral values in {@code [0, C)} (or the
   *     ignored index)
   * @param options class weights, an ignored label and the reduction (no label smoothing)
   * @return the loss
   * @throws IllegalArgumentException as {@link #crossEntropy(Tensor, Tensor,
   *     CrossEntropyOptions)} (naming {@code nll}), or if label smoothing is set
   */
  public static Tensor nll(Tensor logProbabilities, Tensor labels, CrossEntropyOptions options) {
    checkArgument(options != null, "nll: options are null");
    checkArgument(options.labelSmoothing() == 0, "nll: label smoothing applies to "
        + "cross_entropy only (it needs the full distribution), got %s", options.labelSmoothing());
    return classLoss("nll", logProbabilities, false, labels, options);
  }

  /** Cross-entropy and NLL: the terms of the class description above, reduced. */
  private static Tensor classLoss(String op, Tensor input, boolean fromLogits, Tensor labels,
      CrossEntropyOptions o) {
    String what = fromLogits ? "logits" : "log-probabilities";
    checkArgument(input.rank() >= 2, "%s: %s must be [batch, classes] or [batch, classes, d1, "
        + "...], got shape %s", op, what, input.shape());
    checkArgument(input.size(0) > 0, "%s: empty batch (%s shape %s)", op, what, input.shape());
    int c = input.size(1);
    checkArgument(c > 0, "%s: no classes (%s shape %s)", op, what, input.shape());
    int rank = input.rank();
    int[] labelDims = new int[rank - 1];
    for (int i = 0, j = 0; i < rank; i++) {
      if (i != 1) {
        labelDims[j++] = input.size(i);
      }
    }
    checkArgument(labels.shape().equals(Shape.of(labelDims)), rank == 2
        ? "%s: labels must be %s (one per row of %s %s), got shape %s"
        : "%s: labels must be %s (the %s shape %s without the class axis 1), got shape %s",
        op, Shape.of(labelDims), what, input.shape(), labels.shape());
    int[] y = o.ignoring() ? Labels.toInts(op, "label", labels, c, o.ignoreIndex())
        : Labels.toInts(op, "label", labels, c);
    double[] w = o.classWeights() == null ? null : classWeights(op, o.classWeights(), c);
    if (fromLogits && rank == 2 && w == null && !o.ignoring() && o.labelSmoothing() == 0
        && input.dtype().isFloatingPoint()) {
      // The plain case: core's fused primitive (one pass per row forward and backward).
      return o.reductionValue().apply(input.crossEntropy(labels));
    }
    DType dtype = input.dtype();
    Tensor logp = fromLogits ? input.logSoftmax(1) : input;
    int[] classAxis = new int[rank];
    java.util.Arrays.fill(classAxis, 1);
    classAxis[1] = c;
    // Each position's class picked by gather (exact for any label: no float compare), weighted
    // by its class weight, and by 0 where the label is ignored.
    long[] safe = new long[y.length];
    double[] keep = new double[y.length];
    for (int i = 0; i < y.length; i++) {
      boolean ignored = o.ignoring() && y[i] == o.ignoreIndex();
      safe[i] = ignored ? 0 : y[i];
      keep[i] = ignored ? 0 : w == null ? 1 : w[y[i]];
    }
    Tensor index = Tensor.of(safe, labelDims).unsqueeze(1);
    Tensor picked = logp.gather(1, index).squeeze(1);
    Tensor weighted = w == null ? logp : logp.mul(Tensor.of(w).to(dtype).reshape(classAxis));
    Tensor terms = picked.mul(Tensor.of(keep, labelDims).to(dtype)).neg();
    Tensor zero = Tensor.scalar(dtype, 0);
    double eps = o.labelSmoothing();
    if (eps > 0) {
      Tensor smooth = weighted.sum(1).neg();
      if (o.ignoring()) {
        smooth = Tensor.where(labels.ne(o.ignoreIndex()), smooth, zero);
      }
      terms = terms.mul(1 - eps).add(smooth.mul(eps / c));
    }
    Reduction r = o.reductionValue();
    if (r != Reduction.MEAN || (w == null && !o.ignoring())) {
      return r.apply(terms);
    }
    double total = 0;
    for (int label : y) {
      if (!(o.ignoring() && label == o.ignoreIndex())) {
        total += w == null ? 1 : w[label];
      }
    }
    checkArgument(total > 0, "%s: the weighted mean divides by 0: every label is ignored or has "
        + "class weight 0 (use Reduction.SUM to get 0)", op);
    return terms.sum().div(total);
  }

  private static double[] classWeights(String op, Tensor weights, int classes) {
    checkArgument(weights.shape().equals(Shape.of(classes)), "%s: class weights must be [%s] (one "
        + "per class), got shape %s", op, classes, weights.shape());
    double[] w = weights.toDoubleArray();
    for (int i = 0; i < w.length; i++) {
      if (!(w[i] >= 0 && Double.isFinite(w[i]))) {
        throw new IllegalArgumentException(String.format("%s: class weight %s of class %s must "
            + "be finite and >= 0", op, w[i], i));
      }
    }
    return w;
  }

  /**
   * {@link #softCrossEntropy(Tensor, Tensor, Reduction)} with the mean over rows.
   *
   * @param logits the logits
   * @param targets the targets
   * @return the loss
   * @throws IllegalArgumentException as {@link #softCrossEntropy}
   */
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
   * @param reduction how the terms are combined
   * @return the loss
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
        if (!(v >= 0 && v <= 1)) { // plain check: a per-element message would box
          throw new IllegalArgumentException(String.format(
              "%s: target %s at row %s, column %s is not a probability",
              op, v, i, j));
        }
        s += v;
      }
      checkArgument(Math.abs(s - 1) <= 1e-3, "%s: targets of row %s sum to %s, not 1 (use "
          + "one-hot rows or probability distributions)", op, i, s);
    }
    Tensor y = targets.to(logits.dtype());
    return reduction.apply(y.mul(logits.logSoftmax(1)).sum(1).neg());
  }

  /**
   * {@link #multiLabelCrossEntropy(Tensor, Tensor, Reduction)} with the mean over rows.
   *
   * @param logits the logits
   * @param targets the targets
   * @return the loss
   * @throws IllegalArgumentException as {@link #multiLabelCrossEntropy}
   */
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
   * @param reduction how the terms are combined
   * @return the loss
   * @throws IllegalArgumentException if shapes differ, N is 0 or a target is outside [0, 1]
   */
  public static Tensor multiLabelCrossEntropy(Tensor logits, Tensor targets, Reduction reduction) {
    String op = "multi_label_cross_entropy";
    checkLogits2d(op, logits);
    checkSameShape(op, logits, targets);
    checkInUnitInterval(op, "target", targets, "");
    return reduction.apply(bceWithLogitsTerms(logits, targets.to(logits.dtype())).sum(1));
  }

  /**
   * {@link #mse(Tensor, Tensor, Reduction)} with the mean.
   *
   * @param predictions the predictions
   * @param targets the targets
   * @return the loss
   * @throws IllegalArgumentException as {@link #mse}
   */
  public static Tensor mse(Tensor predictions, Tensor targets) {
    return mse(predictions, targets, Reduction.MEAN);
  }

  /**
   * Mean squared error (L2): {@code l_i = (ŷ_i - y_i)²} elementwise, mean over all elements by
   * default. Gradient {@code 2(ŷ - y)/n} for the mean.
   *
   * @param predictions the predictions
   * @param targets the targets
   * @param reduction how the terms are combined
   * @return the loss
   * @throws IllegalArgumentException if shapes differ
   */
  public static Tensor mse(Tensor predictions, Tensor targets, Reduction reduction) {
    checkSameShape("mse", predictions, targets);
    return reduction.apply(predictions.sub(targets.to(predictions.dtype())).square());
  }

  /**
   * {@link #l1(Tensor, Tensor, Reduction)} with the mean.
   *
   * @param predictions the predictions
   * @param targets the targets
   * @return the loss
   * @throws IllegalArgumentException as {@link #l1}
   */
  public static Tensor l1(Tensor predictions, Tensor targets) {
    return l1(predictions, targets, Reduction.MEAN);
  }

  /**
   * Mean absolute error (L1): {@code l_i = |ŷ_i - y_i|} elementwise. Gradient
   * {@code sign(ŷ - y)/n} for the mean (0 where equal).
   *
   * @param predictions the predictions
   * @param targets the targets
   * @param reduction how the terms are combined
   * @return the loss
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
   * @param predictions the predictions
   * @param targets the targets
   * @return the loss
   * @throws IllegalArgumentException if shapes differ
   */
  public static Tensor halfSumSquaredError(Tensor predictions, Tensor targets) {
    checkSameShape("half_sse", predictions, targets);
    return predictions.sub(targets.to(predictions.dtype())).square().sum().mul(0.5);
  }

  /**
   * {@link #huber(Tensor, Tensor, double, Reduction)} with δ = 1 and the mean.
   *
   * @param predictions the predictions
   * @param targets the targets
   * @return the loss
   * @throws IllegalArgumentException as {@link #huber}
   */
  public static Tensor huber(Tensor predictions, Tensor targets) {
    return huber(predictions, targets, 1, Reduction.MEAN);
  }

  /**
   * Huber loss (PyTorch's {@code HuberLoss}): with {@code d = ŷ - y}, {@code l_i = d²/2} where
   * {@code |d| <= δ} and {@code δ·(|d| - δ/2)} elsewhere: quadratic near 0, linear (gradient
   * {@code ±δ}) for outliers. Computed as {@code c²/2 + δ·(|d| - |c|)} with {@code c =
   * clamp(d, -δ, δ)}, which has no overflowing intermediate and the right second derivative at 0.
   *
   * @param predictions any shape
   * @param targets the same shape
   * @param delta δ, finite and {@code > 0}
   * @param reduction how the terms are combined
   * @return the loss
   * @throws IllegalArgumentException if shapes differ or δ is not finite and positive
   */
  public static Tensor huber(Tensor predictions, Tensor targets, double delta,
      Reduction reduction) {
    checkSameShape("huber", predictions, targets);
    checkArgument(delta > 0 && Double.isFinite(delta), "huber: delta must be finite and > 0, got "
        + "%s", delta);
    return reduction.apply(huberTerms(predictions.sub(targets.to(predictions.dtype())), delta));
  }

  private static Tensor huberTerms(Tensor d, double delta) {
    Tensor c = d.clamp(-delta, delta);
    return c.square().mul(0.5).add(d.abs().sub(c.abs()).mul(delta));
  }

  /**
   * {@link #smoothL1(Tensor, Tensor, double, Reduction)} with β = 1 and the mean.
   *
   * @param predictions the predictions
   * @param targets the targets
   * @return the loss
   * @throws IllegalArgumentException as {@link #smoothL1}
   */
  public static Tensor smoothL1(Tensor predictions, Tensor targets) {
    return smoothL1(predictions, targets, 1, Reduction.MEAN);
  }

  /**
   * Smooth L1 loss (PyTorch's {@code SmoothL1Loss}): with {@code d = ŷ - y}, {@code l_i =
   * d²/(2β)} where {@code |d| < β} and {@code |d| - β/2} elsewhere, i.e. the Huber loss with δ =
   * β divided by β (gradient {@code ±1} for outliers); β = 0 is the L1 loss.
   *
   * @param predictions any shape
   * @param targets the same shape
   * @param beta β, finite and {@code >= 0}
   * @param reduction how the terms are combined
   * @return the loss
   * @throws IllegalArgumentException if shapes differ or β is negative or not finite
   */
  public static Tensor smoothL1(Tensor predictions, Tensor targets, double beta,
      Reduction reduction) {
    checkSameShape("smooth_l1", predictions, targets);
    checkArgument(beta >= 0 && Double.isFinite(beta), "smooth_l1: beta must be finite and >= 0, "
        + "got %s", beta);
    Tensor d = predictions.sub(targets.to(predictions.dtype()));
    return reduction.apply(beta == 0 ? d.abs() : huberTerms(d, beta).div(beta));
  }

  /**
   * {@link #klDivergence(Tensor, Tensor, Reduction, boolean)} per sample ({@link
   * Reduction#BATCH_MEAN}) with probability targets.
   *
   * @param logProbabilities {@code log p}
   * @param targets the probabilities y
   * @return the loss
   * @throws IllegalArgumentException as the full form
   */
  public static Tensor klDivergence(Tensor logProbabilities, Tensor targets) {
    return klDivergence(logProbabilities, targets, Reduction.BATCH_MEAN, false);
  }

  /**
   * Kullback-Leibler divergence {@code KL(y || p)} of the model's distribution p from the target
   * y (PyTorch's {@code KLDivLoss}): the input is {@code log p}, and {@code l_i = y_i·(log y_i -
   * log p_i)} elementwise, 0 where {@code y_i = 0}; with {@code logTarget}, the targets are
   * {@code log y} and {@code l_i = e^(log y_i)·(log y_i - log p_i)}. {@link Reduction#BATCH_MEAN}
   * (the default here; PyTorch's default is the elementwise mean) sums and divides by the batch
   * size, which is the mean KL divergence per sample when each row is a distribution. Gradient
   * {@code -y} in the input.
   *
   * @param logProbabilities {@code log p}, any shape, e.g. {@code logSoftmax(z, 1)} of {@code [N,
   *     C]} logits
   * @param targets y in [0, 1] (or {@code log y}, finite and {@code <= 0}, with logTarget), the
   *     same shape; may require grad
   * @param reduction how the terms are combined
   * @param logTarget whether targets are log-probabilities
   * @return the loss
   * @throws IllegalArgumentException if shapes differ or a target is out of range or NaN
   */
  public static Tensor klDivergence(Tensor logProbabilities, Tensor targets, Reduction reduction,
      boolean logTarget) {
    String op = "kl_divergence";
    checkSameShape(op, logProbabilities, targets);
    Tensor y = targets.to(logProbabilities.dtype());
    Tensor terms;
    if (logTarget) {
      double[] v = targets.toDoubleArray();
      for (int i = 0; i < v.length; i++) {
        if (!(v[i] <= 0 && Double.isFinite(v[i]))) {
          throw new IllegalArgumentException(String.format("%s: log-target %s at flat position %s"
              + " (shape %s) must be finite and <= 0 (give probabilities for targets of "
              + "probability 0)", op, v[i], i, targets.shape()));
        }
      }
      terms = y.exp().mul(y.sub(logProbabilities));
    } else {
      checkInUnitInterval(op, "target", targets, "");
      // y·log y is taken as 0 at y = 0 (its limit); log is evaluated at 1 there (no 0·-inf).
      Tensor positive = y.gt(0);
      Tensor safe = Tensor.where(positive, y, Tensor.scalar(y.dtype(), 1));
      terms = Tensor.where(positive, y.mul(safe.log().sub(logProbabilities)),
          Tensor.scalar(y.dtype(), 0));
    }
    return reduction.apply(terms);
  }

  /**
   * {@link #hinge(Tensor, Tensor, double, Reduction)} with margin 1 and the mean.
   *
   * @param scores the scores
   * @param targets the targets
   * @return the loss
   * @throws IllegalArgumentException as {@link #hinge}
   */
  public static Tensor hinge(Tensor scores, Tensor targets) {
    return hinge(scores, targets, 1, Reduction.MEAN);
  }

  /**
   * The binary hinge loss of a linear SVM: {@code l_i = max(0, m - y_i·s_i)} elementwise with
   * targets ±1 and margin m (sklearn's {@code hinge_loss}; for {@code [N, C]} scores use one
   * column per class with ±1 targets, one-vs-rest).
   *
   * @param scores s, any shape
   * @param targets y, each 1 or -1, the same shape
   * @param margin m, finite
   * @param reduction how the terms are combined
   * @return the loss
   * @throws IllegalArgumentException if shapes differ, a target is not ±1, or m is not finite
   */
  public static Tensor hinge(Tensor scores, Tensor targets, double margin, Reduction reduction) {
    String op = "hinge";
    checkSameShape(op, scores, targets);
    checkSigns(op, targets);
    checkFinite(op, "margin", margin);
    Tensor y = targets.to(scores.dtype());
    return reduction.apply(y.mul(scores).neg().add(margin).relu());
  }

  /**
   * {@link #hingeEmbedding(Tensor, Tensor, double, Reduction)} with margin 1 and the mean.
   *
   * @param inputs the inputs
   * @param targets the targets
   * @return the loss
   * @throws IllegalArgumentException as {@link #hingeEmbedding}
   */
  public static Tensor hingeEmbedding(Tensor inputs, Tensor targets) {
    return hingeEmbedding(inputs, targets, 1, Reduction.MEAN);
  }

  /**
   * PyTorch's {@code HingeEmbeddingLoss}, for inputs that are distances (e.g. the L1 distance of
   * two embeddings): {@code l_i = x_i} where {@code y_i = 1} (similar pairs: pull together) and
   * {@code max(0, m - x_i)} where {@code y_i = -1} (dissimilar: push beyond the margin).
   *
   * @param inputs x, any shape
   * @param targets y, each 1 or -1, the same shape
   * @param margin m, finite
   * @param reduction how the terms are combined
   * @return the loss
   * @throws IllegalArgumentException if shapes differ, a target is not ±1, or m is not finite
   */
  public static Tensor hingeEmbedding(Tensor inputs, Tensor targets, double margin,
      Reduction reduction) {
    String op = "hinge_embedding";
    checkSameShape(op, inputs, targets);
    checkSigns(op, targets);
    checkFinite(op, "margin", margin);
    Tensor similar = targets.detach().gt(0);
    return reduction.apply(Tensor.where(similar, inputs, inputs.neg().add(margin).relu()));
  }

  /**
   * PyTorch's {@code MarginRankingLoss}: {@code l_i = max(0, -y_i·(a_i - b_i) + m)}, elementwise:
   * y = 1 asks for {@code a > b + m}, y = -1 for {@code b > a + m}.
   *
   * @param a the first scores, any shape
   * @param b the second scores, the same shape
   * @param targets y, each 1 or -1, the same shape
   * @param margin m, finite (PyTorch's default is 0)
   * @param reduction how the terms are combined
   * @return the loss
   * @throws IllegalArgumentException if shapes differ, a target is not ±1, or m is not finite
   */
  public static Tensor marginRanking(Tensor a, Tensor b, Tensor targets, double margin,
      Reduction reduction) {
    String op = "margin_ranking";
    checkSameShape(op, a, b);
    checkSameShape(op, a, targets);
    checkSigns(op, targets);
    checkFinite(op, "margin", margin);
    Tensor y = targets.to(a.dtype());
    return reduction.apply(y.mul(a.sub(b)).neg().add(margin).relu());
  }

  /**
   * PyTorch's {@code CosineEmbeddingLoss}: with {@code cos_i = a_i·b_i / √((|a_i|² + 1e-12)·(|b_i|²
   * + 1e-12))} (row i's cosine similarity; the 1e-12 keeps zero vectors finite, also in float32),
   * {@code l_i = 1 - cos_i} where {@code y_i = 1} and {@code max(0, cos_i - m)} where {@code y_i =
   * -1}.
   *
   * @param a {@code [N, D]}
   * @param b {@code [N, D]}
   * @param targets {@code [N]}, each 1 or -1
   * @param margin m in [-1, 1] (PyTorch suggests 0 to 0.5; its default is 0)
   * @param reduction over the N rows
   * @return the loss
   * @throws IllegalArgumentException if a is not 2-d, shapes differ, targets are not {@code [N]}
   *     of ±1, or m is outside [-1, 1]
   */
  public static Tensor cosineEmbedding(Tensor a, Tensor b, Tensor targets, double margin,
      Reduction reduction) {
    String op = "cosine_embedding";
    checkArgument(a.rank() == 2, "%s: inputs must be [batch, features], got shape %s", op,
        a.shape());
    checkSameShape(op, a, b);
    checkArgument(targets.shape().equals(Shape.of(a.size(0))), "%s: targets must be [%s] (one "
        + "per row of %s), got shape %s", op, a.size(0), a.shape(), targets.shape());
    checkSigns(op, targets);
    checkArgument(margin >= -1 && margin <= 1, "%s: margin must be in [-1, 1], got %s", op,
        margin);
    Tensor bb = b.to(a.dtype());
    Tensor dot = a.mul(bb).sum(1);
    Tensor norms = a.square().sum(1).add(1e-12).mul(bb.square().sum(1).add(1e-12)).sqrt();
    Tensor cos = dot.div(norms);
    Tensor similar = targets.detach().gt(0);
    return reduction.apply(Tensor.where(similar, cos.neg().add(1.0), cos.sub(margin).relu()));
  }

  /**
   * Connectionist temporal classification loss (Graves et al., 2006; PyTorch's {@code CTCLoss}):
   * for sample n with input length T_n and target {@code l = (l_1, ..., l_S)}, {@code loss_n =
   * -log Σ_π Π_t p_t(π_t)} over every alignment π of length T_n that collapses to l (merge
   * repeats, then drop blanks). It is computed by the forward recursion over the extended target
   * {@code l' = (b, l_1, b, ..., l_S, b)} in log space,
   *
   * <pre>
   *   α_0(0) = log p_0(b),  α_0(1) = log p_0(l_1)
   *   α_t(s) = logsumexp(α_{t-1}(s), α_{t-1}(s-1), α_{t-1}(s-2) if l'_s ≠ b and l'_s ≠ l'_{s-2})
   *            + log p_t(l'_s)
   *   loss_n = -logsumexp(α_{T_n - 1}(2S), α_{T_n - 1}(2S - 1))
   * </pre>
   *
   * from core ops, so its first and second derivatives come from autodiff (each time step is a
   * few small ops: meant for modest T, not speech-scale inputs). Impossible states hold -1e30
   * rather than -∞ (finite in float32 too; they contribute exactly 0). {@link Reduction#MEAN}
   * divides each loss by its target length (at least 1) and averages over the batch, as PyTorch;
   * SUM and NONE ({@code [N]}) as usual, BATCH_MEAN sums and divides by N. Unlike PyTorch, a
   * target that no alignment of the input length can produce is an error, not an infinite loss.
   *
   * @param logProbs {@code [T, N, C]} log-probabilities (e.g. {@code logSoftmax(2)}), time first
   * @param targets {@code [N, S]}: row n's first {@code targetLengths[n]} values are its labels
   *     in {@code [0, C)}, none equal to blank (the rest is padding, not read)
   * @param inputLengths T_n per sample, each in {@code [1, T]}
   * @param targetLengths S_n per sample, each in {@code [0, S]}
   * @param blank the blank class in {@code [0, C)}
   * @param reduction how the per-sample losses are combined
   * @return the loss
   * @throws IllegalArgumentException if a shape or length is out of range, a label is not an
   *     integer in range or is the blank, or an input is too short for its target (it needs
   *     {@code S_n} plus one step per repeated neighbour pair)
   */
  public static Tensor ctc(Tensor logProbs, Tensor targets, int[] inputLengths,
      int[] targetLengths, int blank, Reduction reduction) {
    String op = "ctc";
    checkArgument(logProbs.rank() == 3, "%s: log-probabilities must be [time, batch, classes], "
        + "got shape %s", op, logProbs.shape());
    int tMax = logProbs.size(0);
    int n = logProbs.size(1);
    int c = logProbs.size(2);
    checkArgument(tMax > 0 && n > 0 && c > 0, "%s: empty log-probabilities (shape %s)", op,
        logProbs.shape());
    checkArgument(targets.rank() == 2 && targets.size(0) == n, "%s: targets must be [%s, S] (one "
        + "row per sample), got shape %s", op, n, targets.shape());
    checkArgument(inputLengths != null && inputLengths.length == n && targetLengths != null
        && targetLengths.length == n, "%s: give one input length and one target length per "
        + "sample (%s)", op, n);
    checkArgument(blank >= 0 && blank < c, "%s: blank %s is out of range for %s classes", op,
        blank, c);
    int sMax = targets.size(1);
    DType dtype = logProbs.dtype();
    Tensor[] losses = new Tensor[n];
    double[] lengths = new double[n];
    for (int i = 0; i < n; i++) {
      int t = inputLengths[i];
      int len = targetLengths[i];
      if (!(t >= 1 && t <= tMax)) { // plain check: a per-element message would box
        throw new IllegalArgumentException(String.format(
            "%s: input length %s of sample %s is outside [1, %s]",
            op, t, i, tMax));
      }
      if (!(len >= 0 && len <= sMax)) { // plain check: a per-element message would box
        throw new IllegalArgumentException(String.format(
            "%s: target length %s of sample %s is outside [0, "
            + "%s]", op, len, i, sMax));
      }
      // Only the first len values are labels; the padding after them is never read.
      int[] label = Labels.toInts(op + ": sample " + i, "target",
          targets.slice(0, i, i + 1).slice(1, 0, len), c);
      int repeats = 0;
      for (int k = 0; k < len; k++) {
        if (!(label[k] != blank)) { // plain check: a per-element message would box
          throw new IllegalArgumentException(String.format(
              "%s: sample %s: target %s at row %s is the blank", op, i,
              blank, k));
        }
        if (k > 0 && label[k] == label[k - 1]) {
          repeats++;
        }
      }
      checkArgument(t >= len + repeats, "%s: sample %s has %s time steps, but its %s labels with "
          + "%s repeated neighbours need at least %s", op, i, t, len, repeats, len + repeats);
      losses[i] = ctcForward(logProbs.slice(1, i, i + 1).reshape(tMax, c), label, t, blank,
          dtype);
      lengths[i] = Math.max(len, 1);
    }
    Tensor per = Tensor.stack(0, losses);
    if (reduction == Reduction.MEAN) {
      return per.div(Tensor.of(lengths).to(dtype)).mean();
    }
    return reduction.apply(per);
  }

  /** -log p(label | input) for one sample: the α recursion of {@link #ctc}. */
  private static Tensor ctcForward(Tensor logp, int[] label, int steps, int blank, DType dtype) {
    final double impossible = -1e30;
    int l = 2 * label.length + 1;
    int[] ext = new int[l];
    for (int s = 0; s < l; s++) {
      ext[s] = s % 2 == 0 ? blank : label[s / 2];
    }
    // α_{t-1} padded with two impossible states in front: index s + 2 holds α(s)
    int[] fromTwoBack = new int[l];
    for (int s = 0; s < l; s++) {
      boolean skip = s >= 2 && ext[s] != blank && ext[s] != ext[s - 2];
      fromTwoBack[s] = skip ? s : 0; // padded index s is α(s - 2); index 0 is impossible
    }
    Tensor emit = logp.indexSelect(1, ext); // [T, l]: log p_t(l'_s)
    Tensor pad = Tensor.full(dtype, impossible, 2);
    Tensor alpha = emit.slice(0, 0, 1).reshape(l);
    if (l > 2) {
      alpha = Tensor.concat(0, alpha.slice(0, 0, 2), Tensor.full(dtype, impossible, l - 2));
    }
    for (int t = 1; t < steps; t++) {
      Tensor padded = Tensor.concat(0, pad, alpha);
      Tensor prev = padded.slice(0, 1, l + 1);
      Tensor skip = padded.indexSelect(0, fromTwoBack);
      alpha = Tensor.stack(0, alpha, prev, skip).logsumexp(0)
          .add(emit.slice(0, t, t + 1).reshape(l));
    }
    Tensor last = l == 1 ? alpha : alpha.slice(0, l - 2, l);
    return last.logsumexp(0).neg();
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

  private static void checkSigns(String op, Tensor targets) {
    double[] v = targets.toDoubleArray();
    for (int i = 0; i < v.length; i++) {
      if (v[i] != 1 && v[i] != -1) {
        throw new IllegalArgumentException(String.format("%s: target %s at flat position %s "
            + "(shape %s) must be 1 or -1", op, v[i], i, targets.shape()));
      }
    }
  }

  private static void checkFinite(String op, String what, double v) {
    checkArgument(Double.isFinite(v), "%s: %s must be finite, got %s", op, what, v);
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
