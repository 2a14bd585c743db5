package dev.jgrad;

/**
 * The activation {@code f} a fused linear layer ({@link Tensor#linear}) applies to
 * {@code z = x·Wᵀ + b}, with its derivative written in terms of the output {@code y = f(z)}
 * (which is what backward keeps).
 */
public enum LinearActivation {
  /** {@code y = z}; {@code f' = 1}. */
  NONE,
  /** {@code y = max(z, 0)}; {@code f' = 1} where {@code y > 0}, else 0. */
  RELU,
  /** {@code y = tanh z}; {@code f' = 1 - y²}. */
  TANH,
  /** {@code y = 1 / (1 + e^-z)}; {@code f' = y·(1 - y)}. */
  SIGMOID
}
