package dev.jgrad.nn;

import dev.jgrad.Tensor;

/**
 * The Gaussian error linear unit in its tanh approximation (PyTorch's
 * {@code nn.GELU(approximate="tanh")}), elementwise:
 * {@code gelu(z) = z/2 · (1 + tanh(sqrt(2/π) · (z + 0.044715 z³)))}, within about 5e-4 of the
 * exact {@code z·Φ(z)}. Smooth everywhere. Any shape; no parameters (saved as
 * {@code {"type": "gelu", "approximate": "tanh"}}).
 *
 * <p>The exact form {@code z·Φ(z)} (PyTorch's default {@code nn.GELU()}) needs {@code erf},
 * which core does not have yet; that is why the approximation is named at construction.
 */
public final class GELU extends Layer {
  private static final double SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

  private GELU() {}

  /**
   * GELU by the tanh approximation.
   *
   * @return a new layer
   */
  public static GELU tanhApproximation() {
    return new GELU();
  }

  /**
   * Applies the function elementwise.
   *
   * @param input any shape
   * @return the values, of the input's shape
   */
  @Override
  public Tensor forward(Tensor input) {
    Tensor inner = input.add(input.pow(3).mul(0.044715)).mul(SQRT_2_OVER_PI);
    return input.mul(0.5).mul(inner.tanh().add(1));
  }

  @Override
  protected String extraRepr() {
    return "approximate=tanh";
  }
}
