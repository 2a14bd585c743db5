package dev.jgrad.nn.models;

import dev.jgrad.DType;
import dev.jgrad.nn.Activation;
import dev.jgrad.nn.Init;
import dev.jgrad.nn.Linear;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A network with one hidden layer (the course's "shallow network"):
 * {@code Z1 = X·W1ᵀ + b1}, {@code A1 = g1(Z1)}, {@code Z2 = A1·W2ᵀ + b2}, the output read by
 * the task (σ for BINARY, softmax for MULTICLASS, ...). {@code W1 [h, d]}, {@code W2 [out, h]}.
 * Backprop through it is the course's {@code dZ2 = A2 - Y}, {@code dW2 = (1/m) dZ2ᵀ·A1},
 * {@code dZ1 = (dZ2·W2) * g1'(Z1)}, {@code dW1 = (1/m) dZ1ᵀ·X} (transposed from the course's
 * column layout), computed here by autodiff.
 */
public final class ShallowNetwork extends Network {
  /**
   * The course's setup: weights {@link Init#smallRandom()} (N(0,1)·0.01), biases zero.
   *
   * @param numFeatures d
   * @param hidden h, the hidden units
   * @param outputs the output units
   * @param hiddenActivation g1
   * @param task what the output means
   * @param rng draws W1 then W2
   * @param dtype the parameters' dtype
   * @throws IllegalArgumentException for a non-positive size or output units that do not fit
   *     the task
   */
  public ShallowNetwork(int numFeatures, int hidden, int outputs, Activation hiddenActivation,
      Task task, RandomGenerator rng, DType dtype) {
    this(numFeatures, hidden, outputs, hiddenActivation, task, Init.smallRandom(), rng, dtype);
  }

  /**
   * With both weight matrices from {@code init} (biases zero).
   *
   * @param numFeatures d
   * @param hidden h, the hidden units
   * @param outputs the output units
   * @param hiddenActivation g1
   * @param task what the output means
   * @param init makes W1 and W2
   * @param rng draws W1 then W2 (may be null for deterministic initializers)
   * @param dtype the parameters' dtype
   * @throws IllegalArgumentException for a non-positive size or output units that do not fit
   *     the task
   */
  public ShallowNetwork(int numFeatures, int hidden, int outputs, Activation hiddenActivation,
      Task task, Init init, RandomGenerator rng, DType dtype) {
    super(task, List.of(new Linear(numFeatures, hidden, init, rng, dtype),
        hiddenActivation.layer(), new Linear(hidden, outputs, init, rng, dtype)));
  }

  /**
   * The hidden layer.
   *
   * @return {@code layers.0}: W1 {@code [h, d]}, b1 {@code [h]}
   */
  public Linear hiddenLayer() {
    return (Linear) get(0);
  }

  /**
   * The output layer.
   *
   * @return {@code layers.2}: W2 {@code [out, h]}, b2 {@code [out]}
   */
  public Linear outputLayer() {
    return (Linear) get(2);
  }
}
