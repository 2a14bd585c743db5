package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.DType;
import dev.jgrad.Index;
import dev.jgrad.Shape;
import dev.jgrad.Tensor;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * A lookup table of {@code num} learned vectors of size {@code dim}, as PyTorch's
 * {@code nn.Embedding}: for integer indices {@code idx} of any shape {@code [...]},
 * {@code y[..., :] = weight[idx[...], :]}, shape {@code [..., dim]}. Parameter {@code weight}
 * {@code [num, dim]}, initialized {@code N(0, 1)} (PyTorch's default). The gradient of a row is
 * the sum of the output gradients at the positions that picked it.
 *
 * <p><b>Padding index.</b> With a padding index {@code p}, row {@code p} starts as zeros and
 * gets no gradient (positions holding {@code p} read the row as a constant), so it stays what
 * it was set to, as PyTorch's {@code padding_idx}.
 */
public final class Embedding extends Layer {
  /** The padding index meaning "no padding row". */
  public static final int NO_PADDING = -1;

  private final int num;
  private final int dim;
  private final int paddingIdx;
  private final Parameter weight;

  /**
   * {@code num} vectors of size {@code dim}, {@code N(0, 1)}, FLOAT32, without padding row.
   *
   * @param num the number of embeddings (indices are in {@code [0, num)})
   * @param dim the size of each vector
   * @param rng advanced by {@code num·dim} normal draws
   * @throws IllegalArgumentException if {@code num} or {@code dim} is not positive
   */
  public Embedding(int num, int dim, RandomGenerator rng) {
    this(num, dim, NO_PADDING, Init.normal(0, 1), rng, DType.FLOAT32);
  }

  /**
   * {@code num} vectors of size {@code dim}.
   *
   * @param num the number of embeddings
   * @param dim the size of each vector
   * @param paddingIdx the row that is zero-initialized and never trained, in {@code [0, num)},
   *     or {@link #NO_PADDING}
   * @param init makes the {@code [num, dim]} weight (the padding row is then zeroed)
   * @param rng the initializer's randomness (may be null for deterministic initializers)
   * @param dtype the weight's dtype (floating point)
   * @throws IllegalArgumentException if {@code num} or {@code dim} is not positive, the padding
   *     index is out of range, or the dtype is not floating point
   */
  public Embedding(int num, int dim, int paddingIdx, Init init, RandomGenerator rng,
      DType dtype) {
    checkArgument(num > 0 && dim > 0,
        "embedding: num and dim must be positive, got num=%s, dim=%s", num, dim);
    checkArgument(paddingIdx == NO_PADDING || (paddingIdx >= 0 && paddingIdx < num),
        "embedding: padding index %s is outside [0, %s)", paddingIdx, num);
    checkArgument(dtype != null && dtype.isFloatingPoint(),
        "embedding: the weight's dtype must be floating point, got %s", dtype);
    this.num = num;
    this.dim = dim;
    this.paddingIdx = paddingIdx;
    Tensor w = init.create(rng, dtype, num, dim);
    checkArgument(w.shape().equals(Shape.of(num, dim)) && w.dtype() == dtype,
        "embedding: the initializer made %s %s, expected [%s, %s] %s", w.shape(), w.dtype(),
        num, dim, dtype);
    if (paddingIdx != NO_PADDING) {
      w.indexSet(Tensor.zeros(dtype, dim), Index.at(paddingIdx));
    }
    this.weight = registerParameter("weight", w);
  }

  /**
   * Looks the indices up.
   *
   * @param indices INT32 or INT64 indices of any shape (0-d included), each in {@code [0, num)}
   * @return {@code [..., dim]} in the weight's dtype
   * @throws IllegalArgumentException for a non-integer dtype, or an index out of range, naming
   *     it and its position, e.g. {@code embedding: index 7 at position [1, 0] is outside [0,
   *     5)}
   */
  @Override
  public Tensor forward(Tensor indices) {
    checkArgument(indices.dtype().isInteger(),
        "embedding: indices must be INT32 or INT64, got %s %s", indices.dtype(), indices.shape());
    long[] idx = indices.toLongArray();
    for (int i = 0; i < idx.length; i++) {
      if (idx[i] < 0 || idx[i] >= num) {
        throw new IllegalArgumentException(String.format(
            "embedding: index %s at position %s is outside [0, %s)", idx[i],
            Arrays.toString(position(i, indices.shape().dims())), num));
      }
    }
    Tensor flat = Tensor.of(idx);
    Tensor w = weight.value();
    Tensor rows = w.indexSelect(0, flat);
    if (paddingIdx != NO_PADDING) {
      // Rows picked by the padding index come from the detached weight: same value, no gradient.
      Tensor isPad = flat.eq(paddingIdx).unsqueeze(1);
      rows = Tensor.where(isPad, w.detach().indexSelect(0, flat), rows);
    }
    int[] out = Arrays.copyOf(indices.shape().dims(), indices.rank() + 1);
    out[indices.rank()] = dim;
    return rows.reshape(out);
  }

  private static int[] position(int flat, int[] dims) {
    int[] p = new int[dims.length];
    for (int a = dims.length - 1; a >= 0; a--) {
      p[a] = flat % dims[a];
      flat /= dims[a];
    }
    return p;
  }

  /**
   * The number of embeddings.
   *
   * @return num
   */
  public int numEmbeddings() {
    return num;
  }

  /**
   * The size of each vector.
   *
   * @return dim
   */
  public int embeddingDim() {
    return dim;
  }

  /**
   * The padding row.
   *
   * @return its index, or {@link #NO_PADDING}
   */
  public int paddingIdx() {
    return paddingIdx;
  }

  @Override
  protected String extraRepr() {
    return "num=" + num + ", dim=" + dim
        + (paddingIdx == NO_PADDING ? "" : ", padding_idx=" + paddingIdx);
  }
}
