package dev.jgrad.nn;

import dev.jgrad.Tensor;

/**
 * {@code z}: the linear unit (a regression head, Adaline's activation); derivative 1. Returns its
 * input itself. Any shape; no parameters (saved as {@code {"type": "identity"}}).
 */
public final class Identity extends Layer {
  /** The (parameter-free) activation layer. */
  public Identity() {}

  /**
   * Applies the function elementwise.
   *
   * @param input any shape
   * @return the values, of the input's shape
   */
  @Override
  public Tensor forward(Tensor input) {
    return input;
  }
}
