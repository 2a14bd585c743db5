package dev.jgrad.nn.models;

import dev.jgrad.DType;
import dev.jgrad.Tensor;
import dev.jgrad.nn.Init;
import dev.jgrad.nn.Linear;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Softmax (multinomial logistic) regression: logits {@code Z = X·Wᵀ + b} with {@code W [C, d]},
 * {@code b [C]}, {@code P(y = c | x) = softmax(z)_c}, trained on softmax cross-entropy with
 * integer labels. Per-sample gradient {@code dz = softmax(z) - onehot(y)}.
 */
public final class SoftmaxRegression extends Network {
  /**
   * Weights and bias start at zero (the loss is convex).
   *
   * @param numFeatures d
   * @param numClasses C
   * @param dtype the parameters' dtype
   * @throws IllegalArgumentException if {@code numFeatures < 1} or {@code numClasses < 2}
   */
  public SoftmaxRegression(int numFeatures, int numClasses, DType dtype) {
    this(numFeatures, numClasses, Init.zeros(), null, dtype);
  }

  /**
   * With weights from {@code init} (bias zero).
   *
   * @param numFeatures d
   * @param numClasses C
   * @param init makes the {@code [C, d]} weight
   * @param rng draws it (may be null for deterministic initializers)
   * @param dtype the parameters' dtype
   * @throws IllegalArgumentException if {@code numFeatures < 1} or {@code numClasses < 2}
   */
  public SoftmaxRegression(int numFeatures, int numClasses, Init init, RandomGenerator rng,
      DType dtype) {
    super(Task.MULTICLASS, List.of(new Linear(numFeatures, numClasses, true, init, Init.zeros(),
        rng, dtype)));
  }

  /**
   * The weight.
   *
   * @return {@code [C, d]}
   */
  public Tensor weight() {
    return ((Linear) get(0)).weight();
  }

  /**
   * The bias.
   *
   * @return {@code [C]}
   */
  public Tensor bias() {
    return ((Linear) get(0)).bias();
  }
}
