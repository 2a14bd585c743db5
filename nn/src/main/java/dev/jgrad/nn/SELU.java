package dev.jgrad.nn;

import dev.jgrad.Tensor;

/**
 * The scaled exponential linear unit (Klambauer et al. 2017), elementwise:
 * {@code λ·z} for {@code z > 0}, else {@code λ·α·(e^z - 1)}, with
 * {@code α = 1.6732632423543772} and {@code λ = 1.0507009873554805} (PyTorch's constants), i.e.
 * {@code λ·elu_α(z)} ({@link Tensor#selu()}). Any shape; no parameters (saved as
 * {@code {"type": "selu"}}).
 */
public final class SELU extends Layer {
  /** The negative-part scale α. */
  public static final double ALPHA = 1.6732632423543772848170429916717;
  /** The overall scale λ. */
  public static final double SCALE = 1.0507009873554804934193349852946;

  /** The (parameter-free) activation layer. */
  public SELU() {}

  /**
   * Applies the function elementwise.
   *
   * @param input any shape
   * @return the values, of the input's shape
   */
  @Override
  public Tensor forward(Tensor input) {
    return input.selu();
  }
}
