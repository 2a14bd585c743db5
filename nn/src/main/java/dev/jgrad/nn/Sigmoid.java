package dev.jgrad.nn;

import dev.jgrad.Tensor;

/**
 * {@code σ(z) = 1 / (1 + e^-z)} elementwise, computed without overflow for large {@code |z|};
 * derivative {@code σ(1 - σ)}. Any shape; no parameters (saved as {@code {"type": "sigmoid"}}).
 */
public final class Sigmoid extends Layer {
  /** The (parameter-free) activation layer. */
  public Sigmoid() {}

  /**
   * Applies the function elementwise.
   *
   * @param input any shape
   * @return the values, of the input's shape
   */
  @Override
  public Tensor forward(Tensor input) {
    return input.sigmoid();
  }
}
