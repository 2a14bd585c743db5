package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.DType;
import dev.jgrad.Tensor;
import java.util.Arrays;

/**
 * Layer normalization (Ba et al. 2016), as PyTorch's {@code nn.LayerNorm}: each sample is
 * standardized over its last {@code k} axes, whose sizes are the normalized shape
 * {@code [d1, ..., dk]}, then scaled and shifted elementwise:
 * {@code y = (x - E[x]) / sqrt(Var[x] + eps) · weight + bias}, with the mean and the biased
 * variance taken over those axes. Input {@code [..., d1, ..., dk]}, output the same shape.
 * Parameters {@code weight} (ones) and {@code bias} (zeros), each of the normalized shape. The
 * statistics are the sample's own, so training and evaluation mode behave the same.
 */
public final class LayerNorm extends Layer {
  private final int[] shape;
  private final double eps;
  private final Parameter weight; // null without elementwise affine
  private final Parameter bias; // null without affine or bias

  /**
   * Over the given trailing shape, with eps {@code 1e-5}, weight and bias, in FLOAT32.
   *
   * @param normalizedShape the sizes of the last axes, e.g. {@code 512} for features
   * @throws IllegalArgumentException if the shape is empty or has a non-positive size
   */
  public LayerNorm(int... normalizedShape) {
    this(normalizedShape, 1e-5, true, true, DType.FLOAT32);
  }

  /**
   * Over the given trailing shape.
   *
   * @param normalizedShape the sizes of the last axes
   * @param eps added to the variance, {@code > 0}
   * @param elementwiseAffine whether to learn {@code weight} (and {@code bias})
   * @param bias whether to learn {@code bias} (only with elementwise affine)
   * @param dtype the parameters' dtype
   * @throws IllegalArgumentException if the shape is empty, has a non-positive size or more than
   *     2^31 - 1 elements, or eps is not finite and positive
   */
  public LayerNorm(int[] normalizedShape, double eps, boolean elementwiseAffine, boolean bias,
      DType dtype) {
    checkArgument(normalizedShape != null && normalizedShape.length > 0,
        "layer_norm: the normalized shape is empty");
    long n = 1;
    for (int d : normalizedShape) {
      checkArgument(d > 0, "layer_norm: the normalized shape %s has a non-positive size",
          Arrays.toString(normalizedShape));
      n *= d;
      checkArgument(n <= Integer.MAX_VALUE, "layer_norm: the normalized shape %s has more than "
          + "2^31 - 1 elements", Arrays.toString(normalizedShape));
    }
    this.shape = normalizedShape.clone();
    this.eps = Normalize.checkEps("layer_norm", eps);
    this.weight = elementwiseAffine
        ? registerParameter("weight", Tensor.ones(dtype, shape)) : null;
    this.bias = elementwiseAffine && bias
        ? registerParameter("bias", Tensor.zeros(dtype, shape)) : null;
  }

  /**
   * Standardizes over the trailing axes, then applies weight and bias.
   *
   * @param input {@code [..., d1, ..., dk]}
   * @return the same shape
   * @throws IllegalArgumentException if the input's shape does not end with the normalized
   *     shape, e.g. {@code layer_norm: input shape [2, 5] does not end with the normalized shape
   *     [4]}
   */
  @Override
  public Tensor forward(Tensor input) {
    int r = input.rank();
    int k = shape.length;
    boolean fits = r >= k;
    for (int i = 0; fits && i < k; i++) {
      fits = input.size(r - k + i) == shape[i];
    }
    checkArgument(fits, "layer_norm: input shape %s does not end with the normalized shape %s",
        input.shape(), Arrays.toString(shape));
    int[] axes = new int[k];
    for (int i = 0; i < k; i++) {
      axes[i] = r - k + i;
    }
    Tensor y = Normalize.standardize(input, axes, eps);
    if (weight != null) {
      y = y.mul(weight.value());
    }
    return bias != null ? y.add(bias.value()) : y;
  }

  /**
   * The normalized (trailing) shape.
   *
   * @return a copy
   */
  public int[] normalizedShape() {
    return shape.clone();
  }

  /**
   * The constant added to the variance.
   *
   * @return eps
   */
  public double eps() {
    return eps;
  }

  /**
   * Whether {@code weight} is learned.
   *
   * @return true with elementwise affine
   */
  public boolean elementwiseAffine() {
    return weight != null;
  }

  /**
   * Whether {@code bias} is learned.
   *
   * @return true with a bias
   */
  public boolean hasBias() {
    return bias != null;
  }

  @Override
  protected String extraRepr() {
    return "shape=" + Arrays.toString(shape) + ", eps=" + eps + ", affine=" + (weight != null)
        + ", bias=" + (bias != null);
  }
}
