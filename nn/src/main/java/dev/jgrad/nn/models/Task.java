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
  REGRESSION_L1,
  /**
   * Adaline's (Widrow and Hoff): one linear output {@code z [n]}, targets -1 or 1; loss half the
   * sum of squared errors over the batch, {@code J = ½ Σ_i (y_i - z_i)²}
   * ({@link Losses#halfSumSquaredError}), whose gradient step is the Widrow-Hoff rule
   * {@code w ← w + η Σ_i (y_i - z_i)·x_i}; predicts 1 where {@code z >= 0}, else -1.
   */
  ADALINE,
  /**
   * Rosenblatt's perceptron: one linear output {@code z [n]}, targets -1 or 1, predictions
   * {@code ŷ = 1 where z >= 0, else -1}. Its loss is built so that plain SGD applies the
   * perceptron rule exactly: its value is the fraction of the batch that is misclassified
   * ({@code ŷ_i != y_i}), its gradient that of {@code -mean_i((y_i - ŷ_i)·z_i)} with {@code ŷ}
   * held constant, so a step of rate η on a batch of one sample is
   * {@code w ← w + η·(y - ŷ)·x}, {@code b ← b + η·(y - ŷ)} (only misclassified samples move the
   * weights, by ±2η·x).
   */
  PERCEPTRON;

  /**
   * The loss of a raw output against targets (a mean over samples, except ADALINE's sum).
   *
   * @param output the network's raw output
   * @param targets the targets
   * @return a one-element tensor
   * @throws IllegalArgumentException if the shapes or target values do not fit the task
   */
  public Tensor loss(Tensor output, Tensor targets) {
    switch (this) {
      case ADALINE:
        return Losses.halfSumSquaredError(output, targets);
      case PERCEPTRON:
        return perceptronLoss(output, targets);
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
   * The perceptron criterion of {@link #PERCEPTRON}: value = fraction misclassified, gradient
   * that of {@code -mean((y - ŷ)·z)}. The value is exact: {@code t.detach() - t} is 0.
   */
  private static Tensor perceptronLoss(Tensor z, Tensor y) {
    checkArgument(z.shape().equals(y.shape()) && z.rank() == 1, "perceptron: output %s and "
        + "targets %s must both be [n]", z.shape(), y.shape());
    double[] t = y.toDoubleArray();
    for (int i = 0; i < t.length; i++) {
      if (t[i] != -1 && t[i] != 1) {
        throw new IllegalArgumentException(String.format("perceptron: target %s at row %s of the "
            + "batch must be -1 or 1", t[i], i));
      }
    }
    Tensor predicted = ADALINE.predictions(z.detach());
    Tensor scaled = y.sub(predicted).mul(z);
    return y.ne(predicted).add(scaled.detach().sub(scaled)).mean();
  }

  /**
   * Class probabilities from a raw output.
   *
   * @param output the network's raw output
   * @return probabilities of the output's shape
   * @throws IllegalArgumentException for the tasks that have none (regression, ADALINE,
   *     PERCEPTRON)
   */
  public Tensor probabilities(Tensor output) {
    checkArgument(this == BINARY || this == MULTICLASS || this == MULTI_LABEL,
        "predict_probabilities: %s has no probabilities", this);
    return this == MULTICLASS ? output.softmax(-1) : output.sigmoid();
  }

  /**
   * Predictions from a raw output: labels (integral values), -1/1, or regression values.
   *
   * @param output the network's raw output
   * @return the predictions (no graph needed)
   */
  public Tensor predictions(Tensor output) {
    switch (this) {
      case ADALINE:
      case PERCEPTRON:
        return Tensor.where(output.ge(0.0), Tensor.scalar(output.dtype(), 1),
            Tensor.scalar(output.dtype(), -1));
      case BINARY:
      case MULTI_LABEL:
        return output.ge(0.0);
      case MULTICLASS:
        return output.argmax(-1);
      default:
        return output;
    }
  }

  /**
   * Whether predictions are classes.
   *
   * @return true for all but REGRESSION_L2 and REGRESSION_L1
   */
  public boolean isClassification() {
    return this != REGRESSION_L2 && this != REGRESSION_L1;
  }
}
