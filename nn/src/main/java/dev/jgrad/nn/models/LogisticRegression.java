package dev.jgrad.nn.models;

import dev.jgrad.DType;
import dev.jgrad.Tensor;
import dev.jgrad.nn.Init;
import dev.jgrad.nn.Linear;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Binary logistic regression: {@code z = x·wᵀ + b}, {@code P(y = 1 | x) = σ(z)}, trained on
 * binary cross-entropy (from the logits, so it is exact). Weight {@code [1, d]}, bias {@code [1]}
 * ({@code layers.0.weight}, {@code layers.0.bias}). With the mean loss over m samples the
 * gradients are the course's {@code dZ = A - Y}, {@code dW = (1/m) dZᵀ·X} (the course's
 * {@code (1/m) dZ·Xᵀ} in its column layout) and {@code db = (1/m) Σ dZ}.
 */
public final class LogisticRegression extends Network {
  /**
   * Weights and bias start at zero, as in the course (the loss is convex, so that is fine).
   *
   * @param numFeatures d
   * @param dtype the parameters' dtype
   * @throws IllegalArgumentException if numFeatures is not positive
   */
  public LogisticRegression(int numFeatures, DType dtype) {
    this(numFeatures, Init.zeros(), null, dtype);
  }

  /**
   * With weights from {@code init} (bias zero).
   *
   * @param numFeatures d
   * @param init makes the {@code [1, d]} weight
   * @param rng draws it (may be null for deterministic initializers)
   * @param dtype the parameters' dtype
   * @throws IllegalArgumentException if numFeatures is not positive
   */
  public LogisticRegression(int numFeatures, Init init, RandomGenerator rng, DType dtype) {
    super(Task.BINARY, List.of(new Linear(numFeatures, 1, true, init, Init.zeros(), rng, dtype)));
  }

  /**
   * The weight.
   *
   * @return {@code [1, d]}
   */
  public Tensor weight() {
    return ((Linear) get(0)).weight();
  }

  /**
   * The bias.
   *
   * @return {@code [1]}
   */
  public Tensor bias() {
    return ((Linear) get(0)).bias();
  }
}
