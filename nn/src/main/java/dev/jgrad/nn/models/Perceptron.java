package dev.jgrad.nn.models;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.DType;
import dev.jgrad.Tensor;
import dev.jgrad.nn.data.Dataset;
import java.util.Arrays;

/**
 * Rosenblatt's perceptron, defined by its own learning rule (no gradients): net input
 * {@code z = x·wᵀ + b}, output the unit step {@code ŷ = 1 if z >= 0 else -1}. {@link #fit}
 * starts from {@code w = 0, b = 0} and, for each epoch and each sample in order, applies
 *
 * <pre>
 *   Δ = η·(y - ŷ)     w ← w + Δ·x     b ← b + Δ
 * </pre>
 *
 * so only misclassified samples move the weights (Δ = ±2η). The number of misclassified
 * samples (updates) per epoch is recorded; it reaches 0 if and only if the data is linearly
 * separable and enough epochs are run. Weight {@code [1, d]}, bias {@code [1]}, FLOAT64.
 */
public final class Perceptron {
  private final double eta;
  private final int epochs;
  private Tensor weight;
  private Tensor bias;
  private int[] errors = new int[0];

  /**
   * A perceptron with learning rate η and a number of passes over the data.
   *
   * @throws IllegalArgumentException unless {@code η > 0} and {@code epochs > 0}
   */
  public Perceptron(double eta, int epochs) {
    checkArgument(eta > 0 && Double.isFinite(eta), "perceptron: eta must be finite and > 0, got "
        + "%s", eta);
    checkArgument(epochs > 0, "perceptron: epochs must be positive, got %s", epochs);
    this.eta = eta;
    this.epochs = epochs;
  }

  /** Fits on a dataset whose targets are -1 or 1; see {@link #fit(Tensor, Tensor)}. */
  public Perceptron fit(Dataset data) {
    return fit(data.features(), data.targets());
  }

  /**
   * Trains from zero weights (replacing any previous fit) on {@code x [n, d]} and targets
   * {@code y [n]} in {-1, 1}.
   *
   * @throws IllegalArgumentException if x is not 2-d with n, d >= 1, the row counts differ, x
   *     holds NaN/infinity, or a target is not -1 or 1 (naming its row)
   */
  public Perceptron fit(Tensor x, Tensor y) {
    checkArgument(x.rank() == 2 && x.size(0) > 0 && x.size(1) > 0, "perceptron: x must be "
        + "[samples, features] with at least one of each, got %s", x.shape());
    checkArgument(y.rank() == 1 && y.size(0) == x.size(0), "perceptron: y must be [%s], got %s",
        x.size(0), y.shape());
    checkArgument(x.allFinite(), "perceptron: x holds NaN or infinity");
    double[] targets = y.toDoubleArray();
    for (int i = 0; i < targets.length; i++) {
      checkArgument(targets[i] == -1 || targets[i] == 1, "perceptron: target %s at row %s must be "
          + "-1 or 1", (Object) targets[i], i);
    }
    int n = x.size(0);
    Tensor xs = x.detach().to(DType.FLOAT64);
    weight = Tensor.zeros(DType.FLOAT64, 1, x.size(1));
    bias = Tensor.zeros(DType.FLOAT64, 1);
    errors = new int[epochs];
    Tensor[] rows = new Tensor[n];
    for (int i = 0; i < n; i++) {
      rows[i] = xs.indexSelect(0, i);
    }
    Tensor one = Tensor.ones(DType.FLOAT64, 1);
    for (int e = 0; e < epochs; e++) {
      for (int i = 0; i < n; i++) {
        double predicted = predict(rows[i]).item();
        double delta = eta * (targets[i] - predicted);
        if (delta != 0) {
          weight.addInPlace(rows[i], delta);
          bias.addInPlace(one, delta);
          errors[e]++;
        }
      }
    }
    return this;
  }

  /**
   * The net input {@code z = x·wᵀ + b}: {@code [n, d] → [n]}.
   *
   * @throws IllegalStateException before {@link #fit}
   * @throws IllegalArgumentException if the feature count differs from the fitted one
   */
  public Tensor netInput(Tensor x) {
    if (weight == null) {
      throw new IllegalStateException("perceptron: not fitted yet; call fit first");
    }
    checkArgument(x.rank() == 2 && x.size(1) == weight.size(1), "perceptron: input has shape %s "
        + "but the model has %s features", x.shape(), weight.size(1));
    return x.to(DType.FLOAT64).matmul(weight.transpose()).add(bias).reshape(x.size(0));
  }

  /** The unit step of the net input: 1 where {@code z >= 0}, else -1; {@code [n]}. */
  public Tensor predict(Tensor x) {
    Tensor z = netInput(x);
    return Tensor.where(z.ge(0.0), Tensor.scalar(z.dtype(), 1.0), Tensor.scalar(z.dtype(), -1.0));
  }

  /** Misclassifications (updates) in each epoch of the last fit. */
  public int[] errorsPerEpoch() {
    return errors.clone();
  }

  /** The weight {@code [1, d]} (null before fit). */
  public Tensor weight() {
    return weight;
  }

  /** The bias {@code [1]} (null before fit). */
  public Tensor bias() {
    return bias;
  }

  @Override
  public String toString() {
    return "Perceptron(eta=" + eta + ", epochs=" + epochs + ", errors=" + Arrays.toString(errors)
        + ")";
  }
}
