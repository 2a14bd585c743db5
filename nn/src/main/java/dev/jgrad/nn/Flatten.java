package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.Tensor;
import java.util.Arrays;

/**
 * Merges the axes {@code start..end} (inclusive, negative counting from the end) into one, as
 * PyTorch's {@code nn.Flatten}: {@code [N, C, H, W] → [N, C·H·W]} with the defaults
 * {@code start = 1, end = -1}. A view of the input (no copy once core has strided views); the
 * gradient is reshaped back. No parameters (saved as
 * {@code {"type": "flatten", "start": start, "end": end}}).
 */
public final class Flatten extends Layer {
  private final int start;
  private final int end;

  /** Keeps axis 0 (the batch) and flattens the rest. */
  public Flatten() {
    this(1, -1);
  }

  /**
   * Flattens axes {@code start..end}, checked against each input.
   *
   * @param start the first axis merged
   * @param end the last axis merged (inclusive)
   */
  public Flatten(int start, int end) {
    this.start = start;
    this.end = end;
  }

  /**
   * The first axis merged.
   *
   * @return start as given
   */
  public int start() {
    return start;
  }

  /**
   * The last axis merged.
   *
   * @return end as given
   */
  public int end() {
    return end;
  }

  /**
   * The input with axes {@code start..end} merged.
   *
   * @param input a tensor of rank at least 1
   * @return rank {@code rank - (end - start)}
   * @throws IllegalArgumentException if an axis is out of range or start comes after end, e.g.
   *     {@code flatten: axes 1..-1 do not fit input shape [3]}
   */
  @Override
  public Tensor forward(Tensor input) {
    int r = input.rank();
    int s = start < 0 ? start + r : start;
    int e = end < 0 ? end + r : end;
    checkArgument(s >= 0 && e < r && s <= e, "flatten: axes %s..%s do not fit input shape %s",
        start, end, input.shape());
    int[] dims = input.shape().dims();
    int[] out = new int[r - (e - s)];
    System.arraycopy(dims, 0, out, 0, s);
    int merged = 1;
    for (int i = s; i <= e; i++) {
      merged *= dims[i];
    }
    out[s] = merged;
    System.arraycopy(dims, e + 1, out, s + 1, r - e - 1);
    return Arrays.equals(out, dims) ? input : input.reshape(out);
  }

  @Override
  protected String extraRepr() {
    return "start=" + start + ", end=" + end;
  }
}
