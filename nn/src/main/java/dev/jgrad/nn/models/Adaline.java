package dev.jgrad.nn.models;

import dev.jgrad.DType;
import dev.jgrad.Tensor;
import dev.jgrad.nn.Init;
import dev.jgrad.nn.Linear;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * ADAptive LInear NEuron (Widrow and Hoff): net input {@code z = x·wᵀ + b} with the identity as
 * activation, trained by gradient descent on half the sum of squared errors,
 * {@code J = ½ Σ_i (y_i - z_i)²} ({@link Task#ADALINE}), whose gradient (computed by
 * {@code backward()}) gives the Widrow-Hoff rule {@code w ← w + η Σ_i (y_i - z_i)·x_i},
 * {@code b ← b + η Σ_i (y_i - z_i)}. Predictions are the unit step
 * {@code 1 if z >= 0 else -1}, so classification targets are -1 or 1.
 *
 * <p>It trains like every classic model, with {@link #fit}; the course's two variants are
 * the loader's batch size:
 *
 * <pre>{@code
 * Adaline a = new Adaline(2);                                // w = 0, b = 0
 * double[] cost = a.fit(DataLoader.of(data, data.size()),    // batch GD: one update per epoch
 *     new SGD(a.parameters(), 0.01), 10).losses();           // cost[e] = J before update e
 * Adaline s = new Adaline(2);                                // stochastic GD: one per sample
 * s.fit(DataLoader.of(data, 1).shuffle(1), new SGD(s.parameters(), 0.01), 15);
 * }</pre>
 *
 * From zero weights every {@code z} is 0, so on 100 targets of ±1 the first cost is exactly
 * {@code J = ½·100 = 50}. With batches of one sample the recorded epoch loss is the mean of the
 * samples' {@code J_i}.
 * Weight {@code [1, d]}, bias {@code [1]} ({@code layers.0.weight}, {@code layers.0.bias}).
 */
public final class Adaline extends Network {
  /**
   * The course's Adaline: weights and bias start at zero, FLOAT64.
   *
   * @param numFeatures d
   * @throws IllegalArgumentException if numFeatures is not positive
   */
  public Adaline(int numFeatures) {
    this(numFeatures, Init.zeros(), null, DType.FLOAT64);
  }

  /**
   * With weights from {@code init} (e.g. {@link Init#smallRandom()}, Raschka's
   * {@code N(0, 0.01²)}), bias zero.
   *
   * @param numFeatures d
   * @param init makes the {@code [1, d]} weight
   * @param rng draws it (may be null for deterministic initializers)
   * @param dtype the parameters' dtype
   * @throws IllegalArgumentException if numFeatures is not positive
   */
  public Adaline(int numFeatures, Init init, RandomGenerator rng, DType dtype) {
    super(Task.ADALINE, List.of(new Linear(numFeatures, 1, true, init, Init.zeros(), rng,
        dtype)));
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
