package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.DType;
import dev.jgrad.Tensor;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * A convolution over the trailing {@code d} (spatial) axes of {@code [N, C_in, s1, ..., sd]},
 * as PyTorch's {@code nn.Conv1d}/{@code 2d} (strictly a cross-correlation); the common part of
 * {@link Conv1d} and {@link Conv2d}, which fix {@code d}.
 *
 * <p>With kernel {@code k}, stride {@code s}, zero padding {@code p} and dilation {@code dil}
 * per axis, and {@code G} groups (input channel {@code c} belongs to group {@code c / (C_in/G)},
 * output channel {@code o} to group {@code o / (C_out/G)}):
 * {@code y[n, o, i] = bias[o] + Σ_{c in o's group} Σ_j weight[o, c mod (C_in/G), j] ·
 * xp[n, c, i·s + j·dil]}, where {@code xp} is the input zero-padded by {@code p} on both sides of
 * each axis and {@code i}, {@code j} are multi-indices over the output and the kernel. Output
 * size per axis: {@code floor((n + 2p - dil·(k - 1) - 1) / s) + 1}.
 *
 * <p>Parameters {@code weight} {@code [C_out, C_in/G, k1, ..., kd]} and {@code bias}
 * {@code [C_out]}, by default both {@code U(-1/sqrt(fanIn), 1/sqrt(fanIn))} with
 * {@code fanIn = C_in/G · k1·...·kd} (PyTorch's default: Kaiming uniform with {@code a = sqrt 5}).
 *
 * <p>Computed as windows ({@code pad} and one {@code indexSelect}, "im2col") times the weight
 * ({@code matmul}), all differentiable core ops, so gradients of any order follow.
 */
public abstract class Convolution extends Layer {
  private final String op;
  private final int in;
  private final int out;
  private final int[] kernel;
  private final int[] stride;
  private final int[] padding;
  private final int[] dilation;
  private final int groups;
  private final Parameter weight;
  private final Parameter bias; // null without bias

  Convolution(String op, int sd, int in, int out, int[] kernel, int[] stride, int[] padding,
      int[] dilation, int groups, boolean bias, Init weightInit, Init biasInit,
      RandomGenerator rng, DType dtype) {
    checkArgument(in > 0 && out > 0,
        "%s: channels must be positive, got in=%s, out=%s", op, in, out);
    checkArgument(groups > 0, "%s: groups must be positive, got %s", op, groups);
    checkArgument(in % groups == 0 && out % groups == 0, "%s: in channels %s and out channels %s "
        + "must both be divisible by groups %s", op, in, out, groups);
    checkArgument(dtype != null && dtype.isFloatingPoint(),
        "%s: the parameters' dtype must be floating point, got %s", op, dtype);
    this.op = op;
    this.in = in;
    this.out = out;
    this.kernel = Windows.check(op, "kernel size", kernel, sd, 1);
    this.stride = Windows.check(op, "stride", stride, sd, 1);
    this.padding = Windows.check(op, "padding", padding, sd, 0);
    this.dilation = Windows.check(op, "dilation", dilation, sd, 1);
    this.groups = groups;
    int fanIn = in / groups;
    for (int k : kernel) {
      fanIn *= k;
    }
    double bound = 1 / Math.sqrt(fanIn);
    int[] wShape = new int[2 + sd];
    wShape[0] = out;
    wShape[1] = in / groups;
    System.arraycopy(kernel, 0, wShape, 2, sd);
    Tensor w = (weightInit != null ? weightInit : Init.uniform(-bound, bound))
        .create(rng, dtype, wShape);
    checkArgument(Arrays.equals(w.shape().dims(), wShape) && w.dtype() == dtype,
        "%s: the weight initializer made %s %s, expected %s %s", op, w.shape(), w.dtype(),
        Arrays.toString(wShape), dtype);
    this.weight = registerParameter("weight", w);
    if (bias) {
      Tensor b = (biasInit != null ? biasInit : Init.uniform(-bound, bound)).create(rng, dtype,
          out);
      checkArgument(Arrays.equals(b.shape().dims(), new int[] {out}) && b.dtype() == dtype,
          "%s: the bias initializer made %s %s, expected [%s] %s", op, b.shape(), b.dtype(), out,
          dtype);
      this.bias = registerParameter("bias", b);
    } else {
      this.bias = null;
    }
  }

  /** The input layout for error messages, e.g. {@code [N, C, H, W]}. */
  abstract String layout();

  /**
   * Convolves the input (see the class comment for the formula).
   *
   * @param input {@code [N, C_in, s1, ..., sd]}, floating point
   * @return {@code [N, C_out, o1, ..., od]}
   * @throws IllegalArgumentException if the rank or the channel count does not fit, or the
   *     padded input is smaller than the dilated kernel, e.g. {@code conv2d: input has 4
   *     channels (shape [1, 4, 5, 5]) but the layer takes 3}
   */
  @Override
  public Tensor forward(Tensor input) {
    int sd = kernel.length;
    Windows.checkInput(op, input, sd, layout());
    checkArgument(input.size(1) == in, "%s: input has %s channels (shape %s) but the layer "
        + "takes %s", op, input.size(1), input.shape(), in);
    Tensor cols = Windows.extract(op, input, kernel, stride, padding, dilation, 0);
    int n = input.size(0);
    int k = cols.size(2);
    int positions = 1;
    int[] yShape = new int[2 + sd];
    yShape[0] = n;
    yShape[1] = out;
    for (int a = 0; a < sd; a++) {
      positions *= cols.size(3 + a);
      yShape[2 + a] = cols.size(3 + a);
    }
    int cg = in / groups;
    // [N, G, C_in/G · K, L]: per group, the rows (c, j) match the weight's [c, k1, ..., kd].
    Tensor x = cols.reshape(n, groups, cg * k, positions);
    Tensor w = weight.value().reshape(groups, out / groups, cg * k);
    Tensor y = w.matmul(x).reshape(yShape); // [N, G, C_out/G, L]
    if (bias != null) {
      int[] bShape = new int[1 + sd];
      Arrays.fill(bShape, 1);
      bShape[0] = out;
      y = y.add(bias.value().reshape(bShape));
    }
    return y;
  }

  /**
   * Input channels.
   *
   * @return C_in
   */
  public int inChannels() {
    return in;
  }

  /**
   * Output channels.
   *
   * @return C_out
   */
  public int outChannels() {
    return out;
  }

  /**
   * The kernel size per spatial axis.
   *
   * @return a copy
   */
  public int[] kernelSize() {
    return kernel.clone();
  }

  /**
   * The stride per spatial axis.
   *
   * @return a copy
   */
  public int[] stride() {
    return stride.clone();
  }

  /**
   * The zero padding on each side, per spatial axis.
   *
   * @return a copy
   */
  public int[] padding() {
    return padding.clone();
  }

  /**
   * The dilation per spatial axis.
   *
   * @return a copy
   */
  public int[] dilation() {
    return dilation.clone();
  }

  /**
   * The number of channel groups.
   *
   * @return G
   */
  public int groups() {
    return groups;
  }

  /**
   * Whether a bias is added.
   *
   * @return true with a bias
   */
  public boolean hasBias() {
    return bias != null;
  }

  @Override
  protected String extraRepr() {
    return "in=" + in + ", out=" + out + ", kernel=" + Arrays.toString(kernel) + ", stride="
        + Arrays.toString(stride) + ", padding=" + Arrays.toString(padding) + ", dilation="
        + Arrays.toString(dilation) + ", groups=" + groups + ", bias=" + (bias != null);
  }
}
