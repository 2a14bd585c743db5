package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.DType;
import dev.jgrad.Tensor;
import java.util.random.RandomGenerator;

/**
 * A fully connected layer {@code y = x·Wᵀ + b}.
 *
 * <p>Shapes follow the course convention: the weight {@code W} is {@code [out, in]} (units out,
 * units in), the bias {@code b} is {@code [out]}, and a batch is rows: {@code x [batch, in] →
 * y [batch, out]}. A single sample {@code [in]} gives {@code [out]}, and extra leading axes
 * {@code [..., in]} are carried through. Parameters are named {@code weight} and {@code bias}.
 */
public final class Linear extends Layer {
  private final int in;
  private final int out;
  private final boolean hasBias;

  /**
   * A layer with Xavier/Glorot uniform weights (gain 1) and zero bias, in FLOAT32 (Keras'
   * defaults); see {@link #Linear(int, int, boolean, Init, Init, RandomGenerator, DType)}.
   */
  public Linear(int in, int out, RandomGenerator rng) {
    this(in, out, true, Init.xavierUniform(), Init.zeros(), rng, DType.FLOAT32);
  }

  /**
   * A layer with the given weight initializer, zero bias, and dtype.
   *
   * @param rng advanced by the weight's {@code out·in} draws
   */
  public Linear(int in, int out, Init weightInit, RandomGenerator rng, DType dtype) {
    this(in, out, true, weightInit, Init.zeros(), rng, dtype);
  }

  /**
   * A layer of {@code in → out} units.
   *
   * @param bias whether to add a bias
   * @param weightInit makes the {@code [out, in]} weight (drawn first)
   * @param biasInit makes the {@code [out]} bias (drawn second; ignored without bias)
   * @param rng source of randomness for the initializers (may be null for deterministic ones)
   * @throws IllegalArgumentException if {@code in} or {@code out} is not positive
   */
  public Linear(int in, int out, boolean bias, Init weightInit, Init biasInit,
      RandomGenerator rng, DType dtype) {
    checkArgument(in > 0 && out > 0, "linear: in and out must be positive, got in=%s, out=%s", in,
        out);
    this.in = in;
    this.out = out;
    this.hasBias = bias;
    registerParameter("weight", checkShape(weightInit.create(rng, dtype, out, in), dtype, out, in));
    if (bias) {
      registerParameter("bias", checkShape(biasInit.create(rng, dtype, out), dtype, out));
    }
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
    checkArgument(input.rank() >= 1 && input.size(-1) == in,
        "linear: input has %s features (shape %s) but the layer expects %s",
        input.rank() == 0 ? 0 : input.size(-1), input.shape(), in);
    // x Wᵀ without materializing Wᵀ (the GEMM reads W transposed in place).
    Tensor y = input.rank() >= 2 ? input.matmul(weight(), false, true)
        : input.matmul(weight().transpose());
    return hasBias ? y.add(bias()) : y;
  }

  /** The weight {@code [out, in]} (the live parameter). */
  public Tensor weight() {
    return parameter("weight");
  }

  /**
   * The bias {@code [out]} (the live parameter).
   *
   * @throws IllegalStateException if the layer has no bias
   */
  public Tensor bias() {
    if (!hasBias) {
      throw new IllegalStateException("linear: this layer was built without a bias");
    }
    return parameter("bias");
  }

  /** Whether the layer adds a bias. */
  public boolean hasBias() {
    return hasBias;
  }

  /** Number of input units (features). */
  public int inFeatures() {
    return in;
  }

  /** Number of output units. */
  public int outFeatures() {
    return out;
  }

  @Override
  protected String extraRepr() {
    return "in=" + in + ", out=" + out + ", bias=" + hasBias;
  }
}
