package dev.jgrad.nn;

import dev.jgrad.Tensor;

/**
 * How a loss combines its per-element (or per-sample) terms {@code l_i} into what is returned.
 * Losses with weights (class weights, an ignored label) define {@link #MEAN} as the weighted mean
 * {@code Σ l_i / Σ w_i} (as PyTorch); their Javadoc says so.
 */
public enum Reduction {
  /** {@code (1/n) Σ l_i} over all n terms, a 0-d tensor (the default). */
  MEAN,
  /** {@code Σ l_i}, a 0-d tensor. */
  SUM,
  /** The terms {@code l_i} themselves, unreduced. */
  NONE,
  /**
   * {@code Σ l_i / N} with N the size of the terms' first axis (the batch), a 0-d tensor:
   * PyTorch's {@code batchmean}, which makes {@link Losses#klDivergence} the mean KL divergence
   * per sample. The same as {@link #MEAN} for one term per sample.
   */
  BATCH_MEAN;

  /**
   * Applies this reduction to the terms.
   *
   * @param terms the per-element terms (for {@link #BATCH_MEAN}, a 0-d tensor counts as one
   *     sample)
   * @return the reduced loss, or the terms for {@link #NONE}
   */
  public Tensor apply(Tensor terms) {
    switch (this) {
      case MEAN:
        return terms.mean();
      case SUM:
        return terms.sum();
      case BATCH_MEAN:
        return terms.rank() == 0 ? terms : terms.sum().div(terms.size(0));
      default:
        return terms;
    }
  }
}
