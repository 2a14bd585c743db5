package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.Tensor;

/**
 * The Gaussian error linear unit as PyTorch's {@code nn.GELU(approximate)}, elementwise: exact,
 * {@code gelu(z) = z·Φ(z)} with Φ the standard normal CDF ({@link Tensor#gelu()}, through erfc),
 * or in the tanh approximation {@code z/2 · (1 + tanh(√(2/π) · (z + 0.044715 z³)))}, within
 * about 5e-4 of the exact form ({@link Tensor#geluTanh()}). Smooth everywhere. Any shape; no
 * parameters (saved as {@code {"type": "gelu", "approximate": "none"}} or {@code "tanh"}).
 */
public final class GELU extends Layer {
  private final boolean tanh;

  /** The exact form {@code z·Φ(z)} (PyTorch's default, {@code approximate="none"}). */
  public GELU() {
    this("none");
  }

  /**
   * The exact form or the tanh approximation, by PyTorch's name for it.
   *
   * @param approximate {@code "none"} (exact) or {@code "tanh"}
   * @throws IllegalArgumentException for any other value
   */
  public GELU(String approximate) {
    checkArgument("none".equals(approximate) || "tanh".equals(approximate),
        "gelu: approximate must be \"none\" or \"tanh\", got %s", approximate);
    this.tanh = approximate.equals("tanh");
  }

  /**
   * GELU by the tanh approximation, {@code new GELU("tanh")}.
   *
   * @return a new layer
   */
  public static GELU tanhApproximation() {
    return new GELU("tanh");
  }

  /**
   * Which form this layer computes.
   *
   * @return {@code "none"} (exact) or {@code "tanh"}
   */
  public String approximate() {
    return tanh ? "tanh" : "none";
  }

  /**
   * Applies the function elementwise.
   *
   * @param input any shape
   * @return the values, of the input's shape
   */
  @Override
  public Tensor forward(Tensor input) {
    return tanh ? input.geluTanh() : input.gelu();
  }

  @Override
  protected String extraRepr() {
    return "approximate=" + approximate();
  }
}
