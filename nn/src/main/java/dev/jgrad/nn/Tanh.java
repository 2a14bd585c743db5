package dev.jgrad.nn;

import dev.jgrad.Tensor;

/** {@code tanh z} elementwise; derivative {@code 1 - tanh² z}. Any shape; no parameters. */
public final class Tanh extends Layer {
  /** The (parameter-free) activation module. */
  public Tanh() {}

  /** Applies the function elementwise; the output has the input's shape. */
  @Override
  public Tensor forward(Tensor input) {
    return input.tanh();
  }
}
