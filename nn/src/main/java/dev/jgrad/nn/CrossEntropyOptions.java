package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.Tensor;

/**
 * Options of {@link Losses#crossEntropy(Tensor, Tensor, CrossEntropyOptions)} and {@link
 * Losses#nll(Tensor, Tensor, CrossEntropyOptions)} (PyTorch's {@code weight}, {@code
 * ignore_index}, {@code label_smoothing} and {@code reduction}). Immutable: each setter returns a
 * new object, so a configured instance can be shared.
 *
 * <pre>{@code
 * CrossEntropyOptions o = CrossEntropyOptions.defaults()
 *     .classWeights(Tensor.of(new double[] {1, 5}))   // rare class 1 counts 5 times
 *     .ignoreIndex(-100)                              // padding positions
 *     .labelSmoothing(0.1);
 * Tensor loss = Losses.crossEntropy(logits, labels, o);
 * }</pre>
 *
 * <p>Unlike PyTorch no label is ignored unless you ask ({@code ignore_index} is -100 there by
 * default), so a stray -100 is an error rather than silently skipped.
 */
public final class CrossEntropyOptions {
  private static final CrossEntropyOptions DEFAULTS =
      new CrossEntropyOptions(null, false, 0, 0, Reduction.MEAN);

  private final Tensor classWeights;
  private final boolean ignoring;
  private final int ignoreIndex;
  private final double labelSmoothing;
  private final Reduction reduction;

  private CrossEntropyOptions(Tensor classWeights, boolean ignoring, int ignoreIndex,
      double labelSmoothing, Reduction reduction) {
    this.classWeights = classWeights;
    this.ignoring = ignoring;
    this.ignoreIndex = ignoreIndex;
    this.labelSmoothing = labelSmoothing;
    this.reduction = reduction;
  }

  /**
   * No class weights, no ignored label, no smoothing, the mean.
   *
   * @return the defaults
   */
  public static CrossEntropyOptions defaults() {
    return DEFAULTS;
  }

  /**
   * A weight w_c per class: each term is multiplied by the weight of its label, and the mean
   * divides by the sum of the weights of the (not ignored) labels. Checked when the loss is
   * computed: shape {@code [C]}, finite, {@code >= 0}. Used as a constant (no gradient).
   *
   * @param weights {@code [C]}
   * @return new options
   * @throws IllegalArgumentException if weights is null
   */
  public CrossEntropyOptions classWeights(Tensor weights) {
    checkArgument(weights != null, "cross_entropy: class weights are null");
    return new CrossEntropyOptions(weights.detach(), ignoring, ignoreIndex, labelSmoothing,
        reduction);
  }

  /**
   * Positions whose label equals {@code index} contribute 0 to the loss and to the mean's
   * denominator (e.g. padding); the index may be outside {@code [0, C)}.
   *
   * @param index the label to ignore
   * @return new options
   */
  public CrossEntropyOptions ignoreIndex(int index) {
    return new CrossEntropyOptions(classWeights, true, index, labelSmoothing, reduction);
  }

  /**
   * Label smoothing ε (cross-entropy only): the target becomes {@code (1 - ε)·onehot + ε/C}.
   *
   * @param epsilon ε in [0, 1]
   * @return new options
   * @throws IllegalArgumentException if ε is outside [0, 1]
   */
  public CrossEntropyOptions labelSmoothing(double epsilon) {
    checkArgument(epsilon >= 0 && epsilon <= 1, "cross_entropy: label smoothing must be in "
        + "[0, 1], got %s", epsilon);
    return new CrossEntropyOptions(classWeights, ignoring, ignoreIndex, epsilon, reduction);
  }

  /**
   * How the terms are combined.
   *
   * @param reduction the reduction
   * @return new options
   * @throws IllegalArgumentException if null
   */
  public CrossEntropyOptions reduction(Reduction reduction) {
    checkArgument(reduction != null, "cross_entropy: reduction is null");
    return new CrossEntropyOptions(classWeights, ignoring, ignoreIndex, labelSmoothing,
        reduction);
  }

  Tensor classWeights() {
    return classWeights;
  }

  boolean ignoring() {
    return ignoring;
  }

  int ignoreIndex() {
    return ignoreIndex;
  }

  double labelSmoothing() {
    return labelSmoothing;
  }

  Reduction reductionValue() {
    return reduction;
  }
}
