package dev.jgrad.nn.models;

import dev.jgrad.DType;
import dev.jgrad.Tensor;
import dev.jgrad.nn.Init;
import dev.jgrad.nn.Linear;
import java.util.List;

/**
 * Rosenblatt's perceptron: net input {@code z = x·wᵀ + b}, output the unit step
 * {@code ŷ = 1 if z >= 0 else -1}, learning by the perceptron rule: for each sample in order,
 *
 * <pre>
 *   Δ = η·(y - ŷ)     w ← w + Δ·x     b ← b + Δ
 * </pre>
 *
 * so only misclassified samples move the weights (Δ = ±2η). It trains like every classic model:
 * {@link Task#PERCEPTRON}'s loss is built so that plain SGD with rate η on batches of one sample
 * applies exactly this rule, and its value is the fraction misclassified, so the recorded epoch
 * loss times the number of samples is the number of updates in that epoch. It reaches 0 if and
 * only if the data is linearly separable and enough epochs are run:
 *
 * <pre>{@code
 * Perceptron p = new Perceptron(2);                           // w = 0, b = 0
 * double[] errorRate = p.fit(DataLoader.of(data, 1),          // in order, one sample per step
 *     new SGD(p.parameters(), 0.1), 10).losses();             // updates = errorRate[e] * n
 * }</pre>
 *
 * Weight {@code [1, d]}, bias {@code [1]} ({@code layers.0.weight}, {@code layers.0.bias}),
 * FLOAT64.
 */
public final class Perceptron extends Network {
  /**
   * The course's perceptron: weights and bias start at zero.
   *
   * @param numFeatures d
   * @throws IllegalArgumentException if numFeatures is not positive
   */
  public Perceptron(int numFeatures) {
    super(Task.PERCEPTRON, List.of(new Linear(numFeatures, 1, true, Init.zeros(), Init.zeros(),
        null, DType.FLOAT64)));
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
