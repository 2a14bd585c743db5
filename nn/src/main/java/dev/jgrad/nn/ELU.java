package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.Tensor;

/**
 * The exponential linear unit ({@link Tensor#elu(double)}), elementwise: {@code z} for
 * {@code z > 0}, else {@code α·(e^z - 1)}; derivative 1, or {@code α·e^z}. Any shape; no
 * parameters (saved as {@code {"type": "elu", "alpha": α}}).
 *
 * <p>Computed as {@code relu(z) + α·expm1(min(z, 0))}, so large positive {@code z} never reaches
 * {@code exp} (no overflow, no NaN gradient).
 */
public final class ELU extends Layer {
  private final double alpha;

  /** With PyTorch's default {@code α = 1}. */
  public ELU() {
    this(1.0);
  }

  /**
   * With the given {@code α}, the value {@code -α} approached as {@code z → -∞}.
   *
   * @param alpha the scale of the negative part
   * @throws IllegalArgumentException if alpha is not finite
   */
  public ELU(double alpha) {
    checkArgument(Double.isFinite(alpha), "elu: alpha must be finite, got %s", alpha);
    this.alpha = alpha;
  }

  /**
   * The scale of the negative part.
   *
   * @return α
   */
  public double alpha() {
    return alpha;
  }

  /**
   * Applies the function elementwise.
   *
   * @param input any shape
   * @return the values, of the input's shape
   */
  @Override
  public Tensor forward(Tensor input) {
    return input.elu(alpha);
  }

  @Override
  protected String extraRepr() {
    return "alpha=" + alpha;
  }
}
