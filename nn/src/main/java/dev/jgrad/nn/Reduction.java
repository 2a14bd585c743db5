package dev.jgrad.nn;

import dev.jgrad.Tensor;

/**
 * How a loss combines its per-element (or per-sample) terms {@code l_i} into what is returned.
 */
public enum Reduction {
  /** {@code (1/n) Σ l_i}, a 0-d tensor (the default). */
  MEAN,
  /** {@code Σ l_i}, a 0-d tensor. */
  SUM,
  /** The terms {@code l_i} themselves, unreduced. */
  NONE;

  /** Applies this reduction to the terms. */
  public Tensor apply(Tensor terms) {
    switch (this) {
      case MEAN:
        return terms.mean();
      case SUM:
        return terms.sum();
      default:
        return terms;
    }
  }
}
