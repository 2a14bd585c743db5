package dev.jgrad.nn.models;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.Tensor;
import dev.jgrad.nn.Losses;

/**
 * What a {@link Network}'s raw output means, and so its loss and how it predicts. Outputs are
 * logits for the classification tasks (the losses apply the sigmoid/softmax themselves, stably).
 */
public enum Task {
  /**
   * Binary classification: one output unit, logits {@code z [n]}, targets {0, 1} {@code [n]};
   * loss {@link Losses#binaryCrossEntropyWithLogits}; probability {@code σ(z)}; predicts 1 where
   * {@code σ(z) >= 0.5} (i.e. {@code z >= 0}).
   */
  BINARY,
  /**
   * Multi-class classification: C >= 2 output units, logits {@code [n, C]}, labels {@code [n]};
   * loss {@link Losses#crossEntropy}; probabilities softmax; predicts the argmax.
   */
  MULTICLASS,
  /**
   * Multi-label classification (K independent sigmoid units): logits {@code [n, K]}, targets
   * {0, 1} {@code [n, K]}; loss {@link Losses#multiLabelCrossEntropy}; probabilities {@code σ(z)};
   * predicts 1 per unit where {@code z >= 0}.
   */
  MULTI_LABEL,
  /** Regression with the mean squared error {@link Losses#mse}; predicts the output. */
  REGRESSION_L2,
  /** Regression with the mean absolute error {@link Losses#l1}; predicts the output. */
  REGRESSION_L1;

  /** The loss of a raw output against targets (mean over samples). */
  public Tensor loss(Tensor output, Tensor targets) {
    switch (this) {
      case BINARY:
        return Losses.binaryCrossEntropyWithLogits(output, targets);
      case MULTICLASS:
        return Losses.crossEntropy(output, targets);
      case MULTI_LABEL:
        return Losses.multiLabelCrossEntropy(output, targets);
      case REGRESSION_L2:
        return Losses.mse(output, targets);
      default:
        return Losses.l1(output, targets);
    }
  }

  /**
   * Class probabilities from a raw output.
   *
   * @throws IllegalArgumentException for the regression tasks, which have none
   */
  public Tensor probabilities(Tensor output) {
    checkArgument(isClassification(), "predict_probabilities: %s has no probabilities", this);
    return this == MULTICLASS ? output.softmax(-1) : output.sigmoid();
  }

  /** Predictions from a raw output: labels (integral values) or regression values. */
  public Tensor predictions(Tensor output) {
    switch (this) {
      case BINARY:
      case MULTI_LABEL:
        return output.ge(0.0);
      case MULTICLASS:
        return output.argmax(-1);
      default:
        return output;
    }
  }

  /** True for BINARY, MULTICLASS and MULTI_LABEL. */
  public boolean isClassification() {
    return this == BINARY || this == MULTICLASS || this == MULTI_LABEL;
  }
}
