package dev.jgrad.nn;

import dev.jgrad.Tensor;

/**
 * {@code z}: the linear unit (a regression head, Adaline's activation); derivative 1. Any shape;
 * no parameters.
 */
public final class Identity extends Layer {
  /** The (parameter-free) activation module. */
  public Identity() {}

  /** Applies the function elementwise; the output has the input's shape. */
  @Override
  public Tensor forward(Tensor input) {
    return input;
  }
}
