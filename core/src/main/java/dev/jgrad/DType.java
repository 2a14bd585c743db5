package dev.jgrad;

/**
 * Element type of a {@link Tensor}, each with its own Java storage: {@link #FLOAT32}
 * ({@code float[]}), {@link #FLOAT64} ({@code double[]}), {@link #INT32} ({@code int[]}),
 * {@link #INT64} ({@code long[]}) and {@link #BOOL} ({@code boolean[]}).
 *
 * <p><b>Promotion</b> follows PyTorch. Dtypes fall into three ordered categories, bool &lt;
 * integer &lt; floating point. When operands of one op have different dtypes, the result is:
 *
 * <ol>
 *   <li>the widest dtype of the highest category among <em>dimensioned</em> operands (rank
 *       &gt;= 1), e.g. {@code int32 [3] + int64 [3] -> int64}, {@code float32 [3] + float64 [3]
 *       -> float64};
 *   <li>unless a 0-d tensor is of a higher category than every dimensioned operand: then the
 *       widest 0-d dtype of that category ({@code int64 [3] * float64 [] -> float64}); a 0-d tensor
 *       of the same or a lower category does not widen anything ({@code float32 [3] * float64 []
 *       -> float32});
 *   <li>unless a Java number is of a higher category still: then {@link #INT64} for an integer
 *       ({@code bool [3] + 1 -> int64}) and {@link #FLOAT32} for a floating-point number
 *       ({@code int64 [3] * 0.5 -> float32}, PyTorch's default dtype). Java numbers never widen a
 *       tensor's dtype within its category ({@code float32 [3] * 0.5 -> float32}).
 * </ol>
 *
 * When every operand is 0-d, the 0-d tensors play the dimensioned role.
 */
public enum DType {
  /** IEEE 754 binary32, stored in a {@code float[]}. */
  FLOAT32("float32", 4),
  /** IEEE 754 binary64, stored in a {@code double[]}. */
  FLOAT64("float64", 8),
  /** 32-bit two's-complement integers, stored in an {@code int[]}; arithmetic wraps around. */
  INT32("int32", 4),
  /** 64-bit two's-complement integers, stored in a {@code long[]}; arithmetic wraps around. */
  INT64("int64", 8),
  /** Booleans, stored in a {@code boolean[]}; the dtype of comparisons and masks. */
  BOOL("bool", 1);

  private final String label;
  private final int byteSize;

  DType(String label, int byteSize) {
    this.label = label;
    this.byteSize = byteSize;
  }

  /**
   * Bytes per element in file formats.
   *
   * @return 4, 8 or 1
   */
  public int byteSize() {
    return byteSize;
  }

  /**
   * Whether this is {@link #FLOAT32} or {@link #FLOAT64}: the only dtypes that can require grad.
   *
   * @return true for the floating-point dtypes
   */
  public boolean isFloatingPoint() {
    return this == FLOAT32 || this == FLOAT64;
  }

  /**
   * Whether this is {@link #INT32} or {@link #INT64}.
   *
   * @return true for the integer dtypes
   */
  public boolean isInteger() {
    return this == INT32 || this == INT64;
  }

  /** Category rank: 0 bool, 1 integer, 2 floating point. */
  int category() {
    return isFloatingPoint() ? 2 : isInteger() ? 1 : 0;
  }

  /**
   * The wider of two dtypes of the same category, or the dtype of the higher category (the rule
   * for two dimensioned operands): e.g. {@code promote(INT32, FLOAT32) = FLOAT32},
   * {@code promote(FLOAT32, FLOAT64) = FLOAT64}, {@code promote(BOOL, INT32) = INT32}.
   *
   * @param a one dtype
   * @param b the other dtype
   * @return the promoted dtype
   */
  public static DType promote(DType a, DType b) {
    if (a == b) {
      return a;
    }
    if (a.category() != b.category()) {
      return a.category() > b.category() ? a : b;
    }
    return a.byteSize >= b.byteSize ? a : b;
  }

  /**
   * The dtype of an op over two tensors (see the class documentation for the rule).
   *
   * @param a one operand
   * @param b the other
   * @return the result dtype
   */
  static DType resultType(Tensor a, Tensor b) {
    DType x = a.dtype();
    DType y = b.dtype();
    if (x == y) {
      return x;
    }
    return resultType(new Tensor[] {a, b});
  }

  /**
   * The dtype of an op over these tensors (see the class documentation for the rule).
   *
   * @param tensors the operands; at least one
   * @return the result dtype
   */
  static DType resultType(Tensor[] tensors) {
    DType dim = null;
    DType zero = null;
    for (Tensor t : tensors) {
      if (t.rank() > 0) {
        dim = dim == null ? t.dtype() : promote(dim, t.dtype());
      } else {
        zero = zero == null ? t.dtype() : promote(zero, t.dtype());
      }
    }
    if (dim == null) {
      return zero;
    }
    if (zero != null && zero.category() > dim.category()) {
      return zero;
    }
    return dim;
  }

  /**
   * The dtype of {@code t op number}: t's dtype unless the number's category is higher.
   *
   * @param t the tensor operand
   * @param integral whether the Java number is an integer ({@code long}) rather than a
   *     {@code double}
   * @return the result dtype
   */
  static DType withNumber(DType t, boolean integral) {
    int cat = integral ? 1 : 2;
    if (cat <= t.category()) {
      return t;
    }
    return integral ? INT64 : FLOAT32;
  }

  /**
   * The NumPy name: {@code float32}, {@code float64}, {@code int32}, {@code int64} or
   * {@code bool}.
   *
   * @return the name
   */
  @Override
  public String toString() {
    return label;
  }
}
