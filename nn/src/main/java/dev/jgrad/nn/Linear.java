package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.DType;
import dev.jgrad.LinearActivation;
import dev.jgrad.Tensor;
import java.util.random.RandomGenerator;

/**
 * A fully connected layer {@code y = x·Wᵀ + b}.
 *
 * <p>Shapes follow the course convention: the weight {@code W} is {@code [out, in]} (units out,
 * units in), the bias {@code b} is {@code [out]}, and a batch is rows: {@code x [batch, in] →
 * y [batch, out]}. A single sample {@code [in]} gives {@code [out]}, and extra leading axes
 * {@code [..., in]} are carried through. Parameters are named {@code weight} and {@code bias}.
 * The product, bias and (inside a {@link Sequential}) a following ReLU, Tanh or Sigmoid run as
 * core's fused {@link Tensor#linear} primitive.
 */
public final class Linear extends Layer {
  private final int in;
  private final int out;
  private final Parameter weight;
  private final Parameter bias; // null without bias

  /**
   * A layer with Xavier/Glorot uniform weights (gain 1) and zero bias, in FLOAT32 (Keras'
   * defaults); see {@link #Linear(int, int, boolean, Init, Init, RandomGenerator, DType)}.
   *
   * @param in input units
   * @param out output units
   * @param rng draws the weight
   * @throws IllegalArgumentException if {@code in} or {@code out} is not positive
   */
  public Linear(int in, int out, RandomGenerator rng) {
    this(in, out, true, Init.xavierUniform(), Init.zeros(), rng, DType.FLOAT32);
  }

  /**
   * A layer with the given weight initializer, zero bias, and dtype.
   *
   * @param in input units
   * @param out output units
   * @param weightInit makes the {@code [out, in]} weight
   * @param rng advanced by the weight's {@code out·in} draws
   * @param dtype the parameters' dtype
   * @throws IllegalArgumentException if {@code in} or {@code out} is not positive
   */
  public Linear(int in, int out, Init weightInit, RandomGenerator rng, DType dtype) {
    this(in, out, true, weightInit, Init.zeros(), rng, dtype);
  }

  /**
   * A layer of {@code in → out} units.
   *
   * @param in input units
   * @param out output units
   * @param bias whether to add a bias
   * @param weightInit makes the {@code [out, in]} weight (drawn first)
   * @param biasInit makes the {@code [out]} bias (drawn second; ignored without bias)
   * @param rng source of randomness for the initializers (may be null for deterministic ones)
   * @param dtype the parameters' dtype
   * @throws IllegalArgumentException if {@code in} or {@code out} is not positive, or an
   *     initializer returns the wrong shape or dtype
   */
  public Linear(int in, int out, boolean bias, Init weightInit, Init biasInit,
      RandomGenerator rng, DType dtype) {
    checkArgument(in > 0 && out > 0, "linear: in and out must be positive, got in=%s, out=%s", in,
        out);
    this.in = in;
    this.out = out;
    this.weight = registerParameter("weight",
        checkShape(weightInit.create(rng, dtype, out, in), dtype, out, in));
    this.bias = bias
        ? registerParameter("bias", checkShape(biasInit.create(rng, dtype, out), dtype, out))
        : null;
  }

  private static Tensor checkShape(Tensor t, DType dtype, int... shape) {
    checkArgument(t.shape().equals(dev.jgrad.Shape.of(shape)) && t.dtype() == dtype,
        "linear: initializer returned %s %s, expected %s %s", t.dtype(), t.shape(), dtype,
        java.util.Arrays.toString(shape));
    return t;
  }

  /**
   * {@code x·Wᵀ + b}: {@code [..., in] → [..., out]}.
   *
   * @throws IllegalArgumentException if the input's last axis is not {@code in}, e.g.
   *     {@code linear: input has 5 features (shape [10, 5]) but the layer expects 4}
   */
  @Override
  public Tensor forward(Tensor input) {
    return forward(input, LinearActivation.NONE);
  }

  /**
   * {@code f(x·Wᵀ + b)} as core's one fused primitive ({@link Tensor#linear}): one GEMM reading W
   * transposed in place, bias and activation in one pass over the output. {@link Sequential}
   * calls it for a Linear followed by a ReLU, Tanh or Sigmoid layer.
   *
   * @param input {@code [..., in]}
   * @param activation f
   * @return {@code [..., out]}
   * @throws IllegalArgumentException as {@link #forward(Tensor)}
   */
  Tensor forward(Tensor input, LinearActivation activation) {
    checkArgument(input.rank() >= 1 && input.size(-1) == in,
        "linear: input has %s features (shape %s) but the layer expects %s",
        input.rank() == 0 ? 0 : input.size(-1), input.shape(), in);
    return input.linear(weight.value(), bias == null ? null : bias.value(), activation);
  }

  /**
   * The weight {@code [out, in]}: the live parameter (its replacement inside
   * {@link Layer#functionalCall}).
   *
   * @return the weight's current value
   */
  public Tensor weight() {
    return weight.value();
  }

  /**
   * The bias {@code [out]}: the live parameter (its replacement inside
   * {@link Layer#functionalCall}).
   *
   * @return the bias's current value
   * @throws IllegalStateException if the layer has no bias
   */
  public Tensor bias() {
    if (bias == null) {
      throw new IllegalStateException("linear: this layer was built without a bias");
    }
    return bias.value();
  }

  /**
   * Whether the layer adds a bias.
   *
   * @return true with a bias
   */
  public boolean hasBias() {
    return bias != null;
  }

  /**
   * Number of input units (features).
   *
   * @return {@code in}
   */
  public int inFeatures() {
    return in;
  }

  /**
   * Number of output units.
   *
   * @return {@code out}
   */
  public int outFeatures() {
    return out;
  }

  @Override
  protected String extraRepr() {
    return "in=" + in + ", out=" + out + ", bias=" + hasBias();
  }
}
