package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.Tensor;

/**
 * {@code z} for z > 0, else {@code slope·z}, elementwise; derivative 1 or {@code slope}. Any
 * shape; no parameters (saved as {@code {"type": "leaky_relu", "slope": slope}}).
 */
public final class LeakyReLU extends Layer {
  private final double slope;

  /** With PyTorch's default slope 0.01. */
  public LeakyReLU() {
    this(Activation.LEAKY_SLOPE);
  }

  /**
   * With the given negative slope.
   *
   * @param slope the derivative for negative inputs
   * @throws IllegalArgumentException if the slope is not finite
   */
  public LeakyReLU(double slope) {
    checkArgument(Double.isFinite(slope), "leaky_relu: slope must be finite, got %s", slope);
    this.slope = slope;
  }

  /**
   * The negative slope.
   *
   * @return the slope
   */
  public double slope() {
    return slope;
  }

  /**
   * Applies the function elementwise.
   *
   * @param input any shape
   * @return the values, of the input's shape
   */
  @Override
  public Tensor forward(Tensor input) {
    return input.leakyRelu(slope);
  }

  @Override
  protected String extraRepr() {
    return "slope=" + slope;
  }
}
