package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.Tensor;

/**
 * Softplus as PyTorch's {@code nn.Softplus(beta, threshold)}, elementwise
 * ({@link Tensor#softplus(double, double)}):
 * {@code (1/β)·log(1 + e^(β·z))}, and {@code z} itself where {@code β·z > threshold} (where the
 * two differ by less than {@code e^-threshold / β}); derivative {@code σ(β·z)}, or 1. The log is
 * computed stably for any {@code z}. Any shape; no parameters (saved as
 * {@code {"type": "softplus", "beta": β, "threshold": t}}).
 */
public final class Softplus extends Layer {
  private final double beta;
  private final double threshold;

  /** With PyTorch's defaults {@code β = 1}, threshold 20. */
  public Softplus() {
    this(1, 20);
  }

  /**
   * With the given sharpness and linear threshold.
   *
   * @param beta the sharpness {@code β > 0} (larger is closer to ReLU)
   * @param threshold above which {@code β·z} the output is {@code z}
   * @throws IllegalArgumentException if beta is not finite and positive or threshold not finite
   */
  public Softplus(double beta, double threshold) {
    checkArgument(beta > 0 && Double.isFinite(beta), "softplus: beta must be finite and > 0, "
        + "got %s", beta);
    checkArgument(Double.isFinite(threshold), "softplus: threshold must be finite, got %s",
        threshold);
    this.beta = beta;
    this.threshold = threshold;
  }

  /**
   * The sharpness.
   *
   * @return β
   */
  public double beta() {
    return beta;
  }

  /**
   * The linear threshold on {@code β·z}.
   *
   * @return the threshold
   */
  public double threshold() {
    return threshold;
  }

  /**
   * Applies the function elementwise.
   *
   * @param input any shape
   * @return the values, of the input's shape
   */
  @Override
  public Tensor forward(Tensor input) {
    return input.softplus(beta, threshold);
  }

  @Override
  protected String extraRepr() {
    return "beta=" + beta + ", threshold=" + threshold;
  }
}
