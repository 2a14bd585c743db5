package dev.jgrad;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Arrays;

/**
 * Immutable dimensions of a row-major tensor, e.g. {@code [2, 3]}; {@code []} is a 0-d scalar.
 * Also holds NumPy's broadcasting rule and axis normalization, so every op words those errors the
 * same way.
 */
public final class Shape {
  /** The 0-d scalar shape {@code []}. */
  public static final Shape SCALAR = new Shape(new int[0]);

  private final int[] dims;
  private final int numel;
  /** Row-major strides, computed on first use and shared by every contiguous tensor of this shape. */
  private int[] contiguous;

  private Shape(int[] dims) {
    this.dims = dims;
    long n = 1;
    boolean empty = false;
    for (int d : dims) {
      empty |= d == 0;
    }
    // An empty shape such as [65536, 65536, 0] is fine; otherwise the count must fit an int.
    for (int i = 0; i < dims.length && !empty; i++) {
      n *= dims[i];
      if (n > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            "shape: " + Arrays.toString(dims) + " has more than 2^31-1 elements");
      }
    }
    this.numel = empty ? 0 : (int) n;
  }

  /**
   * A shape with the given dimensions (copied).
   *
   * @param dims the size of each axis, outermost first, each {@code >= 0} (0 gives an empty
   *     tensor); no dimensions gives the scalar shape {@code []}
   * @return the shape; {@link #SCALAR} for no dimensions. Later changes to {@code dims} do not
   *     affect it
   * @throws IllegalArgumentException if a dimension is negative or the element count overflows int
   */
  public static Shape of(int... dims) {
    for (int i = 0; i < dims.length; i++) {
      if (dims[i] < 0) {
        throw new IllegalArgumentException(
            "shape: dimension " + i + " is negative in " + Arrays.toString(dims));
      }
    }
    return dims.length == 0 ? SCALAR : new Shape(dims.clone());
  }

  /**
   * Number of axes (0 for a scalar).
   *
   * @return the rank, {@code >= 0}
   */
  public int rank() {
    return dims.length;
  }

  /**
   * Size of one axis; negative axes count from the end ({@code dim(-1)} is the last).
   *
   * @param axis the axis, {@code -rank <= axis < rank}
   * @return {@code dims[axis]} (after normalizing a negative axis to {@code axis + rank}),
   *     {@code >= 0}
   * @throws IllegalArgumentException naming {@code dim}, the axis and this shape if the axis is out
   *     of range (always for a scalar)
   */
  public int dim(int axis) {
    return dims[axis("dim", axis)];
  }

  /**
   * A copy of the dimensions.
   *
   * @return a fresh array of {@link #rank()} sizes, outermost first; modifying it does not affect
   *     this shape
   */
  public int[] dims() {
    return dims.clone();
  }

  /**
   * Product of the dimensions (1 for a scalar).
   *
   * @return the element count {@code prod(dims)}, in {@code [0, 2^31-1]} (0 if any axis is 0)
   */
  public int numel() {
    return numel;
  }

  /**
   * Row-major strides in elements: {@code strides[i] = prod(dims[i+1..])}.
   *
   * @return a fresh array of {@link #rank()} strides
   */
  public int[] strides() {
    return stridesRef().clone();
  }

  /** The cached row-major strides; callers must not modify the array. */
  int[] stridesRef() {
    int[] s = contiguous;
    if (s == null) {
      s = new int[dims.length];
      int acc = 1;
      for (int i = dims.length - 1; i >= 0; i--) {
        s[i] = acc;
        acc *= dims[i];
      }
      contiguous = s;
    }
    return s;
  }

  /** The dimensions without copying; callers must not modify the array. */
  int[] dimsRef() {
    return dims;
  }

  /**
   * Normalizes an axis for this shape: {@code -rank <= axis < rank}, negative counts from the end.
   *
   * @param op the op name used in the error message
   * @param axis the axis to normalize, {@code -rank <= axis < rank}
   * @return the axis in {@code [0, rank)}: {@code axis} if non-negative, else {@code axis + rank}
   * @throws IllegalArgumentException naming the op, the axis and this shape if out of range
   */
  public int axis(String op, int axis) {
    int r = dims.length;
    checkArgument(axis >= -r && axis < r, "%s: axis %s is out of range for shape %s (rank %s)", op,
        axis, this, r);
    return axis < 0 ? axis + r : axis;
  }

  /**
   * NumPy broadcasting of two shapes: align from the right (the shorter is padded with leading
   * 1s); each pair of sizes must be equal or 1, and the result takes the larger:
   * {@code out[i] = max(a[i], b[i])} with {@code rank(out) = max(rank(a), rank(b))}.
   *
   * @param op the op name used in the error message
   * @param a the first operand's shape
   * @param b the second operand's shape
   * @return the broadcast shape (e.g. {@code [2, 1]} and {@code [3]} give {@code [2, 3]})
   * @throws IllegalArgumentException e.g. {@code add: cannot broadcast [2, 3] with [4]: axis 1 has
   *     sizes 3 and 4 (must be equal or 1)}, the axis counted in the result
   */
  public static Shape broadcast(String op, Shape a, Shape b) {
    if (a.equals(b)) {
      return a;
    }
    int r = Math.max(a.rank(), b.rank());
    int[] out = new int[r];
    for (int i = 0; i < r; i++) {
      int da = i - (r - a.rank()) >= 0 ? a.dims[i - (r - a.rank())] : 1;
      int db = i - (r - b.rank()) >= 0 ? b.dims[i - (r - b.rank())] : 1;
      checkArgument(da == db || da == 1 || db == 1,
          "%s: cannot broadcast %s with %s: axis %s has sizes %s and %s (must be equal or 1)", op, a,
          b, i, da, db);
      out[i] = da == 1 ? db : da;
    }
    return new Shape(out);
  }

  /**
   * True if this shape broadcasts to {@code target} without changing {@code target}: its rank is at
   * most {@code target}'s and, aligned from the right, each of its sizes is 1 or equals
   * {@code target}'s.
   *
   * @param target the shape to broadcast to
   * @return true if broadcasting this shape with {@code target} gives {@code target} itself; false
   *     otherwise, including when the two do not broadcast at all (nothing is thrown)
   */
  public boolean broadcastsTo(Shape target) {
    if (rank() > target.rank()) {
      return false;
    }
    int off = target.rank() - rank();
    for (int i = 0; i < rank(); i++) {
      if (dims[i] != 1 && dims[i] != target.dims[i + off]) {
        return false;
      }
    }
    return true;
  }

  /**
   * Strides for reading a tensor of this shape as if broadcast to {@code target}: 0 on broadcast
   * axes, so kernels never materialize the copy. Requires {@link #broadcastsTo(Shape)}, which is
   * not checked here (callers have checked it; otherwise the strides are meaningless).
   *
   * @param target the shape this one is broadcast to
   * @return a fresh array of {@code target.rank()} strides in elements of this shape's row-major
   *     layout: 0 on the leading axes this shape lacks and on its size-1 axes, its own
   *     row-major stride elsewhere
   */
  public int[] broadcastStrides(Shape target) {
    int[] own = strides();
    int[] s = new int[target.rank()];
    int off = target.rank() - rank();
    for (int i = 0; i < rank(); i++) {
      s[i + off] = dims[i] == 1 ? 0 : own[i];
    }
    return s;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Shape && Arrays.equals(dims, ((Shape) o).dims);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(dims);
  }

  /** {@code [2, 3]}; a scalar prints as {@code []}. */
  @Override
  public String toString() {
    return Arrays.toString(dims);
  }
}
