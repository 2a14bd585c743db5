package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.Tensor;
import java.util.Arrays;

/**
 * Splits one axis into several, as PyTorch's {@code nn.Unflatten}: with axis 1 and sizes
 * {@code [C, H, W]}, {@code [N, C·H·W] → [N, C, H, W]}. A view of the input; the gradient is
 * reshaped back. No parameters (saved as {@code {"type": "unflatten", "axis": axis, "sizes":
 * [...]}}).
 */
public final class Unflatten extends Layer {
  private final int axis;
  private final int[] sizes;

  /**
   * Splits {@code axis} (negative counts from the end, checked against each input) into
   * {@code sizes}.
   *
   * @param axis the axis to split
   * @param sizes the new axes' sizes, each positive
   * @throws IllegalArgumentException if sizes is empty, has a non-positive entry, or its product
   *     exceeds 2^31 - 1
   */
  public Unflatten(int axis, int... sizes) {
    checkArgument(sizes != null && sizes.length > 0, "unflatten: no sizes given");
    long n = 1;
    for (int s : sizes) {
      checkArgument(s > 0, "unflatten: sizes must be positive, got %s", Arrays.toString(sizes));
      n *= s;
      checkArgument(n <= Integer.MAX_VALUE, "unflatten: sizes %s have more than 2^31 - 1 "
          + "elements", Arrays.toString(sizes));
    }
    this.axis = axis;
    this.sizes = sizes.clone();
  }

  /**
   * The axis split.
   *
   * @return the axis as given
   */
  public int axis() {
    return axis;
  }

  /**
   * The sizes the axis is split into.
   *
   * @return a copy
   */
  public int[] sizes() {
    return sizes.clone();
  }

  /**
   * The input with the axis split.
   *
   * @param input a tensor whose axis has the product of the sizes
   * @return rank {@code rank + sizes.length - 1}
   * @throws IllegalArgumentException if the axis is out of range or its size is not the
   *     product, e.g. {@code unflatten: axis 1 of input shape [2, 12] has size 12, but sizes
   *     [3, 5] multiply to 15}
   */
  @Override
  public Tensor forward(Tensor input) {
    int a = input.shape().axis("unflatten", axis);
    int product = 1;
    for (int s : sizes) {
      product *= s;
    }
    checkArgument(input.size(a) == product, "unflatten: axis %s of input shape %s has size %s, "
        + "but sizes %s multiply to %s", axis, input.shape(), input.size(a),
        Arrays.toString(sizes), product);
    int[] dims = input.shape().dims();
    int[] out = new int[dims.length + sizes.length - 1];
    System.arraycopy(dims, 0, out, 0, a);
    System.arraycopy(sizes, 0, out, a, sizes.length);
    System.arraycopy(dims, a + 1, out, a + sizes.length, dims.length - a - 1);
    return input.reshape(out);
  }

  @Override
  protected String extraRepr() {
    return "axis=" + axis + ", sizes=" + Arrays.toString(sizes);
  }
}
