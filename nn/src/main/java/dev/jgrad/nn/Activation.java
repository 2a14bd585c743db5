package dev.jgrad.nn;

import dev.jgrad.Tensor;

/**
 * The activation functions by name, for builders that take "sizes and activations"; each maps
 * to its layer ({@link #layer()}) and to its recommended initialization gain ({@link #gain()}).
 * All act elementwise except {@link #SOFTMAX}, which normalizes the last axis.
 */
public enum Activation {
  /** {@code σ(z) = 1 / (1 + e^-z)}; derivative {@code σ(1 - σ)}. */
  SIGMOID,
  /** {@code tanh z}; derivative {@code 1 - tanh² z}. */
  TANH,
  /** {@code max(z, 0)}; derivative 1 for z > 0, else 0. */
  RELU,
  /** {@code z} for z > 0, else {@code 0.01·z} (PyTorch's default slope). */
  LEAKY_RELU,
  /** {@code z} (a linear unit, e.g. a regression head or Adaline). */
  IDENTITY,
  /** {@code e^z_i / Σ_j e^z_j} over the last axis: class probabilities, for outputs only. */
  SOFTMAX;

  /** The slope of {@link #LEAKY_RELU} for negative inputs. */
  public static final double LEAKY_SLOPE = 0.01;

  /** Applies the function to {@code z} (differentiable). */
  public Tensor apply(Tensor z) {
    switch (this) {
      case SIGMOID:
        return z.sigmoid();
      case TANH:
        return z.tanh();
      case RELU:
        return z.relu();
      case LEAKY_RELU:
        return z.leakyRelu(LEAKY_SLOPE);
      case IDENTITY:
        return z;
      default:
        return z.softmax(-1);
    }
  }

  /** A new module computing this activation. */
  public Layer layer() {
    switch (this) {
      case SIGMOID:
        return new Sigmoid();
      case TANH:
        return new Tanh();
      case RELU:
        return new ReLU();
      case LEAKY_RELU:
        return new LeakyReLU(LEAKY_SLOPE);
      case IDENTITY:
        return new Identity();
      default:
        return new Softmax(-1);
    }
  }

  /**
   * The gain that keeps activation variance steady through a layer followed by this function,
   * as PyTorch's {@code calculate_gain}: sigmoid 1, tanh 5/3, ReLU {@code sqrt 2}, leaky ReLU
   * {@code sqrt(2 / (1 + slope²))}, identity and softmax 1.
   */
  public double gain() {
    switch (this) {
      case TANH:
        return 5.0 / 3.0;
      case RELU:
        return Math.sqrt(2.0);
      case LEAKY_RELU:
        return Math.sqrt(2.0 / (1 + LEAKY_SLOPE * LEAKY_SLOPE));
      default:
        return 1.0;
    }
  }

  /**
   * The usual initializer for a weight feeding this activation: He normal (fan-in, this gain)
   * for ReLU and leaky ReLU, Xavier uniform (this gain) otherwise.
   */
  public Init defaultInit() {
    return this == RELU || this == LEAKY_RELU ? Init.heNormal(Init.FanMode.FAN_IN, gain())
        : Init.xavierUniform(gain());
  }
}
