package dev.jgrad.nn;

import dev.jgrad.Tensor;

/**
 * {@code z / (1 + |z|)} elementwise ({@link Tensor#softsign()}), in {@code (-1, 1)}; derivative
 * {@code 1 / (1 + |z|)²}, whose own derivative has a kink at 0. Any shape; no parameters (saved
 * as {@code {"type": "softsign"}}).
 */
public final class Softsign extends Layer {
  /** The (parameter-free) activation layer. */
  public Softsign() {}

  /**
   * Applies the function elementwise.
   *
   * @param input any shape
   * @return the values, of the input's shape
   */
  @Override
  public Tensor forward(Tensor input) {
    return input.softsign();
  }
}
