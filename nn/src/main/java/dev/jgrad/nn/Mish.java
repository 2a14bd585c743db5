package dev.jgrad.nn;

import dev.jgrad.Tensor;

/**
 * Mish {@code z·tanh(softplus(z))} elementwise ({@link Tensor#mish()}; softplus computed
 * stably, so any {@code z} is finite). Smooth everywhere. Any shape; no parameters (saved as
 * {@code {"type": "mish"}}).
 */
public final class Mish extends Layer {
  /** The (parameter-free) activation layer. */
  public Mish() {}

  /**
   * Applies the function elementwise.
   *
   * @param input any shape
   * @return the values, of the input's shape
   */
  @Override
  public Tensor forward(Tensor input) {
    return input.mish();
  }
}
