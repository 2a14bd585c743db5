package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.DType;
import dev.jgrad.Tensor;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * A parameter initializer: makes a fresh tensor of a shape from an explicit random generator, so
 * the same seed gives the same parameters. Values are drawn in row-major order.
 *
 * <p><b>Fan conventions.</b> A weight has shape {@code [units out, units in, k...]} (a
 * {@link Linear} weight is {@code [out, in]}); with the receptive field {@code r = k1·k2·...}
 * (1 for a dense layer): {@code fanIn = in·r} and {@code fanOut = out·r}, as PyTorch's
 * {@code _calculate_fan_in_and_fan_out}. Xavier/Glorot and He/Kaiming need a weight of rank
 * {@code >= 2}; use {@link #zeros()} or {@link #constant} for biases.
 *
 * <table>
 *   <caption>Formulas</caption>
 *   <tr><th>initializer</th><th>distribution</th></tr>
 *   <tr><td>{@link #smallRandom()}</td><td>{@code N(0, 1) · 0.01} (the course's
 *       {@code np.random.randn(out, in) * 0.01})</td></tr>
 *   <tr><td>{@link #xavierUniform(double)}</td><td>{@code U(-a, a)},
 *       {@code a = gain·sqrt(6 / (fanIn + fanOut))}</td></tr>
 *   <tr><td>{@link #xavierNormal(double)}</td><td>{@code N(0, s²)},
 *       {@code s = gain·sqrt(2 / (fanIn + fanOut))}</td></tr>
 *   <tr><td>{@link #heUniform(FanMode, double)}</td><td>{@code U(-b, b)},
 *       {@code b = gain·sqrt(3 / fan)}; with the ReLU gain {@code sqrt 2}: {@code sqrt(6 / fan)}
 *       </td></tr>
 *   <tr><td>{@link #heNormal(FanMode, double)}</td><td>{@code N(0, s²)}, {@code s = gain / sqrt(fan)};
 *       with the ReLU gain: {@code sqrt(2 / fanIn)} (the course's
 *       {@code randn(out, in) * sqrt(2 / in)})</td></tr>
 *   <tr><td>{@link #lecunNormal()}</td><td>{@code N(0, 1 / fanIn)} (the course's "Xavier"
 *       variant {@code randn(out, in) * sqrt(1 / in)})</td></tr>
 * </table>
 *
 * <p>Gains per activation are {@link Activation#gain()} (PyTorch's {@code calculate_gain}).
 */
@FunctionalInterface
public interface Init {

  /**
   * A new tensor of the given dtype and shape (not requiring grad).
   *
   * @param rng the source of randomness, advanced by the number of values drawn; may be null
   *     for deterministic initializers ({@link #zeros()}, {@link #constant})
   * @param dtype the tensor's dtype
   * @param shape its shape
   * @return a new leaf tensor
   * @throws IllegalArgumentException if the shape does not suit the initializer
   */
  Tensor create(RandomGenerator rng, DType dtype, int... shape);

  /** Which fan scales He/Kaiming initialization. */
  enum FanMode {
    /** Preserves the variance of activations in the forward pass (the default). */
    FAN_IN,
    /** Preserves the variance of gradients in the backward pass. */
    FAN_OUT
  }

  /**
   * All zeros (biases; for weights it leaves every unit of a layer identical).
   *
   * @return the initializer
   */
  static Init zeros() {
    return (rng, dtype, shape) -> Tensor.zeros(dtype, shape);
  }

  /**
   * Every value equal to {@code value}.
   *
   * @param value the value of every element
   * @return the initializer
   */
  static Init constant(double value) {
    return (rng, dtype, shape) -> Tensor.full(dtype, value, shape);
  }

  /**
   * {@code N(0, 1) · 0.01}, the course's small random weights.
   *
   * @return the initializer
   */
  static Init smallRandom() {
    return normal(0, 0.01);
  }

  /**
   * {@code N(mean, std²)}.
   *
   * @param mean the mean
   * @param std the standard deviation, {@code >= 0}
   * @return the initializer
   */
  static Init normal(double mean, double std) {
    checkArgument(std >= 0 && Double.isFinite(std), "init: std must be finite and >= 0, got %s",
        std);
    return (rng, dtype, shape) -> Tensor.normal(need(rng, "normal"), dtype, mean, std, shape);
  }

  /**
   * {@code U(low, high)}.
   *
   * @param low the lower bound
   * @param high the upper bound, {@code >= low}
   * @return the initializer
   */
  static Init uniform(double low, double high) {
    checkArgument(low <= high, "init: low %s is greater than high %s", low, high);
    return (rng, dtype, shape) -> Tensor.uniform(need(rng, "uniform"), dtype, low, high, shape);
  }

  /**
   * Xavier/Glorot uniform with gain 1: {@code U(-a, a)}, {@code a = sqrt(6/(fanIn+fanOut))}.
   *
   * @return the initializer
   */
  static Init xavierUniform() {
    return xavierUniform(1.0);
  }

  /**
   * Xavier/Glorot uniform: {@code U(-a, a)}, {@code a = gain·sqrt(6 / (fanIn + fanOut))}.
   *
   * @param gain the scale for the activation ({@link Activation#gain()})
   * @return the initializer
   */
  static Init xavierUniform(double gain) {
    return (rng, dtype, shape) -> {
      double a = gain * Math.sqrt(6.0 / (fanIn(shape) + fanOut(shape)));
      return Tensor.uniform(need(rng, "xavier_uniform"), dtype, -a, a, shape);
    };
  }

  /**
   * Xavier/Glorot normal with gain 1: {@code N(0, 2 / (fanIn + fanOut))}.
   *
   * @return the initializer
   */
  static Init xavierNormal() {
    return xavierNormal(1.0);
  }

  /**
   * Xavier/Glorot normal: {@code N(0, s²)}, {@code s = gain·sqrt(2 / (fanIn + fanOut))}.
   *
   * @param gain the scale for the activation ({@link Activation#gain()})
   * @return the initializer
   */
  static Init xavierNormal(double gain) {
    return (rng, dtype, shape) -> {
      double s = gain * Math.sqrt(2.0 / (fanIn(shape) + fanOut(shape)));
      return Tensor.normal(need(rng, "xavier_normal"), dtype, 0, s, shape);
    };
  }

  /**
   * He/Kaiming uniform for ReLU (fan-in, gain sqrt 2): {@code U(-b, b)}, {@code b = sqrt(6 /
   * fanIn)}.
   *
   * @return the initializer
   */
  static Init heUniform() {
    return heUniform(FanMode.FAN_IN, Math.sqrt(2.0));
  }

  /**
   * He/Kaiming uniform: {@code U(-b, b)}, {@code b = gain·sqrt(3 / fan)}.
   *
   * @param mode which fan
   * @param gain the scale for the activation ({@link Activation#gain()})
   * @return the initializer
   */
  static Init heUniform(FanMode mode, double gain) {
    return (rng, dtype, shape) -> {
      double b = gain * Math.sqrt(3.0 / fan(mode, shape));
      return Tensor.uniform(need(rng, "he_uniform"), dtype, -b, b, shape);
    };
  }

  /**
   * He/Kaiming normal for ReLU (fan-in, gain sqrt 2): {@code N(0, 2 / fanIn)}.
   *
   * @return the initializer
   */
  static Init heNormal() {
    return heNormal(FanMode.FAN_IN, Math.sqrt(2.0));
  }

  /**
   * He/Kaiming normal: {@code N(0, s²)}, {@code s = gain / sqrt(fan)}.
   *
   * @param mode which fan
   * @param gain the scale for the activation ({@link Activation#gain()})
   * @return the initializer
   */
  static Init heNormal(FanMode mode, double gain) {
    return (rng, dtype, shape) -> {
      double s = gain / Math.sqrt(fan(mode, shape));
      return Tensor.normal(need(rng, "he_normal"), dtype, 0, s, shape);
    };
  }

  /**
   * LeCun normal: {@code N(0, 1 / fanIn)}.
   *
   * @return the initializer
   */
  static Init lecunNormal() {
    return heNormal(FanMode.FAN_IN, 1.0);
  }

  /**
   * Fan-in of a weight shape {@code [out, in, k...]}: {@code in · k1 · k2 ...}.
   *
   * @param shape the weight shape
   * @return the fan-in
   * @throws IllegalArgumentException for a shape of rank {@code < 2}
   */
  static int fanIn(int... shape) {
    checkFanShape(shape);
    return shape[1] * receptiveField(shape);
  }

  /**
   * Fan-out of a weight shape {@code [out, in, k...]}: {@code out · k1 · k2 ...}.
   *
   * @param shape the weight shape
   * @return the fan-out
   * @throws IllegalArgumentException for a shape of rank {@code < 2}
   */
  static int fanOut(int... shape) {
    checkFanShape(shape);
    return shape[0] * receptiveField(shape);
  }

  private static int fan(FanMode mode, int[] shape) {
    return mode == FanMode.FAN_IN ? fanIn(shape) : fanOut(shape);
  }

  private static int receptiveField(int[] shape) {
    int r = 1;
    for (int i = 2; i < shape.length; i++) {
      r *= shape[i];
    }
    return r;
  }

  private static void checkFanShape(int[] shape) {
    checkArgument(shape.length >= 2, "init: fan-in/fan-out need a weight of shape [out, in, ...] "
        + "(rank >= 2), got %s; initialize biases with zeros() or constant()",
        Arrays.toString(shape));
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    checkArgument(n > 0, "init: fan-in/fan-out of the empty shape %s are undefined",
        Arrays.toString(shape));
  }

  private static RandomGenerator need(RandomGenerator rng, String name) {
    checkArgument(rng != null, "init: %s needs a random generator, got null", name);
    return rng;
  }
}
