package dev.jgrad;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.kernels.Strided;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * An n-dimensional array of {@link DType#FLOAT32}, {@link DType#FLOAT64}, {@link DType#INT32},
 * {@link DType#INT64} or {@link DType#BOOL} values, and a node of the define-by-run computation
 * graph.
 *
 * <p>Tensors are values: every op returns a new tensor. When grad mode is on ({@link Autograd})
 * and an input requires grad, the result records the op that produced it, and {@link #backward()}
 * walks those records in reverse to compute gradients:
 *
 * <pre>{@code
 * Tensor x = Tensor.scalar(1.0).requiresGrad(true);
 * Tensor y = Tensor.scalar(2.0).requiresGrad(true);
 * Tensor z = Tensor.scalar(3.0).requiresGrad(true);
 * Tensor j = x.add(y.mul(z)).mul(4);   // J = 4(x + yz) = 28
 * j.backward();                         // dJ/dx = 4, dJ/dy = 4z = 12, dJ/dz = 4y = 8
 * }</pre>
 *
 * <p><b>Storage and views.</b> A tensor reads a flat array through an offset and a stride per
 * axis. {@link #reshape} (when the layout allows), {@link #permute}, {@link #transpose},
 * {@link #slice}, {@link #squeeze}, {@link #unsqueeze}, {@link #expand}/{@link #broadcastTo},
 * {@link #diagonal}, {@link #index(Index...)}, {@link #narrow}, {@link #split(int, int)},
 * {@link #chunk}, {@link #unbind} and {@link #detach} return <em>views</em>: O(1), sharing the
 * storage (and its version counter) with their base; {@link #contiguous()} copies only when
 * needed. In-place updates ({@link #set}, {@link #indexSet(Tensor, Index...)},
 * {@link #addInPlace}, {@link #mulInPlace}) write through to the shared storage, and backward
 * refuses every saved value that such an update changed.
 *
 * <p><b>Broadcasting.</b> Binary ops follow NumPy: shapes align from the right and each pair of
 * sizes must be equal or 1; a broadcast operand is read with stride 0, never copied.
 *
 * <p><b>Dtypes.</b> {@code float[]}, {@code double[]}, {@code int[]}, {@code long[]} and
 * {@code boolean[]} make tensors of the five dtypes. Mixed operands promote as PyTorch does (see
 * {@link DType}): a 0-d tensor or a Java number takes part by category only, so a float32 tensor
 * stays float32 when multiplied by a float64 scalar or by {@code 0.5}; integer division
 * ({@link #div}) is true division. Comparisons return BOOL; argmax/argmin and integer sums INT64.
 * Only floating-point tensors can require grad; integer and BOOL tensors flow through graphs as
 * constants. Gradients have their input's dtype.
 *
 * <p><b>Errors.</b> Caller mistakes throw {@link IllegalArgumentException} naming the op, the
 * shapes and the axis, e.g. {@code add: cannot broadcast [2, 3] with [4]: axis 1 has sizes 3 and
 * 4 (must be equal or 1)}. Nothing is modified when an op throws.
 *
 * <p><b>Threads.</b> Grad mode is per thread. Threads may build graphs from shared tensors and run
 * backward over one shared graph at the same time (each pass keeps its state to itself; gradient
 * accumulation into a shared tensor is synchronized). Modifying a tensor in place while another
 * thread reads it is a data race, as for any Java array.
 */
public final class Tensor {
  final Storage storage;
  private final Shape shape;
  /** Element strides per axis (the shape's cached row-major strides when contiguous). */
  final int[] strides;
  final int offset;
  /** The op that produced this tensor, or null for leaves and constants. */
  Node node;
  private boolean requiresGrad;
  private boolean retainGrad;
  /** Accumulated gradient (see {@link #grad()}). */
  Tensor grad;
  /**
   * The {@code .grad} storage and its version just after {@link #zeroGrad(boolean)} zeroed it in
   * place: while both still match, {@code .grad} holds exact zeros (see {@link #gradIsZeroed}).
   */
  private Storage zeroedGrad;
  private int zeroedVersion;
  /** Forward-mode tangents by level (see {@link ForwardAD}); null without any. */
  ForwardAD.Tangent tangents;
  private String label;

  Tensor(Storage storage, Shape shape) {
    this(storage, shape, shape.stridesRef(), 0);
  }

  Tensor(Storage storage, Shape shape, int[] strides, int offset) {
    this.storage = storage;
    this.shape = shape;
    this.strides = strides;
    this.offset = offset;
  }

  /** A new zeroed tensor of its own storage. */
  static Tensor empty(DType dtype, Shape shape) {
    return new Tensor(Storage.allocate("tensor", dtype, shape.numel()), shape);
  }

  /** Wraps a dense array (not copied) as a tensor of the given shape. */
  static Tensor wrap(Object array, Shape shape) {
    return new Tensor(Storage.wrap(array), shape);
  }

  /** True if the elements are laid out row-major (any offset; size-1 axes may have any stride). */
  boolean isContiguous() {
    if (strides == shape.stridesRef()) {
      return true;
    }
    int acc = 1;
    for (int i = shape.rank() - 1; i >= 0; i--) {
      int d = shape.dim(i);
      if (d != 1) {
        if (strides[i] != acc) {
          return false;
        }
        acc *= d;
      }
    }
    return true;
  }

  /** True if this tensor is exactly its storage: contiguous, offset 0, no extra elements. */
  boolean isDense() {
    return offset == 0 && storage.length() == shape.numel() && isContiguous();
  }

  /** The elements as a dense row-major array: the storage itself when dense, else a raw copy. */
  Object denseArray() {
    if (isDense()) {
      return storage.array();
    }
    Object out = Storage.newArray(dtype(), numel());
    Strided.copy(storage.array(), offset, strides, out, 0, shape.dimsRef());
    return out;
  }

  /** This tensor's strides aligned to a shape it broadcasts to: 0 on broadcast axes. */
  int[] stridesFor(Shape target) {
    if (target == shape || target.equals(shape)) {
      return strides; // size-1 axes are only ever read at index 0, whatever their stride
    }
    int r = target.rank();
    int[] s = new int[r];
    int off = r - shape.rank();
    for (int i = 0; i < shape.rank(); i++) {
      s[i + off] = shape.dim(i) == 1 ? 0 : strides[i];
    }
    return s;
  }

  /** The storage index of a full, normalized index. */
  private int at(int[] index) {
    int k = offset;
    for (int i = 0; i < index.length; i++) {
      k += index[i] * strides[i];
    }
    return k;
  }

  /** The storage index of the element at row-major position {@code flat}. */
  int storageIndex(int flat) {
    if (isContiguous()) {
      return offset + flat;
    }
    int k = offset;
    for (int i = shape.rank() - 1; i >= 0; i--) {
      int d = shape.dim(i);
      k += (flat % d) * strides[i];
      flat /= d;
    }
    return k;
  }

  /** The tangent at a forward-mode level, or null. */
  Tensor tangentAt(ForwardAD.Level level) {
    for (ForwardAD.Tangent t = tangents; t != null; t = t.next) {
      if (t.level == level) {
        return t.value;
      }
    }
    return null;
  }

  // ---------------------------------------------------------------- factories

  /**
   * A FLOAT32 tensor holding a copy of {@code values} in row-major order.
   *
   * @param values the elements
   * @param shape the dimensions; {@code values.length} must equal their product (an empty shape
   *     is a 0-d scalar and takes one value)
   * @return the tensor
   * @throws IllegalArgumentException if the count does not match or a dimension is negative
   */
  public static Tensor of(float[] values, int... shape) {
    return fromArray(values.clone(), values.length, shape);
  }

  /**
   * A FLOAT64 tensor holding a copy of {@code values}; see {@link #of(float[], int...)}.
   *
   * @param values the elements
   * @param shape the dimensions
   * @return the tensor
   * @throws IllegalArgumentException if the count does not match or a dimension is negative
   */
  public static Tensor of(double[] values, int... shape) {
    return fromArray(values.clone(), values.length, shape);
  }

  /**
   * An INT32 tensor holding a copy of {@code values}; see {@link #of(float[], int...)}.
   *
   * @param values the elements
   * @param shape the dimensions
   * @return the tensor
   * @throws IllegalArgumentException if the count does not match or a dimension is negative
   */
  public static Tensor of(int[] values, int... shape) {
    return fromArray(values.clone(), values.length, shape);
  }

  /**
   * An INT64 tensor holding a copy of {@code values} (e.g. class labels or indices); see
   * {@link #of(float[], int...)}.
   *
   * @param values the elements
   * @param shape the dimensions
   * @return the tensor
   * @throws IllegalArgumentException if the count does not match or a dimension is negative
   */
  public static Tensor of(long[] values, int... shape) {
    return fromArray(values.clone(), values.length, shape);
  }

  /**
   * A BOOL tensor holding a copy of {@code values} (e.g. a mask); see
   * {@link #of(float[], int...)}.
   *
   * @param values the elements
   * @param shape the dimensions
   * @return the tensor
   * @throws IllegalArgumentException if the count does not match or a dimension is negative
   */
  public static Tensor of(boolean[] values, int... shape) {
    return fromArray(values.clone(), values.length, shape);
  }

  /**
   * A 1-d FLOAT32 tensor {@code [values.length]} (copied).
   *
   * @param values the elements
   * @return the tensor
   */
  public static Tensor of(float[] values) {
    return of(values, values.length);
  }

  /**
   * A 1-d FLOAT64 tensor {@code [values.length]} (copied).
   *
   * @param values the elements
   * @return the tensor
   */
  public static Tensor of(double[] values) {
    return of(values, values.length);
  }

  /**
   * A 1-d INT32 tensor {@code [values.length]} (copied).
   *
   * @param values the elements
   * @return the tensor
   */
  public static Tensor of(int[] values) {
    return of(values, values.length);
  }

  /**
   * A 1-d INT64 tensor {@code [values.length]} (copied).
   *
   * @param values the elements
   * @return the tensor
   */
  public static Tensor of(long[] values) {
    return of(values, values.length);
  }

  /**
   * A 1-d BOOL tensor {@code [values.length]} (copied).
   *
   * @param values the elements
   * @return the tensor
   */
  public static Tensor of(boolean[] values) {
    return of(values, values.length);
  }

  /**
   * A 2-d FLOAT64 tensor {@code [rows.length, rows[0].length]} (copied).
   *
   * @param rows the rows, all of one length
   * @return the tensor
   * @throws IllegalArgumentException if the rows are ragged
   */
  public static Tensor of(double[][] rows) {
    int cols = rows.length == 0 ? 0 : rows[0].length;
    double[] v = new double[Math.multiplyExact(rows.length, cols)];
    for (int i = 0; i < rows.length; i++) {
      checkArgument(rows[i].length == cols, "of: row %s has %s values, row 0 has %s", i,
          rows[i].length, cols);
      System.arraycopy(rows[i], 0, v, i * cols, cols);
    }
    return wrap(v, Shape.of(rows.length, cols));
  }

  /**
   * A 2-d FLOAT32 tensor {@code [rows.length, rows[0].length]} (copied).
   *
   * @param rows the rows, all of one length
   * @return the tensor
   * @throws IllegalArgumentException if the rows are ragged
   */
  public static Tensor of(float[][] rows) {
    int cols = rows.length == 0 ? 0 : rows[0].length;
    float[] v = new float[Math.multiplyExact(rows.length, cols)];
    for (int i = 0; i < rows.length; i++) {
      checkArgument(rows[i].length == cols, "of: row %s has %s values, row 0 has %s", i,
          rows[i].length, cols);
      System.arraycopy(rows[i], 0, v, i * cols, cols);
    }
    return wrap(v, Shape.of(rows.length, cols));
  }

  private static Tensor fromArray(Object array, int n, int[] dims) {
    Shape s = Shape.of(dims);
    checkArgument(n == s.numel(), "of: %s values do not fill shape %s (%s elements)", n, s,
        s.numel());
    return wrap(array, s);
  }

  /**
   * A 0-d FLOAT64 tensor.
   *
   * @param value the value
   * @return the tensor
   */
  public static Tensor scalar(double value) {
    return wrap(new double[] {value}, Shape.SCALAR);
  }

  /**
   * A 0-d FLOAT32 tensor.
   *
   * @param value the value
   * @return the tensor
   */
  public static Tensor scalar(float value) {
    return wrap(new float[] {value}, Shape.SCALAR);
  }

  /**
   * A 0-d BOOL tensor.
   *
   * @param value the value
   * @return the tensor
   */
  public static Tensor scalar(boolean value) {
    return wrap(new boolean[] {value}, Shape.SCALAR);
  }

  /**
   * A 0-d tensor of the given dtype, the value converted as {@link #full(DType, double, int...)}
   * does.
   *
   * @param dtype the element type
   * @param value the value
   * @return the tensor
   * @throws IllegalArgumentException as {@link #full(DType, double, int...)}
   */
  public static Tensor scalar(DType dtype, double value) {
    return full(dtype, value);
  }

  /**
   * A 0-d tensor of the given dtype holding an integer exactly (for INT64 beyond 2^53 too).
   *
   * @param dtype the element type
   * @param value the value (converted to dtype: rounded for floats, wrapped for INT32, nonzero
   *     for BOOL)
   * @return the tensor
   * @throws NullPointerException if dtype is null
   */
  public static Tensor scalar(DType dtype, long value) {
    Tensor t = empty(checkDType("scalar", dtype), Shape.SCALAR);
    t.storage.setLong(0, value);
    return t;
  }

  private static DType checkDType(String op, DType dtype) {
    if (dtype == null) {
      throw new NullPointerException(op + ": dtype is null");
    }
    return dtype;
  }

  /**
   * Zeros (false for BOOL) of the given dtype and shape.
   *
   * @param dtype the element type
   * @param shape the dimensions
   * @return the tensor
   * @throws NullPointerException if dtype is null
   * @throws IllegalArgumentException if a dimension is negative or there are more elements than
   *     a Java array holds
   */
  public static Tensor zeros(DType dtype, int... shape) {
    checkDType("zeros", dtype);
    Shape s = Shape.of(shape);
    return new Tensor(Storage.allocate("zeros", dtype, s.numel()), s);
  }

  /**
   * Ones (true for BOOL) of the given dtype and shape.
   *
   * @param dtype the element type
   * @param shape the dimensions
   * @return the tensor
   * @throws NullPointerException if dtype is null
   * @throws IllegalArgumentException as {@link #zeros}
   */
  public static Tensor ones(DType dtype, int... shape) {
    return full(checkDType("ones", dtype), 1.0, shape);
  }

  /**
   * Every element equal to {@code value}: rounded to float for FLOAT32, {@code value != 0} for
   * BOOL; for INT32/INT64 the value must be an integer in range.
   *
   * @param dtype the element type
   * @param value the value
   * @param shape the dimensions
   * @return the tensor
   * @throws NullPointerException if dtype is null
   * @throws IllegalArgumentException for a non-integer or out-of-range value of an integer dtype,
   *     or a bad shape
   */
  public static Tensor full(DType dtype, double value, int... shape) {
    checkDType("full", dtype);
    if (dtype.isInteger()) {
      checkIntegral("full", dtype, value);
    }
    Shape s = Shape.of(shape);
    Tensor t = new Tensor(Storage.allocate("full", dtype, s.numel()), s);
    Storage st = t.storage;
    switch (dtype) {
      case FLOAT32: Arrays.fill(st.f, (float) value); break;
      case FLOAT64: Arrays.fill(st.d, value); break;
      case INT32: Arrays.fill(st.i, (int) value); break;
      case INT64: Arrays.fill(st.l, (long) value); break;
      default: Arrays.fill(st.b, value != 0);
    }
    return t;
  }

  private static void checkIntegral(String op, DType dtype, double v) {
    double lo = dtype == DType.INT32 ? Integer.MIN_VALUE : -0x1p63;
    double hi = dtype == DType.INT32 ? Integer.MAX_VALUE : 0x1p63;
    if (!(v == Math.rint(v) && v >= lo && v < hi + (dtype == DType.INT32 ? 1 : 0))) {
      throw new IllegalArgumentException(String.format(
          "%s: %s is not an integer value of %s", op, v, dtype));
    }
  }

  /**
   * {@code [start, start + step, ...]} up to but excluding {@code end}, as a 1-d tensor of
   * {@code ceil((end - start) / step)} elements (NumPy's arange). For INT32/INT64 the three
   * numbers must be integers and the values are exact.
   *
   * @param dtype the element type (not BOOL)
   * @param start the first value
   * @param end the bound, excluded
   * @param step the increment
   * @return the tensor
   * @throws IllegalArgumentException if a bound is NaN or infinite, step is 0 or not finite, an
   *     integer dtype gets a fraction, or there are too many elements
   */
  public static Tensor arange(DType dtype, double start, double end, double step) {
    checkDType("arange", dtype);
    checkArgument(dtype != DType.BOOL, "arange: dtype bool is not supported");
    checkArgument(Double.isFinite(start) && Double.isFinite(end), "arange: start and end must be "
        + "finite, got %s and %s", start, end);
    checkArgument(step != 0 && Double.isFinite(step), "arange: step must be finite and nonzero, "
        + "got %s", step);
    if (dtype.isInteger()) {
      checkIntegral("arange", DType.INT64, start);
      checkIntegral("arange", DType.INT64, step);
    }
    double count = Math.ceil((end - start) / step);
    checkArgument(count <= Storage.MAX_ELEMENTS, "arange: %s elements is more than a tensor holds "
        + "(%s)", count, (Object) Storage.MAX_ELEMENTS);
    int n = (int) Math.max(0, count);
    Tensor t = empty(dtype, Shape.of(n));
    for (int i = 0; i < n; i++) {
      if (dtype.isInteger()) {
        t.storage.setLong(i, (long) start + i * (long) step);
      } else {
        t.storage.setDouble(i, start + i * step);
      }
    }
    return t;
  }

  /**
   * {@code [0, 1, ..., n-1]}.
   *
   * @param dtype the element type (not BOOL)
   * @param n the count (&gt;= 0)
   * @return the tensor
   * @throws IllegalArgumentException if n is negative
   */
  public static Tensor arange(DType dtype, int n) {
    checkArgument(n >= 0, "arange: n must be >= 0, got %s", n);
    return arange(dtype, 0, n, 1);
  }

  /**
   * The {@code n x n} identity matrix.
   *
   * @param dtype the element type
   * @param n the size
   * @return the tensor
   * @throws IllegalArgumentException if n is negative
   */
  public static Tensor eye(DType dtype, int n) {
    Tensor t = zeros(dtype, n, n);
    for (int i = 0; i < n; i++) {
      t.storage.setLong(i * n + i, 1);
    }
    return t;
  }

  /**
   * Independent uniform samples in {@code [low, high)} drawn in row-major order from
   * {@code rng}: the same generator state gives the same tensor.
   *
   * @param rng the source of randomness (advanced by one draw per element)
   * @param dtype FLOAT32 or FLOAT64
   * @param low the inclusive lower bound
   * @param high the exclusive upper bound
   * @param shape the dimensions
   * @return the tensor
   * @throws IllegalArgumentException if low &gt; high, a bound is not finite or the dtype is not
   *     floating point
   */
  public static Tensor uniform(RandomGenerator rng, DType dtype, double low, double high,
      int... shape) {
    checkFloatDType("uniform", dtype);
    checkArgument(low <= high, "uniform: low %s is greater than high %s", low, high);
    checkArgument(Double.isFinite(low) && Double.isFinite(high), "uniform: bounds must be finite, "
        + "got %s and %s", low, high);
    Tensor t = zeros(dtype, shape);
    for (int i = 0; i < t.numel(); i++) {
      double v = low + (high - low) * rng.nextDouble();
      // Rounding to float can reach high itself; step to the float below to stay half-open.
      if (dtype == DType.FLOAT32 && low < high && (float) v >= (float) high) {
        v = Math.max((float) low, Math.nextDown((float) high));
      }
      t.storage.setDouble(i, v);
    }
    return t;
  }

  /**
   * Independent normal samples {@code N(mean, std²)} drawn in row-major order from rng.
   *
   * @param rng the source of randomness
   * @param dtype FLOAT32 or FLOAT64
   * @param mean the mean
   * @param std the standard deviation (&gt;= 0)
   * @param shape the dimensions
   * @return the tensor
   * @throws IllegalArgumentException if std &lt; 0, a parameter is not finite or the dtype is not
   *     floating point
   */
  public static Tensor normal(RandomGenerator rng, DType dtype, double mean, double std,
      int... shape) {
    checkFloatDType("normal", dtype);
    checkArgument(std >= 0, "normal: std must be >= 0, got %s", std);
    checkArgument(Double.isFinite(mean) && Double.isFinite(std), "normal: mean and std must be "
        + "finite, got %s and %s", mean, std);
    Tensor t = zeros(dtype, shape);
    for (int i = 0; i < t.numel(); i++) {
      t.storage.setDouble(i, mean + std * rng.nextGaussian());
    }
    return t;
  }

  private static void checkFloatDType(String op, DType dtype) {
    checkDType(op, dtype);
    checkArgument(dtype.isFloatingPoint(), "%s: dtype must be float32 or float64, got %s", op,
        dtype);
  }

  // ---------------------------------------------------------------- properties and conversion

  /**
   * The dimensions.
   *
   * @return the shape
   */
  public Shape shape() {
    return shape;
  }

  /**
   * Number of axes.
   *
   * @return the rank (0 for a scalar)
   */
  public int rank() {
    return shape.rank();
  }

  /**
   * Size of one axis.
   *
   * @param axis the axis; negative counts from the end
   * @return its size
   * @throws IllegalArgumentException if the axis is out of range
   */
  public int size(int axis) {
    return shape.dim(axis);
  }

  /**
   * Number of elements.
   *
   * @return the product of the dimensions
   */
  public int numel() {
    return shape.numel();
  }

  /**
   * The element type.
   *
   * @return the dtype
   */
  public DType dtype() {
    return storage.dtype;
  }

  /**
   * The element strides of this view (how far apart consecutive elements of each axis are in
   * the storage); row-major {@link Shape#strides()} for a contiguous tensor, 0 on expanded axes.
   *
   * @return a fresh array of {@link #rank()} strides
   */
  public int[] strides() {
    return strides.clone();
  }

  private void checkOne(String op) {
    checkArgument(numel() == 1, "%s: tensor of shape %s has %s elements, expected 1", op, shape,
        numel());
  }

  /**
   * The single value of a one-element tensor as a double (BOOL as 0/1; INT64 exact up to 2^53,
   * see {@link #longItem()}).
   *
   * @return the value
   * @throws IllegalArgumentException if the tensor has more or fewer than one element
   */
  public double item() {
    checkOne("item");
    return storage.getDouble(offset);
  }

  /**
   * The single value of a one-element tensor as a long (exact for integer dtypes; floats are
   * truncated toward zero, BOOL is 0/1).
   *
   * @return the value
   * @throws IllegalArgumentException if the tensor has more or fewer than one element
   */
  public long longItem() {
    checkOne("longItem");
    return storage.getLong(offset);
  }

  /**
   * The single value of a one-element tensor as a boolean ({@code value != 0} for numbers).
   *
   * @return the value
   * @throws IllegalArgumentException if the tensor has more or fewer than one element
   */
  public boolean booleanItem() {
    checkOne("booleanItem");
    return storage.dtype == DType.BOOL ? storage.b[offset] : storage.getDouble(offset) != 0;
  }

  private int index(String op, int[] index) {
    checkArgument(index.length == rank(), "%s: index %s has %s entries for shape %s", op,
        Arrays.toString(index), index.length, shape);
    int[] idx = new int[index.length];
    for (int i = 0; i < index.length; i++) {
      int n = shape.dim(i);
      int j = index[i] < 0 ? index[i] + n : index[i];
      checkArgument(j >= 0 && j < n, "%s: index %s is out of range for axis %s of size %s", op,
          index[i], i, n);
      idx[i] = j;
    }
    return at(idx);
  }

  /**
   * The element at a full index, as a double (see {@link #item()}).
   *
   * @param index one entry per axis; negative entries count from the end
   * @return the value
   * @throws IllegalArgumentException if the index has the wrong length or is out of range
   */
  public double get(int... index) {
    return storage.getDouble(index("get", index));
  }

  /**
   * The element at a full index, as a long (see {@link #longItem()}).
   *
   * @param index one entry per axis; negative entries count from the end
   * @return the value
   * @throws IllegalArgumentException if the index has the wrong length or is out of range
   */
  public long getLong(int... index) {
    return storage.getLong(index("getLong", index));
  }

  /**
   * A copy of the elements in row-major order, as float (FLOAT64 and large integers are
   * rounded, BOOL is 0/1).
   *
   * @return the values
   */
  public float[] toFloatArray() {
    return (float[]) convertedArray(DType.FLOAT32);
  }

  /**
   * A copy of the elements in row-major order, as double (BOOL is 0/1; INT64 beyond 2^53 is
   * rounded).
   *
   * @return the values
   */
  public double[] toDoubleArray() {
    return (double[]) convertedArray(DType.FLOAT64);
  }

  /**
   * A copy of the elements in row-major order, as int (floats truncated toward zero, INT64
   * wrapped, BOOL 0/1).
   *
   * @return the values
   */
  public int[] toIntArray() {
    return (int[]) convertedArray(DType.INT32);
  }

  /**
   * A copy of the elements in row-major order, as long (floats truncated toward zero, BOOL 0/1).
   *
   * @return the values
   */
  public long[] toLongArray() {
    return (long[]) convertedArray(DType.INT64);
  }

  /**
   * A copy of the elements in row-major order, as boolean ({@code value != 0}).
   *
   * @return the values
   */
  public boolean[] toBooleanArray() {
    return (boolean[]) convertedArray(DType.BOOL);
  }

  private Object convertedArray(DType to) {
    Object out = Storage.newArray(to, numel());
    if (to == dtype()) {
      Strided.copy(storage.array(), offset, strides, out, 0, shape.dimsRef());
    } else {
      Strided.cast(storage.array(), offset, strides, out, shape.dimsRef());
    }
    return out;
  }

  /**
   * A copy of a 2-d tensor as rows of doubles.
   *
   * @return the rows
   * @throws IllegalArgumentException if the tensor is not 2-d
   */
  public double[][] toDoubleMatrix() {
    checkArgument(rank() == 2, "toDoubleMatrix: expected a 2-d tensor, got shape %s", shape);
    double[] v = toDoubleArray();
    double[][] rows = new double[shape.dim(0)][];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = Arrays.copyOfRange(v, i * shape.dim(1), (i + 1) * shape.dim(1));
    }
    return rows;
  }

  /**
   * True if no element is NaN or infinite (always true for integer and BOOL tensors).
   *
   * @return whether every element is finite
   */
  public boolean allFinite() {
    if (!dtype().isFloatingPoint()) {
      return true;
    }
    Object a = denseArray();
    if (a instanceof float[]) {
      for (float v : (float[]) a) {
        if (!Float.isFinite(v)) {
          return false;
        }
      }
    } else {
      for (double v : (double[]) a) {
        if (!Double.isFinite(v)) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Names this tensor for graph export and messages (e.g. "x", "layers.0.weight").
   *
   * @param label the name
   * @return this tensor
   */
  public Tensor label(String label) {
    this.label = label;
    return this;
  }

  /**
   * The label given with {@link #label(String)}.
   *
   * @return the label, or null
   */
  public String label() {
    return label;
  }

  // ---------------------------------------------------------------- autodiff

  /**
   * Marks a leaf tensor as a variable whose gradient is wanted (or not).
   *
   * @param value whether backward should compute this tensor's gradient
   * @return this tensor
   * @throws IllegalArgumentException on a tensor produced by an op (only leaves can be marked;
   *     use {@link #detach()} first), or when asking an integer or BOOL tensor to require grad
   */
  public Tensor requiresGrad(boolean value) {
    checkArgument(node == null, "requiresGrad: only leaf tensors can be marked; this one was "
        + "produced by '%s' (detach() it first)", node == null ? "" : node.prim.name);
    checkArgument(!value || dtype().isFloatingPoint(), "requiresGrad: a %s tensor cannot require "
        + "grad; only float32 and float64 tensors have gradients (convert with to(DType))",
        dtype());
    this.requiresGrad = value;
    return this;
  }

  /**
   * Whether gradients flow to this tensor: true for marked leaves and for every tensor computed
   * from one under grad mode.
   *
   * @return whether this tensor requires grad
   */
  public boolean requiresGrad() {
    return requiresGrad || node != null;
  }

  /**
   * Whether this tensor was not produced by a recorded op.
   *
   * @return true for leaves and constants
   */
  public boolean isLeaf() {
    return node == null;
  }

  /**
   * The gradient accumulated by {@link #backward()}. Leaves that require grad accumulate; other
   * tensors only if {@link #retainGrad()} was called. The gradient is a tensor of its own (never
   * shared with another tensor's gradient or the caller's output gradient); later backward passes
   * add into it in place (PyTorch semantics), or replace it with a recorded sum when they create a
   * graph.
   *
   * @return the gradient, or null if none yet
   */
  public Tensor grad() {
    return grad;
  }

  /** Resets the accumulated gradient to none (null); the next backward allocates a new one. */
  public void zeroGrad() {
    zeroGrad(true);
  }

  /**
   * Resets the accumulated gradient: to none with {@code setToNone} (as {@link #zeroGrad()}),
   * else by filling the existing gradient with zeros in place, so the next backward adds into the
   * same buffer (PyTorch's {@code zero_grad(set_to_none=False)}): a training step then allocates
   * no new gradient for this tensor, and the fused {@link #linear} writes a weight's gradient
   * straight into it. Anyone holding the old gradient tensor sees it zeroed and then refilled, so
   * copy a gradient you keep across steps. A gradient that is a recorded tensor (from a backward
   * that created a graph) or not a dense tensor of its own is set to none instead. If a later
   * backward fails part-way, the zeroed gradient is zero again afterwards.
   *
   * @param setToNone drop the gradient (true) or zero it in place (false)
   */
  public void zeroGrad(boolean setToNone) {
    synchronized (this) { // the engine stores and adds into .grad under the same lock
      Tensor g = grad;
      if (setToNone || g == null || g.node != null || !g.isDense()) {
        grad = null;
        zeroedGrad = null;
        return;
      }
      zeroInPlace(g.storage);
    }
  }

  /** Fills s (a float32 or float64 gradient's storage) with zeros and records it as zeroed. */
  private void zeroInPlace(Storage s) {
    if (s.f != null) {
      Arrays.fill(s.f, 0f);
    } else {
      Arrays.fill(s.d, 0.0);
    }
    s.version++;
    zeroedGrad = s;
    zeroedVersion = s.version;
  }

  /** Whether {@code .grad} is the buffer {@link #zeroGrad(boolean)} zeroed, unchanged since. */
  boolean gradIsZeroed() {
    Tensor g = grad;
    return g != null && g.storage == zeroedGrad && zeroedGrad.version == zeroedVersion;
  }

  /** Zeroes the zeroed-then-written {@code .grad} again (engine use, after a failed pass). */
  void rezeroGrad() {
    if (grad != null && grad.storage == zeroedGrad) {
      zeroInPlace(zeroedGrad);
    }
  }

  /**
   * Asks backward to also store this non-leaf tensor's gradient in {@link #grad()}.
   *
   * @return this tensor
   */
  public Tensor retainGrad() {
    retainGrad = true;
    return this;
  }

  boolean retainsGrad() {
    return retainGrad;
  }

  /**
   * The same values as a constant: a view sharing the storage (and its version counter), with no
   * graph history and no forward-mode tangent; it does not require grad.
   *
   * @return the detached view
   */
  public Tensor detach() {
    return new Tensor(storage, shape, strides, offset);
  }

  /** Adds g into this dense gradient in place (engine use), bumping the version. */
  void accumulate(Tensor g) {
    try (Autograd.Scope s = Autograd.noGrad()) {
      writeInPlace(g.dtype() == dtype() ? g : g.to(dtype()), true, 1.0);
    }
  }

  // ---------------------------------------------------------------- in-place updates

  /**
   * Overwrites this leaf's values with {@code src} (converted to this dtype, broadcast to this
   * shape) — for optimizers and initializers. On a view this writes through to the shared
   * storage. Graphs that saved the old values can no longer be differentiated (backward says so).
   *
   * @param src the new values
   * @return this tensor
   * @throws IllegalArgumentException if this tensor was produced by an op, if it requires grad
   *     while grad mode is on (wrap updates in {@link Autograd#noGrad()}), if it has expanded
   *     (stride-0) axes, or if src does not broadcast to this shape
   */
  public Tensor set(Tensor src) {
    checkInPlace("set", src);
    Tensor v;
    try (Autograd.Scope s = Autograd.noGrad()) {
      v = src.dtype() == dtype() ? src : src.to(dtype());
    }
    writeInPlace(v, false, 1.0);
    return this;
  }

  /**
   * {@code this ← this + alpha·other} in place (other broadcast to this shape), e.g. the SGD
   * step {@code w.addInPlace(w.grad(), -lr)}. Same restrictions as {@link #set(Tensor)}.
   *
   * @param other the increment
   * @param alpha its scale
   * @return this tensor
   * @throws IllegalArgumentException as {@link #set(Tensor)}
   */
  public Tensor addInPlace(Tensor other, double alpha) {
    checkInPlace("addInPlace", other);
    Tensor v;
    try (Autograd.Scope s = Autograd.noGrad()) {
      v = other.dtype() == dtype() ? other : other.to(dtype());
    }
    writeInPlace(v, true, alpha);
    return this;
  }

  /**
   * {@code this ← this · c} in place. Same restrictions as {@link #set(Tensor)}.
   *
   * @param c the factor
   * @return this tensor
   * @throws IllegalArgumentException as {@link #set(Tensor)}
   */
  public Tensor mulInPlace(double c) {
    checkInPlace("mulInPlace", this);
    Tensor v;
    try (Autograd.Scope s = Autograd.noGrad()) {
      v = mul(c);
    }
    writeInPlace(v, false, 1.0);
    return this;
  }

  private void checkInPlace(String op, Tensor src) {
    checkModifiableLeaf(op);
    checkNotExpanded(op);
    checkArgument(src.shape().broadcastsTo(shape), "%s: cannot broadcast %s to %s", op,
        src.shape(), shape);
  }

  /** Only leaves, and those that require grad only under no-grad. */
  void checkModifiableLeaf(String op) {
    checkArgument(node == null, "%s: only leaf tensors can be modified in place; this one was "
        + "produced by '%s'", op, node == null ? "" : node.prim.name);
    checkArgument(!(requiresGrad && Autograd.isGradEnabled()), "%s: in-place update of a leaf "
        + "that requires grad (shape %s) while grad mode is on; wrap it in Autograd.noGrad()",
        op, shape);
  }

  /** No element is stored once for several positions (a write would change them all). */
  private void checkNotExpanded(String op) {
    for (int i = 0; i < rank(); i++) {
      checkArgument(strides[i] != 0 || shape.dim(i) <= 1, "%s: cannot write into an expanded "
          + "view (axis %s of shape %s has stride 0); write into its base", op, i, shape);
    }
  }

  /** this = v (or this + alpha·v), v of this dtype broadcasting to this shape; bumps version. */
  private void writeInPlace(Tensor v, boolean add, double alpha) {
    Tensor src = v;
    if (add) {
      if (isDense() && v.isDense() && v.shape.equals(shape) && v.storage != storage) {
        // The optimizer's common case: one fused pass, no temporaries.
        if (storage.f != null) {
          float[] a = storage.f;
          float[] b = v.storage.f;
          float c = (float) alpha;
          for (int i = 0; i < a.length; i++) a[i] += c * b[i];
          storage.version++;
          return;
        } else if (storage.d != null) {
          double[] a = storage.d;
          double[] b = v.storage.d;
          for (int i = 0; i < a.length; i++) a[i] += alpha * b[i];
          storage.version++;
          return;
        }
      }
      try (Autograd.Scope s = Autograd.noGrad()) {
        Tensor inc = alpha == 1.0 ? v.detach() : v.detach().mul(alpha);
        src = detach().add(inc).to(dtype());
      }
    }
    if (src.storage == storage) {
      src = wrap(src.convertedArray(dtype()), src.shape); // overlaps this view: read it first
    }
    Strided.assign(src.storage.array(), src.offset, src.stridesFor(shape), storage.array(), offset,
        strides, shape.dimsRef());
    storage.version++;
  }

  /**
   * Backpropagates from a one-element tensor: adds {@code d this / d leaf} into the
   * {@link #grad()} of every leaf that requires grad (and of every tensor that retains grad).
   * The graph is kept, so backward may be called again; gradients then accumulate again.
   *
   * @throws IllegalArgumentException if the tensor has more than one element (pass a gradient,
   *     {@link #backward(Tensor)}) or does not require grad
   */
  public void backward() {
    backward(null, false);
  }

  /**
   * Backpropagates {@code gradOutput} (this tensor's shape): adds the vector-Jacobian product
   * {@code gradOutput · d this / d leaf} into each leaf's {@link #grad()}. The caller's tensor is
   * never stored as a gradient (copied where needed).
   *
   * @param gradOutput the output gradient
   * @throws IllegalArgumentException if gradOutput is null, its shape differs or this does not
   *     require grad
   */
  public void backward(Tensor gradOutput) {
    checkArgument(gradOutput != null, "backward: gradOutput is null");
    backward(gradOutput, false);
  }

  /**
   * As {@link #backward(Tensor)}; with {@code createGraph} the backward pass is itself recorded,
   * so the accumulated gradients can be differentiated again.
   *
   * @param gradOutput the output gradient, or null for a one-element tensor
   * @param createGraph record the backward pass
   * @throws IllegalArgumentException as {@link #backward(Tensor)}
   */
  public void backward(Tensor gradOutput, boolean createGraph) {
    checkArgument(requiresGrad(), "backward: tensor of shape %s does not require grad (it is a "
        + "constant, or was computed under noGrad or from detached inputs)", shape);
    Tensor[] roots = {this};
    Tensor[] seeds = Autograd.seeds("backward", roots,
        gradOutput == null ? null : List.of(gradOutput));
    Engine.run(roots, seeds, null, createGraph);
  }

  // ---------------------------------------------------------------- elementwise, one input

  /**
   * {@code -x} (integer dtypes wrap around; BOOL is refused).
   *
   * @return the negation
   * @throws IllegalArgumentException for a BOOL tensor
   */
  public Tensor neg() {
    return ElementwiseOps.NEG.apply(ElementwiseOps.numeric("neg", this));
  }

  /**
   * {@code e^x}. Integer and BOOL inputs are converted to FLOAT32 first (as in PyTorch).
   *
   * @return the exponential
   */
  public Tensor exp() {
    return ElementwiseOps.EXP.apply(floating());
  }

  /**
   * Natural log; NaN for x &lt; 0, -Inf at 0.
   *
   * @return the logarithm
   */
  public Tensor log() {
    return ElementwiseOps.LOG.apply(floating());
  }

  /**
   * {@code log(1 + x)}, accurate near 0.
   *
   * @return the result
   */
  public Tensor log1p() {
    return ElementwiseOps.LOG1P.apply(floating());
  }

  /**
   * {@code e^x - 1}, accurate near 0.
   *
   * @return the result
   */
  public Tensor expm1() {
    return ElementwiseOps.EXPM1.apply(floating());
  }

  /**
   * Square root (NaN for x &lt; 0).
   *
   * @return the root
   */
  public Tensor sqrt() {
    return ElementwiseOps.SQRT.apply(floating());
  }

  /**
   * {@code |x|}; gradient {@code sign(x)} (0 at 0). Integer dtypes stay integer.
   *
   * @return the absolute value
   * @throws IllegalArgumentException for a BOOL tensor
   */
  public Tensor abs() {
    return ElementwiseOps.ABS.apply(ElementwiseOps.numeric("abs", this));
  }

  /**
   * {@code x²} (= x·x).
   *
   * @return the square
   */
  public Tensor square() {
    return mul(this);
  }

  /**
   * {@code 1/x} (floating point).
   *
   * @return the reciprocal
   */
  public Tensor reciprocal() {
    return floating().pow(-1.0);
  }

  /**
   * Sine.
   *
   * @return the sine
   */
  public Tensor sin() {
    return ElementwiseOps.SIN.apply(floating());
  }

  /**
   * Cosine.
   *
   * @return the cosine
   */
  public Tensor cos() {
    return ElementwiseOps.COS.apply(floating());
  }

  /**
   * Hyperbolic tangent; gradient {@code 1 - tanh²}.
   *
   * @return the result
   */
  public Tensor tanh() {
    return ElementwiseOps.TANH.apply(floating());
  }

  /**
   * {@code 1 / (1 + e^-x)}, computed without overflow; gradient {@code σ(1 - σ)}.
   *
   * @return the result
   */
  public Tensor sigmoid() {
    return ElementwiseOps.SIGMOID.apply(floating());
  }

  /**
   * {@code max(x, 0)}; gradient 1 for x &gt; 0, else 0 (0 at the kink); NaN stays NaN. Integer
   * dtypes stay integer.
   *
   * @return the result
   * @throws IllegalArgumentException for a BOOL tensor
   */
  public Tensor relu() {
    return ElementwiseOps.RELU.apply(ElementwiseOps.numeric("relu", this));
  }

  /**
   * {@code x} for x &gt; 0, else {@code slope·x}.
   *
   * @param slope the negative-side slope
   * @return the result
   */
  public Tensor leakyRelu(double slope) {
    return ElementwiseOps.LEAKY_RELU.apply(slope, floating());
  }

  /**
   * {@code log(1 + e^x)} computed as {@code max(x,0) + log1p(e^-|x|)}; gradient {@code σ(x)}.
   *
   * @return the result
   */
  public Tensor softplus() {
    return ElementwiseOps.SOFTPLUS.apply(floating());
  }

  /**
   * Clips to {@code [min, max]}; gradient 1 inside (bounds included), 0 outside. Integer dtypes
   * stay integer when both bounds are integers.
   *
   * @param min the lower bound
   * @param max the upper bound
   * @return the result
   * @throws IllegalArgumentException if min &gt; max or either is NaN
   */
  public Tensor clamp(double min, double max) {
    checkArgument(min <= max, "clamp: min %s is greater than max %s", min, max);
    Tensor x = dtype().isInteger() && min == Math.rint(min) && max == Math.rint(max) ? this
        : floating();
    return ElementwiseOps.CLAMP.apply(new double[] {min, max}, x);
  }

  /**
   * {@code x^p} for a constant exponent; gradient {@code p·x^(p-1)} (0 when p = 0, so every
   * derivative of {@code x^0}, {@code x^1}, ... is finite at x = 0).
   *
   * @param p the exponent
   * @return the power
   */
  public Tensor pow(double p) {
    return ElementwiseOps.POW_SCALAR.apply(p, floating());
  }

  /**
   * -1, 0 or 1 (0 for ±0, NaN for NaN). A constant: zero gradient. Integer dtypes stay integer.
   *
   * @return the sign
   * @throws IllegalArgumentException for a BOOL tensor
   */
  public Tensor sign() {
    return ElementwiseOps.SIGN.apply(ElementwiseOps.numeric("sign", this));
  }

  /**
   * Heaviside step: 1 where x &gt; 0, else 0, in this (floating-point) dtype. A constant.
   *
   * @return the step
   */
  public Tensor step() {
    return ElementwiseOps.STEP.apply(floating());
  }

  /**
   * Converts to another dtype (a no-op if equal): C casts (float to int truncates toward zero),
   * BOOL to 0/1, numbers to BOOL as {@code x != 0}. Gradients are converted back between
   * floating-point dtypes; a cast to an integer or BOOL dtype is a constant.
   *
   * @param dtype the target dtype
   * @return the converted tensor (this one if the dtype is already right)
   * @throws NullPointerException if dtype is null
   */
  public Tensor to(DType dtype) {
    checkDType("to", dtype);
    return dtype == dtype() ? this : ShapeOps.cast(this, dtype);
  }

  /** This tensor, or a FLOAT32 copy for an integer or BOOL one (PyTorch's float ops). */
  Tensor floating() {
    return dtype().isFloatingPoint() ? this : to(DType.FLOAT32);
  }

  // ---------------------------------------------------------------- elementwise vocabulary

  // Trigonometric and hyperbolic functions, logs and exponentials, the error function family,
  // activations, rounding, IEEE predicates and the binary atan2/hypot/fmod/xlogy/logaddexp/lerp.
  // Integer and BOOL inputs become FLOAT32 (as PyTorch's float ops) unless a method says it keeps
  // integer dtypes; float32 stays float32.

  /**
   * Tangent {@code tan x}; derivative {@code 1 + tan² x}. Poles at {@code π/2 + kπ}.
   *
   * @return the tangent
   */
  public Tensor tan() {
    return MathOps.TAN.apply(floating());
  }

  /**
   * Arcsine, in {@code [-π/2, π/2]}; NaN outside {@code [-1, 1]}. Derivative
   * {@code 1/√(1 - x²)} (infinite at ±1).
   *
   * @return the arcsine
   */
  public Tensor asin() {
    return MathOps.ASIN.apply(floating());
  }

  /**
   * Arccosine, in {@code [0, π]}; NaN outside {@code [-1, 1]}. Derivative
   * {@code -1/√(1 - x²)} (infinite at ±1).
   *
   * @return the arccosine
   */
  public Tensor acos() {
    return MathOps.ACOS.apply(floating());
  }

  /**
   * Arctangent, in {@code (-π/2, π/2)}; derivative {@code 1/(1 + x²)}.
   *
   * @return the arctangent
   */
  public Tensor atan() {
    return MathOps.ATAN.apply(floating());
  }

  /**
   * {@code atan2(y, x)} elementwise with this tensor as y: the angle of the point (x, y) in
   * {@code [-π, π]}, with the quadrant from both signs (C's atan2, including signed zeros).
   * Derivatives {@code ∂y = x/(x² + y²)} and {@code ∂x = -y/(x² + y²)}; both are taken as 0 at
   * the origin, where the angle is undefined. Broadcasts and promotes (integers to FLOAT32).
   *
   * @param x the abscissa
   * @return the angle
   * @throws IllegalArgumentException if the shapes do not broadcast
   */
  public Tensor atan2(Tensor x) {
    return floatBinary(MathOps.ATAN2, x);
  }

  /**
   * Hyperbolic sine {@code (e^x - e^-x)/2}, accurate near 0; derivative {@code cosh x}.
   *
   * @return the result
   */
  public Tensor sinh() {
    return MathOps.SINH.apply(floating());
  }

  /**
   * Hyperbolic cosine {@code (e^x + e^-x)/2}; derivative {@code sinh x}.
   *
   * @return the result
   */
  public Tensor cosh() {
    return MathOps.COSH.apply(floating());
  }

  /**
   * Inverse hyperbolic sine {@code log(x + √(x² + 1))}, computed without cancellation near 0 or
   * overflow for large |x|; derivative {@code 1/√(x² + 1)}.
   *
   * @return the result
   */
  public Tensor asinh() {
    return MathOps.ASINH.apply(floating());
  }

  /**
   * Inverse hyperbolic tangent {@code log((1 + x)/(1 - x))/2}, accurate near 0; ±∞ at ±1, NaN
   * outside {@code [-1, 1]}. Derivative {@code 1/(1 - x²)}.
   *
   * @return the result
   */
  public Tensor atanh() {
    return MathOps.ATANH.apply(floating());
  }

  /**
   * Base-2 logarithm, exact for powers of two; -∞ at 0, NaN for x &lt; 0. Derivative
   * {@code 1/(x·ln 2)}.
   *
   * @return the logarithm
   */
  public Tensor log2() {
    return MathOps.LOG2.apply(floating());
  }

  /**
   * Base-10 logarithm, exact for powers of ten; -∞ at 0, NaN for x &lt; 0. Derivative
   * {@code 1/(x·ln 10)}.
   *
   * @return the logarithm
   */
  public Tensor log10() {
    return MathOps.LOG10.apply(floating());
  }

  /**
   * {@code 2^x}, exact for integer x in range; derivative {@code 2^x·ln 2}.
   *
   * @return the power of two
   */
  public Tensor exp2() {
    return MathOps.EXP2.apply(floating());
  }

  /**
   * {@code 1/√x} (a composite: {@code x^(-1/2)}); +∞ at 0, NaN for x &lt; 0. Derivative
   * {@code -x^(-3/2)/2}.
   *
   * @return the reciprocal square root
   */
  public Tensor rsqrt() {
    return floating().pow(-0.5);
  }

  /**
   * The error function {@code erf(x) = 2/√π ∫_0^x e^(-t²) dt}, to within a few ulps of double
   * precision (W. J. Cody's rational approximations); {@code erf(±∞) = ±1}. Derivative
   * {@code 2/√π·e^(-x²)}.
   *
   * @return erf of each element
   */
  public Tensor erf() {
    return MathOps.ERF.apply(floating());
  }

  /**
   * The complementary error function {@code erfc(x) = 1 - erf(x)}, accurate relative to its own
   * size in the tail (down to its underflow near x = 26.5, where {@code 1 - erf(x)} is 0);
   * {@code erfc(+∞) = 0}, {@code erfc(-∞) = 2}. Derivative {@code -2/√π·e^(-x²)}.
   *
   * @return erfc of each element
   */
  public Tensor erfc() {
    return MathOps.ERFC.apply(floating());
  }

  /**
   * The inverse error function: {@code erf(erfinv(y)) = y} for y in (-1, 1), to within a few
   * ulps (M. Giles' approximation refined by a Halley step on erf, or on erfc near ±1);
   * {@code ±∞} at ±1, NaN outside {@code [-1, 1]}. Derivative {@code √π/2·e^(erfinv(y)²)}.
   *
   * @return erfinv of each element
   */
  public Tensor erfinv() {
    return MathOps.ERFINV.apply(floating());
  }

  /**
   * The Gaussian error linear unit {@code x·Φ(x)} (PyTorch's {@code gelu}, approximate
   * "none"), computed as {@code x/2·erfc(-x/√2)}, which keeps its relative accuracy for large
   * negative x (where {@code 1 + erf(x/√2)} cancels). Smooth; derivative
   * {@code Φ(x) + x·φ(x)} with φ the standard normal density. A composite.
   *
   * @return the activations
   */
  public Tensor gelu() {
    Tensor x = floating();
    return x.mul(0.5).mul(x.mul(-0.7071067811865476).erfc());
  }

  /**
   * GELU in its tanh approximation (PyTorch's {@code gelu(approximate="tanh")}):
   * {@code x/2·(1 + tanh(√(2/π)·(x + 0.044715·x³)))}, within about 5e-4 of {@link #gelu()}.
   * Smooth. A composite.
   *
   * @return the activations
   */
  public Tensor geluTanh() {
    Tensor x = floating();
    Tensor inner = x.add(x.pow(3.0).mul(0.044715)).mul(0.7978845608028654);
    return x.mul(0.5).mul(inner.tanh().add(1.0));
  }

  /**
   * SiLU (swish) {@code x·σ(x)}; derivative {@code σ(x)·(1 + x·(1 - σ(x)))}. Smooth. A
   * composite.
   *
   * @return the activations
   */
  public Tensor silu() {
    Tensor x = floating();
    return x.mul(x.sigmoid());
  }

  /**
   * ELU with {@code α = 1}, see {@link #elu(double)}.
   *
   * @return the activations
   */
  public Tensor elu() {
    return elu(1.0);
  }

  /**
   * The exponential linear unit: {@code x} for x &gt; 0, else {@code α·(e^x - 1)}, computed as
   * {@code relu(x) + α·expm1(min(x, 0))} so that large x never reaches exp. Derivative 1 for
   * x &gt; 0, {@code α·e^x} for x &lt;= 0 (α at 0, as PyTorch); the second derivative jumps at 0.
   * A composite.
   *
   * @param alpha the scale of the negative part ({@code -α} is the limit at -∞)
   * @return the activations
   * @throws IllegalArgumentException if alpha is not finite
   */
  public Tensor elu(double alpha) {
    checkArgument(Double.isFinite(alpha), "elu: alpha must be finite, got %s", alpha);
    Tensor x = floating();
    return x.relu().add(x.clampMax(0.0).expm1().mul(alpha));
  }

  /**
   * SELU (Klambauer et al. 2017): {@code λ·elu_α(x)} with PyTorch's constants
   * {@code α = 1.6732632423543772}, {@code λ = 1.0507009873554805}. Derivative λ for x &gt; 0,
   * {@code λα·e^x} for x &lt;= 0. A composite.
   *
   * @return the activations
   */
  public Tensor selu() {
    return elu(1.6732632423543772).mul(1.0507009873554805);
  }

  /**
   * Mish {@code x·tanh(softplus(x))} (softplus computed stably, so any x is finite). Smooth. A
   * composite.
   *
   * @return the activations
   */
  public Tensor mish() {
    Tensor x = floating();
    return x.mul(x.softplus().tanh());
  }

  /**
   * {@code log σ(x) = -softplus(-x)}, finite for every x (about x for large negative x, about
   * {@code -e^-x} for large positive); derivative {@code 1 - σ(x)}. A composite.
   *
   * @return the result
   */
  public Tensor logSigmoid() {
    return floating().neg().softplus().neg();
  }

  /**
   * {@link #hardtanh(double, double)} between -1 and 1.
   *
   * @return the result
   */
  public Tensor hardtanh() {
    return hardtanh(-1.0, 1.0);
  }

  /**
   * {@code clamp(x, min, max)} (PyTorch's hardtanh); derivative 1 inside {@code [min, max]},
   * 0 outside. At the bounds themselves the derivative is 1 (clamp's convention; PyTorch's
   * hardtanh takes 0 there). A composite.
   *
   * @param min the lower bound
   * @param max the upper bound
   * @return the result
   * @throws IllegalArgumentException if min &gt; max or either is NaN
   */
  public Tensor hardtanh(double min, double max) {
    checkArgument(min <= max, "hardtanh: need min <= max, got min=%s, max=%s", min, max);
    return floating().clamp(min, max);
  }

  /**
   * Softsign {@code x/(1 + |x|)}, in (-1, 1); derivative {@code 1/(1 + |x|)²}, whose own
   * derivative jumps at 0. A composite.
   *
   * @return the result
   */
  public Tensor softsign() {
    Tensor x = floating();
    return x.div(x.abs().add(1.0));
  }

  /**
   * Softplus with sharpness and a linear threshold, as PyTorch's
   * {@code softplus(x, beta, threshold)}: {@code log(1 + e^(β·x))/β}, computed stably, and x
   * itself where {@code β·x > threshold} (where the two differ by less than
   * {@code e^-threshold/β}). Derivative {@code σ(β·x)}, or 1 above the threshold. A composite.
   *
   * @param beta the sharpness β &gt; 0 (larger is closer to relu)
   * @param threshold above which {@code β·x} the result is x
   * @return the result
   * @throws IllegalArgumentException unless beta is finite and positive and threshold is not NaN
   */
  public Tensor softplus(double beta, double threshold) {
    checkArgument(beta > 0 && Double.isFinite(beta), "softplus: beta must be finite and > 0, "
        + "got %s", beta);
    checkArgument(!Double.isNaN(threshold), "softplus: threshold is NaN");
    Tensor x = floating();
    Tensor bx = beta == 1.0 ? x : x.mul(beta);
    Tensor soft = beta == 1.0 ? bx.softplus() : bx.softplus().div(beta);
    return where(bx.gt(threshold), x, soft);
  }

  /**
   * {@code max(x, min)} (a one-sided clamp); derivative 1 where {@code x >= min}, else 0.
   * Integer dtypes stay integer when min is a whole number.
   *
   * @param min the lower bound
   * @return the result
   * @throws IllegalArgumentException if min is NaN
   */
  public Tensor clampMin(double min) {
    checkArgument(!Double.isNaN(min), "clampMin: min is NaN");
    return clamp(min, Double.POSITIVE_INFINITY);
  }

  /**
   * {@code min(x, max)} (a one-sided clamp); derivative 1 where {@code x <= max}, else 0.
   * Integer dtypes stay integer when max is a whole number.
   *
   * @param max the upper bound
   * @return the result
   * @throws IllegalArgumentException if max is NaN
   */
  public Tensor clampMax(double max) {
    checkArgument(!Double.isNaN(max), "clampMax: max is NaN");
    return clamp(Double.NEGATIVE_INFINITY, max);
  }

  /**
   * The largest whole number {@code <= x}. A constant (zero gradient almost everywhere; the
   * result never requires grad and carries no tangent). Integer dtypes are returned unchanged.
   *
   * @return the floor
   * @throws IllegalArgumentException for a BOOL tensor
   */
  public Tensor floor() {
    return MathOps.FLOOR.apply(ElementwiseOps.numeric("floor", this));
  }

  /**
   * The smallest whole number {@code >= x}. A constant, see {@link #floor()}.
   *
   * @return the ceiling
   * @throws IllegalArgumentException for a BOOL tensor
   */
  public Tensor ceil() {
    return MathOps.CEIL.apply(ElementwiseOps.numeric("ceil", this));
  }

  /**
   * The nearest whole number, ties to even ({@code round(0.5) = 0}, {@code round(1.5) = 2},
   * {@code round(-2.5) = -2}, as PyTorch and NumPy). A constant, see {@link #floor()}.
   *
   * @return the rounded values
   * @throws IllegalArgumentException for a BOOL tensor
   */
  public Tensor round() {
    return MathOps.ROUND.apply(ElementwiseOps.numeric("round", this));
  }

  /**
   * The whole part, rounded toward zero. A constant, see {@link #floor()}.
   *
   * @return the truncated values
   * @throws IllegalArgumentException for a BOOL tensor
   */
  public Tensor trunc() {
    return MathOps.TRUNC.apply(ElementwiseOps.numeric("trunc", this));
  }

  /**
   * The fractional part {@code x - trunc(x)}, with x's sign (PyTorch's frac); derivative 1
   * everywhere (trunc is a constant), also at the whole numbers where it jumps. A composite.
   *
   * @return the fractional parts
   */
  public Tensor frac() {
    Tensor x = floating();
    return x.sub(x.trunc());
  }

  /**
   * Whether each element is NaN, as BOOL (false for integer and BOOL tensors). A constant.
   *
   * @return the mask
   */
  public Tensor isNan() {
    return MathOps.IS_NAN.apply(this);
  }

  /**
   * Whether each element is +∞ or -∞, as BOOL (false for integer and BOOL tensors). A constant.
   *
   * @return the mask
   */
  public Tensor isInf() {
    return MathOps.IS_INF.apply(this);
  }

  /**
   * Whether each element is neither NaN nor infinite, as BOOL (true for integer and BOOL
   * tensors). A constant.
   *
   * @return the mask
   */
  public Tensor isFinite() {
    return MathOps.IS_FINITE.apply(this);
  }

  /**
   * {@link #nanToNum(double, double, double)} with PyTorch's defaults: NaN to 0, +∞ to the
   * largest finite value of the dtype, -∞ to the most negative.
   *
   * @return the cleaned values
   * @throws IllegalArgumentException for a BOOL tensor
   */
  public Tensor nanToNum() {
    double big = dtype() == DType.FLOAT32 ? Float.MAX_VALUE : Double.MAX_VALUE;
    return nanToNum(0.0, big, -big);
  }

  /**
   * NaN, +∞ and -∞ replaced by the given numbers (rounded to this dtype; float32 turns numbers
   * beyond its range into infinities); derivative 1 where x is finite, 0 where a value was
   * replaced. Integer dtypes are returned unchanged (they hold no NaN or infinity).
   *
   * @param nan the value for NaN
   * @param posinf the value for +∞
   * @param neginf the value for -∞
   * @return the cleaned values
   * @throws IllegalArgumentException for a BOOL tensor
   */
  public Tensor nanToNum(double nan, double posinf, double neginf) {
    return MathOps.NAN_TO_NUM.apply(new double[] {nan, posinf, neginf},
        ElementwiseOps.numeric("nanToNum", this));
  }

  /**
   * C's {@code fmod}: {@code x - trunc(x / y)·y}, with the sign of the dividend x (Java's
   * {@code %}); {@link #remainder(Tensor)} is the one with the divisor's sign. Exact for
   * integers (integer division by zero is an error; floats give NaN). Derivatives
   * {@code ∂x = 1}, {@code ∂y = -trunc(x / y)} (one-sided at the jumps, where x / y is whole).
   * Broadcasts and promotes.
   *
   * @param other the divisor y
   * @return the remainder
   * @throws IllegalArgumentException if the shapes do not broadcast, an integer divisor is 0, or
   *     both operands are BOOL
   */
  public Tensor fmod(Tensor other) {
    return binary(MathOps.FMOD, other);
  }

  /**
   * {@code fmod(x, c)}, see {@link #fmod(Tensor)}.
   *
   * @param c the divisor
   * @return the remainder
   */
  public Tensor fmod(double c) {
    return binary(MathOps.FMOD, c);
  }

  /**
   * {@code fmod(x, c)} for an integer c (an integer tensor stays integer), see
   * {@link #fmod(Tensor)}.
   *
   * @param c the divisor
   * @return the remainder
   * @throws IllegalArgumentException if c is 0 for an integer (or BOOL) tensor
   */
  public Tensor fmod(long c) {
    return binary(MathOps.FMOD, c);
  }

  /**
   * Linear interpolation {@code x + w·(end - x)} from this tensor (w = 0) to end (w = 1),
   * evaluated as PyTorch does: {@code end - (end - x)·(1 - w)} where {@code w >= 1/2}, so both
   * end points are exact. Derivatives {@code ∂x = 1 - w}, {@code ∂end = w},
   * {@code ∂w = end - x}. Broadcasts all three. A composite.
   *
   * @param end the value at w = 1
   * @param weight the weight w
   * @return the interpolation
   * @throws IllegalArgumentException if the shapes do not broadcast
   */
  public Tensor lerp(Tensor end, Tensor weight) {
    Tensor x = floating();
    Tensor w = weight.floating();
    Tensor d = end.floating().sub(x);
    return where(w.lt(0.5), x.add(w.mul(d)), end.floating().sub(d.mul(w.neg().add(1.0))));
  }

  /**
   * Linear interpolation with a constant weight, see {@link #lerp(Tensor, Tensor)}.
   *
   * @param end the value at w = 1
   * @param weight the weight w
   * @return the interpolation
   * @throws IllegalArgumentException if the shapes do not broadcast
   */
  public Tensor lerp(Tensor end, double weight) {
    Tensor x = floating();
    Tensor d = end.floating().sub(x);
    return weight < 0.5 ? x.add(d.mul(weight)) : end.floating().sub(d.mul(1 - weight));
  }

  /**
   * {@code √(x² + y²)} elementwise without overflow or underflow (C's hypot). Derivatives
   * {@code ∂x = x/h}, {@code ∂y = y/h}; both are 0 at the origin (where the cone has no
   * gradient, as for a norm at the zero vector) instead of NaN. Broadcasts and promotes
   * (integers to FLOAT32).
   *
   * @param other y
   * @return the hypotenuse
   * @throws IllegalArgumentException if the shapes do not broadcast
   */
  public Tensor hypot(Tensor other) {
    return floatBinary(MathOps.HYPOT, other);
  }

  /**
   * {@code x·log y} with this tensor as x, and 0 where x = 0 whatever y is (0 at y = 0 too; NaN
   * only for y NaN), PyTorch's xlogy: the {@code 0·log 0 = 0} of entropies and KL divergences.
   * Derivatives {@code ∂x = log y} and {@code ∂y = x/y}, both taken as 0 where x = 0 and
   * {@code y <= 0}, so {@code xlogy(0, 0)} has a finite (zero) gradient. Broadcasts and promotes
   * (integers to FLOAT32).
   *
   * @param y the argument of the logarithm
   * @return the result
   * @throws IllegalArgumentException if the shapes do not broadcast
   */
  public Tensor xlogy(Tensor y) {
    return floatBinary(MathOps.XLOGY, y);
  }

  /**
   * {@code log(e^x + e^y)} elementwise, computed as {@code max + log1p(e^-|x - y|)}: exact for
   * arguments of ±1000 (and {@code x + log 2} when x = y, infinities included). Derivatives
   * {@code ∂x = σ(x - y)}, {@code ∂y = σ(y - x)} (NaN where both are the same infinity).
   * Broadcasts and promotes (integers to FLOAT32).
   *
   * @param other y
   * @return the result
   * @throws IllegalArgumentException if the shapes do not broadcast
   */
  public Tensor logaddexp(Tensor other) {
    return floatBinary(MathOps.LOGADDEXP, other);
  }

  /** A binary float op: PyTorch promotion, then integers and bools to FLOAT32. */
  private Tensor floatBinary(Prim<Void> op, Tensor other) {
    DType t = DType.resultType(this, other);
    t = t.isFloatingPoint() ? t : DType.FLOAT32;
    return op.apply(to(t), other.to(t));
  }

  // ---------------------------------------------------------------- elementwise, two inputs

  private Tensor binary(Prim<Void> op, Tensor other) {
    DType t = DType.resultType(this, other);
    if (t == dtype() && t == other.dtype()) {
      return op.apply(this, other);
    }
    return op.apply(to(t), other.to(t));
  }

  private Tensor binary(Prim<Void> op, double c) {
    DType t = DType.withNumber(dtype(), false);
    return op.apply(to(t), scalar(t, c));
  }

  private Tensor binary(Prim<Void> op, long c) {
    DType t = DType.withNumber(dtype(), true);
    return op.apply(to(t), scalar(t, c));
  }

  /**
   * {@code x + y} with broadcasting and promotion.
   *
   * @param other the other operand
   * @return the sum
   * @throws IllegalArgumentException if the shapes do not broadcast
   */
  public Tensor add(Tensor other) {
    return binary(BinaryOps.ADD, other);
  }

  /**
   * {@code x + c}.
   *
   * @param c the number
   * @return the sum
   */
  public Tensor add(double c) {
    return binary(BinaryOps.ADD, c);
  }

  /**
   * {@code x + c} for an integer c (an integer tensor stays integer).
   *
   * @param c the number
   * @return the sum
   */
  public Tensor add(long c) {
    return binary(BinaryOps.ADD, c);
  }

  /**
   * {@code x - y} with broadcasting and promotion.
   *
   * @param other the other operand
   * @return the difference
   * @throws IllegalArgumentException if the shapes do not broadcast or both are BOOL
   */
  public Tensor sub(Tensor other) {
    return binary(BinaryOps.SUB, other);
  }

  /**
   * {@code x - c}.
   *
   * @param c the number
   * @return the difference
   */
  public Tensor sub(double c) {
    return binary(BinaryOps.SUB, c);
  }

  /**
   * {@code x - c} for an integer c.
   *
   * @param c the number
   * @return the difference
   */
  public Tensor sub(long c) {
    return binary(BinaryOps.SUB, c);
  }

  /**
   * {@code x · y} elementwise with broadcasting and promotion (a BOOL mask times a float tensor
   * is a float tensor).
   *
   * @param other the other operand
   * @return the product
   * @throws IllegalArgumentException if the shapes do not broadcast
   */
  public Tensor mul(Tensor other) {
    return binary(BinaryOps.MUL, other);
  }

  /**
   * {@code x · c}.
   *
   * @param c the number
   * @return the product
   */
  public Tensor mul(double c) {
    return binary(BinaryOps.MUL, c);
  }

  /**
   * {@code x · c} for an integer c.
   *
   * @param c the number
   * @return the product
   */
  public Tensor mul(long c) {
    return binary(BinaryOps.MUL, c);
  }

  /**
   * {@code x / y}: true division (integer operands give FLOAT32), with broadcasting.
   *
   * @param other the divisor
   * @return the quotient
   * @throws IllegalArgumentException if the shapes do not broadcast
   */
  public Tensor div(Tensor other) {
    DType t = DType.resultType(this, other);
    t = t.isFloatingPoint() ? t : DType.FLOAT32;
    return BinaryOps.DIV.apply(to(t), other.to(t));
  }

  /**
   * {@code x / c} (true division).
   *
   * @param c the divisor
   * @return the quotient
   */
  public Tensor div(double c) {
    return floating().binary(BinaryOps.DIV, c);
  }

  /**
   * {@code floor(x / y)} elementwise (Python's {@code //}): exact for integers (division by zero
   * is an error), {@code floor(a / b)} for floats.
   *
   * @param other the divisor
   * @return the floored quotient (a constant: zero gradient almost everywhere)
   * @throws IllegalArgumentException if the shapes do not broadcast, an integer divisor is 0, or
   *     an operand is BOOL
   */
  public Tensor floorDiv(Tensor other) {
    return binary(BinaryOps.FLOOR_DIV, other);
  }

  /**
   * {@code floor(x / c)}, see {@link #floorDiv(Tensor)}.
   *
   * @param c the divisor
   * @return the floored quotient
   */
  public Tensor floorDiv(long c) {
    return binary(BinaryOps.FLOOR_DIV, c);
  }

  /**
   * {@code x - floor(x / y)·y} (Python's {@code %}: the result has the divisor's sign); exact for
   * integers. Gradient 1 for x and {@code -floor(x / y)} for y.
   *
   * @param other the divisor
   * @return the remainder
   * @throws IllegalArgumentException if the shapes do not broadcast, an integer divisor is 0, or
   *     an operand is BOOL
   */
  public Tensor remainder(Tensor other) {
    return binary(BinaryOps.REMAINDER, other);
  }

  /**
   * {@code x mod c}, see {@link #remainder(Tensor)}.
   *
   * @param c the divisor
   * @return the remainder
   */
  public Tensor remainder(long c) {
    return binary(BinaryOps.REMAINDER, c);
  }

  /**
   * {@code x mod c} for a floating-point c, see {@link #remainder(Tensor)}.
   *
   * @param c the divisor
   * @return the remainder
   */
  public Tensor remainder(double c) {
    return binary(BinaryOps.REMAINDER, c);
  }

  /**
   * {@code x^y} elementwise with broadcasting; gradients {@code y·x^(y-1)} and {@code x^y·log x}
   * (taken as 0 where x = 0 and y &gt;= 0, as PyTorch does). Integer operands stay integer (exact
   * powers; a negative integer exponent is an error).
   *
   * @param exponent the exponent
   * @return the power
   * @throws IllegalArgumentException if the shapes do not broadcast
   */
  public Tensor pow(Tensor exponent) {
    return binary(BinaryOps.POW, exponent);
  }

  /**
   * Elementwise maximum with broadcasting; ties split the gradient evenly; NaN propagates.
   *
   * @param other the other operand
   * @return the maximum
   */
  public Tensor maximum(Tensor other) {
    return binary(BinaryOps.MAXIMUM, other);
  }

  /**
   * Elementwise minimum with broadcasting; ties split the gradient evenly; NaN propagates.
   *
   * @param other the other operand
   * @return the minimum
   */
  public Tensor minimum(Tensor other) {
    return binary(BinaryOps.MINIMUM, other);
  }

  private Tensor compare(Prim<Void> op, Tensor other) {
    DType t = DType.resultType(this, other);
    return op.apply(to(t), other.to(t));
  }

  private Tensor compare(Prim<Void> op, double c) {
    // Compare in double when the tensor is an integer one: 2 < 2.5 must stay true.
    DType t = dtype().isFloatingPoint() ? dtype() : DType.FLOAT64;
    return op.apply(to(t), scalar(t, c));
  }

  /**
   * {@code x < y} elementwise, as BOOL.
   *
   * @param other the other operand
   * @return the mask
   */
  public Tensor lt(Tensor other) {
    return compare(BinaryOps.LT, other);
  }

  /**
   * {@code x < c}, as BOOL.
   *
   * @param c the number
   * @return the mask
   */
  public Tensor lt(double c) {
    return compare(BinaryOps.LT, c);
  }

  /**
   * {@code x <= y}, as BOOL.
   *
   * @param other the other operand
   * @return the mask
   */
  public Tensor le(Tensor other) {
    return compare(BinaryOps.LE, other);
  }

  /**
   * {@code x <= c}, as BOOL.
   *
   * @param c the number
   * @return the mask
   */
  public Tensor le(double c) {
    return compare(BinaryOps.LE, c);
  }

  /**
   * {@code x > y}, as BOOL.
   *
   * @param other the other operand
   * @return the mask
   */
  public Tensor gt(Tensor other) {
    return compare(BinaryOps.GT, other);
  }

  /**
   * {@code x > c}, as BOOL.
   *
   * @param c the number
   * @return the mask
   */
  public Tensor gt(double c) {
    return compare(BinaryOps.GT, c);
  }

  /**
   * {@code x >= y}, as BOOL.
   *
   * @param other the other operand
   * @return the mask
   */
  public Tensor ge(Tensor other) {
    return compare(BinaryOps.GE, other);
  }

  /**
   * {@code x >= c}, as BOOL.
   *
   * @param c the number
   * @return the mask
   */
  public Tensor ge(double c) {
    return compare(BinaryOps.GE, c);
  }

  /**
   * {@code x == y}, as BOOL (exact for INT64 beyond 2^53).
   *
   * @param other the other operand
   * @return the mask
   */
  public Tensor eq(Tensor other) {
    return compare(BinaryOps.EQ, other);
  }

  /**
   * {@code x == c}, as BOOL.
   *
   * @param c the number
   * @return the mask
   */
  public Tensor eq(double c) {
    return compare(BinaryOps.EQ, c);
  }

  /**
   * {@code x == c} for an integer c, exact for INT64.
   *
   * @param c the number
   * @return the mask
   */
  public Tensor eq(long c) {
    DType t = DType.withNumber(dtype(), true);
    return BinaryOps.EQ.apply(to(t), scalar(t, c));
  }

  /**
   * {@code x != y}, as BOOL.
   *
   * @param other the other operand
   * @return the mask
   */
  public Tensor ne(Tensor other) {
    return compare(BinaryOps.NE, other);
  }

  /**
   * {@code x != c}, as BOOL.
   *
   * @param c the number
   * @return the mask
   */
  public Tensor ne(double c) {
    return compare(BinaryOps.NE, c);
  }

  /**
   * Elementwise logical and (numbers count as true when nonzero), as BOOL.
   *
   * @param other the other operand
   * @return the result
   */
  public Tensor logicalAnd(Tensor other) {
    return BinaryOps.AND.apply(bool(), other.bool());
  }

  /**
   * Elementwise logical or, as BOOL.
   *
   * @param other the other operand
   * @return the result
   */
  public Tensor logicalOr(Tensor other) {
    return BinaryOps.OR.apply(bool(), other.bool());
  }

  /**
   * Elementwise logical exclusive or, as BOOL.
   *
   * @param other the other operand
   * @return the result
   */
  public Tensor logicalXor(Tensor other) {
    return BinaryOps.XOR.apply(bool(), other.bool());
  }

  /**
   * Elementwise logical not ({@code x == 0}), as BOOL.
   *
   * @return the result
   */
  public Tensor logicalNot() {
    return ElementwiseOps.NOT.apply(this);
  }

  private Tensor bool() {
    return to(DType.BOOL);
  }

  /**
   * {@code cond ? a : b} elementwise, all three broadcast together; a and b promote to a common
   * dtype. The condition is a constant; gradients flow to a where it holds and to b elsewhere.
   *
   * @param cond a BOOL mask (e.g. a comparison's result)
   * @param a values where cond holds
   * @param b values elsewhere
   * @return the selection
   * @throws IllegalArgumentException if cond is not BOOL or the shapes do not broadcast
   */
  public static Tensor where(Tensor cond, Tensor a, Tensor b) {
    checkArgument(cond.dtype() == DType.BOOL, "where: condition must be a bool tensor, got %s "
        + "(compare it, e.g. mask.ne(0), to make one)", cond.dtype());
    DType t = DType.resultType(a, b);
    return BinaryOps.WHERE.apply(cond, a.to(t), b.to(t));
  }

  /**
   * {@code where(mask, value, x)}: x with {@code value} wherever mask holds (value converted to
   * x's dtype).
   *
   * @param mask a BOOL mask broadcasting to x's shape
   * @param value the fill value
   * @return the filled tensor (x's shape and dtype); gradient flows to x where mask is false
   * @throws IllegalArgumentException if mask is not BOOL or does not broadcast to x's shape
   */
  public Tensor maskedFill(Tensor mask, double value) {
    checkArgument(mask.dtype() == DType.BOOL, "maskedFill: mask must be a bool tensor, got %s",
        mask.dtype());
    checkArgument(mask.shape().broadcastsTo(shape), "maskedFill: mask of shape %s does not "
        + "broadcast to %s", mask.shape(), shape);
    return BinaryOps.WHERE.apply(mask, scalar(dtype(), value), this);
  }

  // ---------------------------------------------------------------- reductions

  /**
   * Sum of all elements (0-d); integer and BOOL tensors sum exactly to INT64.
   *
   * @return the sum
   */
  public Tensor sum() {
    return sum(new int[0], false);
  }

  /**
   * Sum over the given axes (all if none), dropping them.
   *
   * @param axes the axes; negative count from the end
   * @return the sum
   * @throws IllegalArgumentException for an axis out of range or repeated
   */
  public Tensor sum(int... axes) {
    return sum(axes, false);
  }

  /**
   * Sum over {@code axes} (negative count from the end; empty = all); with {@code keepdims} the
   * reduced axes stay as size 1. Float32 accumulates in double along every axis; integer and
   * BOOL inputs give INT64.
   *
   * @param axes the axes
   * @param keepdims keep reduced axes as size 1
   * @return the sum
   * @throws IllegalArgumentException for an axis out of range or repeated
   */
  public Tensor sum(int[] axes, boolean keepdims) {
    return ReduceOps.reduce(ReduceOps.SUM, this, axes, keepdims);
  }

  /**
   * Mean of all elements.
   *
   * @return the mean
   * @throws IllegalArgumentException for an integer or BOOL tensor (convert with to(DType))
   */
  public Tensor mean() {
    return mean(new int[0], false);
  }

  /**
   * Mean over the given axes (all if none).
   *
   * @param axes the axes
   * @return the mean
   * @throws IllegalArgumentException for a bad axis or a non-floating dtype
   */
  public Tensor mean(int... axes) {
    return mean(axes, false);
  }

  /**
   * {@code sum(axes, keepdims) / (number of elements reduced)}.
   *
   * @param axes the axes
   * @param keepdims keep reduced axes as size 1
   * @return the mean
   * @throws IllegalArgumentException for a bad axis or a non-floating dtype
   */
  public Tensor mean(int[] axes, boolean keepdims) {
    checkArgument(dtype().isFloatingPoint(), "mean: needs a floating-point tensor, got %s "
        + "(convert with to(DType.FLOAT64))", dtype());
    boolean[] r = ReduceOps.reducedAxes("mean", shape, axes);
    long count = 1;
    for (int i = 0; i < r.length; i++) {
      count *= r[i] ? shape.dim(i) : 1;
    }
    return sum(axes, keepdims).div((double) count);
  }

  /**
   * Largest element (0-d).
   *
   * @return the maximum
   * @throws IllegalArgumentException for an empty tensor
   */
  public Tensor max() {
    return max(new int[0], false);
  }

  /**
   * Largest value over {@code axes}; the gradient goes to the maximal elements, split evenly
   * among ties; NaN propagates.
   *
   * @param axes the axes (empty = all)
   * @param keepdims keep reduced axes as size 1
   * @return the maximum
   * @throws IllegalArgumentException for a bad axis or a reduced axis of size 0
   */
  public Tensor max(int[] axes, boolean keepdims) {
    return ReduceOps.reduce(ReduceOps.MAX, this, axes, keepdims);
  }

  /**
   * Largest value along one axis, dropping it.
   *
   * @param axis the axis
   * @return the maximum
   */
  public Tensor max(int axis) {
    return max(new int[] {axis}, false);
  }

  /**
   * Smallest element (0-d).
   *
   * @return the minimum
   */
  public Tensor min() {
    return min(new int[0], false);
  }

  /**
   * Smallest value over {@code axes}; see {@link #max(int[], boolean)}.
   *
   * @param axes the axes (empty = all)
   * @param keepdims keep reduced axes as size 1
   * @return the minimum
   */
  public Tensor min(int[] axes, boolean keepdims) {
    return ReduceOps.reduce(ReduceOps.MIN, this, axes, keepdims);
  }

  /**
   * Smallest value along one axis.
   *
   * @param axis the axis
   * @return the minimum
   */
  public Tensor min(int axis) {
    return min(new int[] {axis}, false);
  }

  /**
   * Whether any element is true (nonzero), as a 0-d BOOL.
   *
   * @return the result
   */
  public Tensor any() {
    return any(new int[0], false);
  }

  /**
   * Whether any element along {@code axes} is true (nonzero), as BOOL.
   *
   * @param axes the axes (empty = all)
   * @param keepdims keep reduced axes as size 1
   * @return the result
   */
  public Tensor any(int[] axes, boolean keepdims) {
    return ReduceOps.reduce(ReduceOps.ANY, this, axes, keepdims);
  }

  /**
   * Whether every element is true (nonzero), as a 0-d BOOL.
   *
   * @return the result
   */
  public Tensor all() {
    return all(new int[0], false);
  }

  /**
   * Whether every element along {@code axes} is true (nonzero), as BOOL.
   *
   * @param axes the axes (empty = all)
   * @param keepdims keep reduced axes as size 1
   * @return the result
   */
  public Tensor all(int[] axes, boolean keepdims) {
    return ReduceOps.reduce(ReduceOps.ALL, this, axes, keepdims);
  }

  /**
   * {@code log Σ exp(x)} over {@code axes}, computed as {@code m + log Σ exp(x - m)} with
   * {@code m} the (detached) max, so it is exact for logits of ±1000; gradient softmax(x).
   *
   * @param axes the axes
   * @param keepdims keep reduced axes as size 1
   * @return the result
   */
  public Tensor logsumexp(int[] axes, boolean keepdims) {
    Tensor x = floating();
    boolean[] reduced = ReduceOps.reducedAxes("logsumexp", shape, axes);
    Tensor m = x.max(axes, true).detach();
    if (!m.allFinite()) {
      // All -Inf (or Inf) along an axis: shift by 0 there so the result is -Inf/Inf, not NaN.
      m = where(m.abs().lt(Double.POSITIVE_INFINITY), m, scalar(x.dtype(), 0.0));
    }
    Tensor lse = x.sub(m).exp().sum(axes, true).log().add(m);
    return keepdims ? lse : lse.squeezeAxes(reduced);
  }

  /**
   * {@link #logsumexp(int[], boolean)} along one axis, dropping it.
   *
   * @param axis the axis
   * @return the result
   */
  public Tensor logsumexp(int axis) {
    return logsumexp(new int[] {axis}, false);
  }

  /**
   * Softmax along an axis: {@code exp(x - m) / Σ exp(x - m)} with the max m detached (it cancels
   * mathematically), so rows sum to 1 even for logits of ±1000.
   *
   * @param axis the axis
   * @return the probabilities
   */
  public Tensor softmax(int axis) {
    shape.axis("softmax", axis);
    Tensor x = floating();
    Tensor e = x.sub(x.max(new int[] {axis}, true).detach()).exp();
    return e.div(e.sum(new int[] {axis}, true));
  }

  /**
   * {@code x - logsumexp(x)} along an axis: stable log-probabilities.
   *
   * @param axis the axis
   * @return the log-probabilities
   */
  public Tensor logSoftmax(int axis) {
    shape.axis("logSoftmax", axis);
    Tensor x = floating();
    return x.sub(x.logsumexp(new int[] {axis}, true));
  }

  /**
   * Softmax cross-entropy of each row of these logits {@code z [N, C]} against integer class
   * labels {@code y [N]}: {@code l_n = log Σ_c exp z_nc - z_n,y_n} (= {@code
   * -logSoftmax(z)[n, y_n]}), as {@code [N]}, one fused primitive (stable for logits of ±1000: the
   * row maximum is subtracted before exp; float32 rows are accumulated in float64). Reduce the
   * result with {@link #mean()} or {@link #sum()}. The gradient is {@code (softmax(z_n) -
   * onehot(y_n))·g_n}, computed in one pass per row and itself differentiable (any order, both
   * modes).
   *
   * @param labels INT64 or INT32 class indices in {@code [0, C)}, shape {@code [N]}
   * @return the per-row losses {@code [N]}, of the logits' dtype
   * @throws IllegalArgumentException if the logits are not float32/float64 {@code [N, C]}, the
   *     labels are not an integer {@code [N]} tensor (the message names both shapes), or a label
   *     is out of range, e.g. {@code cross_entropy: label 7 at row 3 is out of range for 3 classes}
   */
  public Tensor crossEntropy(Tensor labels) {
    return FusedOps.crossEntropy(this, labels);
  }

  /**
   * A fused linear layer {@code y = f(x·Wᵀ + b)} on this input {@code x [..., k]} with weight
   * {@code W [m, k]} and optional bias {@code b [m]}, giving {@code [..., m]}: one GEMM that reads
   * W transposed in place, then one pass over the output adding b and applying f. Backward forms
   * {@code dZ = g·f'(z)} once (from the output) and then {@code dX = dZ·W}, {@code dW = dZᵀ·x},
   * {@code db = Σ dZ}; differentiable to any order in both modes. Operands are promoted to a
   * common floating dtype.
   *
   * @param weight {@code W [m, k]}
   * @param bias {@code b [m]}, or null for none
   * @param activation f
   * @return {@code f(x·Wᵀ + b)}
   * @throws IllegalArgumentException if the shapes do not fit (the message names all of them),
   *     e.g. {@code linear: expected x [..., k], weight [m, k], got [2, 3], [4, 5]}, or no operand
   *     is floating-point
   */
  public Tensor linear(Tensor weight, Tensor bias, LinearActivation activation) {
    return FusedOps.linear(this, weight, bias, activation);
  }

  /**
   * Index of the largest element along {@code axis} (first wins ties; NaN counts as largest), as
   * INT64. Not differentiable.
   *
   * @param axis the axis
   * @return the indices
   */
  public Tensor argmax(int axis) {
    return ReduceOps.argExtreme(true, this, axis, false);
  }

  /**
   * As {@link #argmax(int)}, optionally keeping the axis as size 1.
   *
   * @param axis the axis
   * @param keepdims keep it as size 1
   * @return the indices
   */
  public Tensor argmax(int axis, boolean keepdims) {
    return ReduceOps.argExtreme(true, this, axis, keepdims);
  }

  /**
   * Flat row-major index of the largest element (0-d INT64).
   *
   * @return the index
   */
  public Tensor argmax() {
    return ReduceOps.argExtreme(true, this, null, false);
  }

  /**
   * Index of the smallest element along {@code axis}, as INT64. Not differentiable.
   *
   * @param axis the axis
   * @return the indices
   */
  public Tensor argmin(int axis) {
    return ReduceOps.argExtreme(false, this, axis, false);
  }

  /**
   * As {@link #argmin(int)}, optionally keeping the axis as size 1.
   *
   * @param axis the axis
   * @param keepdims keep it as size 1
   * @return the indices
   */
  public Tensor argmin(int axis, boolean keepdims) {
    return ReduceOps.argExtreme(false, this, axis, keepdims);
  }

  /**
   * Flat row-major index of the smallest element (0-d INT64).
   *
   * @return the index
   */
  public Tensor argmin() {
    return ReduceOps.argExtreme(false, this, null, false);
  }

  /**
   * Sums this tensor down to {@code shape} — the inverse of broadcasting {@code shape} up to
   * this tensor's shape (what the engine uses to route broadcast gradients).
   *
   * @param shape the target dimensions
   * @return the summed tensor
   * @throws IllegalArgumentException if {@code shape} does not broadcast to this shape
   */
  public Tensor sumTo(int... shape) {
    Shape target = Shape.of(shape);
    checkArgument(target.broadcastsTo(this.shape), "sum_to: %s is not broadcastable to %s, so %s "
        + "cannot be summed down to it", target, this.shape, this.shape);
    if (target.equals(this.shape)) {
      return this;
    }
    int lead = rank() - target.rank();
    int[] axes = new int[rank()];
    int n = 0;
    for (int i = 0; i < rank(); i++) {
      if (i < lead || (target.dim(i - lead) == 1 && this.shape.dim(i) != 1)) {
        axes[n++] = i;
      }
    }
    return sum(Arrays.copyOf(axes, n), true).reshape(shape);
  }

  // ---------------------------------------------------------------- reductions vocabulary

  /**
   * Product of all elements (0-d); see {@link #prod(int[], boolean)}.
   *
   * @return the product
   */
  public Tensor prod() {
    return prod(new int[0], false);
  }

  /**
   * Product over {@code axes} (negative count from the end; empty = all), dropping them.
   *
   * @param axes the axes
   * @return the product
   * @throws IllegalArgumentException for an axis out of range or repeated
   */
  public Tensor prod(int... axes) {
    return prod(axes, false);
  }

  /**
   * {@code Π x} over {@code axes} (negative count from the end; empty = all); with
   * {@code keepdims} the reduced axes stay as size 1; the empty product is 1. Float32 accumulates
   * in double; integer and BOOL inputs give INT64 (wrapping on overflow). The gradient at each
   * element is the product of the other elements of its group, computed without division: at a
   * single zero it is the product of the others, with two or more zeros in a group it is 0
   * everywhere in that group, and second and higher derivatives are exact there too.
   *
   * @param axes the axes
   * @param keepdims keep reduced axes as size 1
   * @return the product
   * @throws IllegalArgumentException for an axis out of range or repeated
   */
  public Tensor prod(int[] axes, boolean keepdims) {
    return ReduceOps.reduce(ReduceOps.PROD, this, axes, keepdims);
  }

  /**
   * Sample variance of all elements with Bessel's correction (PyTorch's default, correction 1).
   *
   * @return the variance (0-d)
   * @throws IllegalArgumentException for an integer or BOOL tensor
   */
  public Tensor var() {
    return var(new int[0], 1, false);
  }

  /**
   * {@code Σ (x - mean)² / max(0, N - correction)} over {@code axes} (empty = all), N the number
   * of elements reduced: correction 1 is the unbiased sample variance (PyTorch's default), 0 the
   * population (biased) variance. Computed in two passes (the mean first). With
   * {@code N - correction <= 0} the result is NaN or Inf, as in PyTorch. Gradient
   * {@code 2(x - mean) / (N - correction)}.
   *
   * @param axes the axes (empty = all)
   * @param correction subtracted from N in the divisor, finite and {@code >= 0}
   * @param keepdims keep reduced axes as size 1
   * @return the variance
   * @throws IllegalArgumentException for a non-floating dtype, a bad axis or a negative or
   *     non-finite correction
   */
  public Tensor var(int[] axes, double correction, boolean keepdims) {
    return ReduceOps.variance("var", this, axes, correction, keepdims);
  }

  /**
   * Sample standard deviation of all elements (correction 1).
   *
   * @return the standard deviation (0-d)
   * @throws IllegalArgumentException for an integer or BOOL tensor
   */
  public Tensor std() {
    return std(new int[0], 1, false);
  }

  /**
   * {@code sqrt(var(axes, correction, keepdims))}. Where the standard deviation is 0 (all
   * elements of a group equal) its gradient is 0, as in PyTorch, rather than NaN: the square
   * root is taken with the double-where pattern (see the README).
   *
   * @param axes the axes (empty = all)
   * @param correction subtracted from N in the divisor, finite and {@code >= 0}
   * @param keepdims keep reduced axes as size 1
   * @return the standard deviation
   * @throws IllegalArgumentException as {@link #var(int[], double, boolean)}
   */
  public Tensor std(int[] axes, double correction, boolean keepdims) {
    return ReduceOps.rootOrZero(ReduceOps.variance("std", this, axes, correction, keepdims), 2);
  }

  /**
   * The 2-norm of all elements, {@code sqrt(Σ x²)} (for a matrix, the Frobenius norm).
   *
   * @return the norm (0-d)
   * @throws IllegalArgumentException for an integer or BOOL tensor
   */
  public Tensor norm() {
    return norm(2, new int[0], false);
  }

  /**
   * The p-norm of all elements; see {@link #norm(double, int[], boolean)}.
   *
   * @param p the order, {@code > 0} or {@link Double#POSITIVE_INFINITY}
   * @return the norm (0-d)
   * @throws IllegalArgumentException for a non-floating dtype or a bad p
   */
  public Tensor norm(double p) {
    return norm(p, new int[0], false);
  }

  /**
   * {@code ‖x‖_p = (Σ |x|^p)^(1/p)} over {@code axes} (empty = all; the elements of the axes
   * taken as one vector, so p = 2 over two axes is the Frobenius norm), {@code max |x|} for
   * {@code p = ∞}. Groups are scaled by their largest |x| first, so neither large nor tiny
   * values overflow or underflow (float32 [3e-30, 4e-30] has norm 5e-30). Gradient
   * {@code sign(x)·|x|^(p-1) / ‖x‖^(p-1)} (p = 1: sign(x); p = ∞: split among the elements of
   * largest |x|, as {@link #max(int[], boolean)}); at the zero vector it is 0, not NaN, and
   * second derivatives stay finite there (0). At a single zero element the first derivative is
   * infinite for {@code p < 1} and taken as 0 (as PyTorch does), and so is the second
   * derivative for {@code p < 2}; p = 2 keeps its exact Hessian there. The norm of an empty group
   * is 0.
   *
   * @param p the order, {@code > 0} or {@link Double#POSITIVE_INFINITY}
   * @param axes the axes (empty = all)
   * @param keepdims keep reduced axes as size 1
   * @return the norm
   * @throws IllegalArgumentException for a non-floating dtype, {@code p <= 0} or NaN, a bad axis,
   *     or the infinity norm over an empty axis
   */
  public Tensor norm(double p, int[] axes, boolean keepdims) {
    return ReduceOps.norm(this, p, axes, keepdims);
  }

  /**
   * Running sum along an axis: {@code y[.., i, ..] = Σ_{j <= i} x[.., j, ..]}; integer and BOOL
   * inputs give INT64 (as PyTorch). Float32 accumulates in double along the axis. Gradient: the
   * reversed running sum of the output gradient.
   *
   * @param axis the axis (negative counts from the end; 0 or -1 for a 0-d tensor)
   * @return the running sums, this tensor's shape
   * @throws IllegalArgumentException if the axis is out of range
   */
  public Tensor cumsum(int axis) {
    return ScanOps.cumsum(this, axis);
  }

  /**
   * Running product along an axis: {@code y[.., i, ..] = Π_{j <= i} x[.., j, ..]}; integer and
   * BOOL inputs give INT64. Float32 accumulates in double along the axis. The gradient
   * {@code dx[k] = Σ_{i >= k} g[i]·Π_{j <= i, j != k} x[j]} is computed as scans without any
   * division, so it is exact with zeros (a zero at k still passes the product of the others to
   * position k; elements after a zero get 0 from every later output), to every order.
   *
   * @param axis the axis (negative counts from the end; 0 or -1 for a 0-d tensor)
   * @return the running products, this tensor's shape
   * @throws IllegalArgumentException if the axis is out of range
   */
  public Tensor cumprod(int axis) {
    return ScanOps.cumprod(this, axis);
  }

  /**
   * {@code y[.., i, ..] = log Σ_{j <= i} exp(x[.., j, ..])}, computed stably: every term is
   * taken relative to the running maximum, so logits of ±1000 are exact (no overflow, no
   * underflow to -Inf). Integer and BOOL inputs are converted to FLOAT32 first. Gradient
   * {@code dx[j] = Σ_{i >= j} g[i]·exp(x[j] - y[i])} (softmax weights of each prefix). A prefix
   * of only -Inf has the value -Inf and a NaN gradient ({@code 0 / 0}); +Inf and NaN propagate
   * to every later position.
   *
   * @param axis the axis (negative counts from the end; 0 or -1 for a 0-d tensor)
   * @return the result, this tensor's shape
   * @throws IllegalArgumentException if the axis is out of range
   */
  public Tensor logcumsumexp(int axis) {
    return ScanOps.logcumsumexp(this, axis);
  }

  /**
   * The lower median of all elements (0-d): the element at sorted position {@code (n - 1) / 2},
   * so for an even count the smaller of the two middle ones (as PyTorch); NaN if any element is
   * NaN. The gradient goes to that one element; see {@link #median(int, boolean)}.
   *
   * @return the median
   * @throws IllegalArgumentException for an empty tensor
   */
  public Tensor median() {
    return SortOps.median(reshape(-1), 0, false).values();
  }

  /**
   * The lower median along an axis and its INT64 index: the element at sorted position
   * {@code (n - 1) / 2} of each line (for an even n the smaller middle one, as PyTorch); where a
   * line holds NaN, its first NaN. Among equal values the index is the one a stable ascending
   * sort puts at that position. The value is {@code gather(axis, indices)}: its gradient goes to
   * the selected element only.
   *
   * @param axis the axis (negative counts from the end; 0 or -1 for a 0-d tensor)
   * @param keepdims keep the axis as size 1
   * @return the medians and their indices
   * @throws IllegalArgumentException if the axis is out of range or has size 0
   */
  public ValuesAndIndices median(int axis, boolean keepdims) {
    return SortOps.median(this, axis, keepdims);
  }

  /**
   * Indices that sort each line along an axis, as INT64: {@code gather(axis, argsort(...))} is
   * sorted. The sort is stable (equal elements keep their order, also descending); NaN sorts
   * after every number ascending and before every number descending. A constant.
   *
   * @param axis the axis (negative counts from the end; 0 or -1 for a 0-d tensor)
   * @param descending largest first
   * @return the indices, this tensor's shape
   * @throws IllegalArgumentException if the axis is out of range
   */
  public Tensor argsort(int axis, boolean descending) {
    return SortOps.argsort(this, axis, descending);
  }

  /**
   * Sorts each line along an axis (stable; NaN last ascending, first descending): the sorted
   * values and, as INT64, where each came from ({@link #argsort}). The values are
   * {@code gather(axis, indices)}, so the gradient of each sorted value goes to the element it
   * came from; ties are resolved by the stable order.
   *
   * @param axis the axis (negative counts from the end; 0 or -1 for a 0-d tensor)
   * @param descending largest first
   * @return the sorted values and their indices, both this tensor's shape
   * @throws IllegalArgumentException if the axis is out of range
   */
  public ValuesAndIndices sort(int axis, boolean descending) {
    return SortOps.sort(this, axis, descending);
  }

  /**
   * The k largest (or smallest) elements of each line along an axis, sorted (largest first, or
   * smallest first), with their INT64 indices: the first k of the stable sort, so among equal
   * values the earlier index comes first; NaN counts as the largest. Gradient to the selected
   * elements (as {@link #sort}).
   *
   * @param k how many, {@code 0 <= k <= size of the axis}
   * @param axis the axis (negative counts from the end; 0 or -1 for a 0-d tensor)
   * @param largest the largest (true) or the smallest (false)
   * @return values and indices, this tensor's shape with the axis of size k
   * @throws IllegalArgumentException if the axis is out of range or k is not in range
   */
  public ValuesAndIndices topk(int k, int axis, boolean largest) {
    return SortOps.topk(this, k, axis, largest);
  }

  /**
   * The largest element of each line along an axis and its INT64 index (PyTorch's
   * {@code max(dim)}): the first maximal one on ties; NaN counts as the largest. Unlike
   * {@link #max(int[], boolean)}, which splits the gradient among ties, the gradient goes to the
   * element at the index only.
   *
   * @param axis the axis (negative counts from the end; 0 or -1 for a 0-d tensor)
   * @param keepdims keep the axis as size 1
   * @return the maxima and their indices
   * @throws IllegalArgumentException if the axis is out of range or has size 0
   */
  public ValuesAndIndices maxWithIndex(int axis, boolean keepdims) {
    return SortOps.extremeWithIndex(this, axis, keepdims, true);
  }

  /**
   * The smallest element of each line along an axis and its INT64 index: the first minimal one
   * on ties; NaN counts as the smallest. The gradient goes to the element at the index only
   * (see {@link #maxWithIndex}).
   *
   * @param axis the axis (negative counts from the end; 0 or -1 for a 0-d tensor)
   * @param keepdims keep the axis as size 1
   * @return the minima and their indices
   * @throws IllegalArgumentException if the axis is out of range or has size 0
   */
  public ValuesAndIndices minWithIndex(int axis, boolean keepdims) {
    return SortOps.extremeWithIndex(this, axis, keepdims, false);
  }

  // ---------------------------------------------------------------- shape and views

  /**
   * The same elements in a new shape (one dimension may be -1 and is inferred): a view when the
   * layout allows (always for contiguous tensors), else a copy.
   *
   * @param shape the new dimensions
   * @return the reshaped tensor
   * @throws IllegalArgumentException if the element counts differ
   */
  public Tensor reshape(int... shape) {
    return ShapeOps.reshape(this, shape);
  }

  /**
   * A 1-d tensor of all elements (a view when contiguous).
   *
   * @return the flattened tensor
   */
  public Tensor flatten() {
    return reshape(numel());
  }

  /**
   * Reorders axes (a view): result axis i is input axis {@code axes[i]}.
   *
   * @param axes a permutation of the axes; negative entries count from the end
   * @return the permuted view
   * @throws IllegalArgumentException unless axes is a permutation of the rank
   */
  public Tensor permute(int... axes) {
    return ShapeOps.permute(this, axes);
  }

  /**
   * Swaps two axes (a view).
   *
   * @param a one axis
   * @param b the other axis
   * @return the transposed view
   * @throws IllegalArgumentException if an axis is out of range
   */
  public Tensor transpose(int a, int b) {
    int[] p = new int[rank()];
    for (int i = 0; i < p.length; i++) p[i] = i;
    int x = shape.axis("transpose", a);
    int y = shape.axis("transpose", b);
    p[x] = y;
    p[y] = x;
    return permute(p);
  }

  /**
   * Swaps the last two axes (the matrix transpose, a view); 0-d and 1-d tensors are returned as
   * is.
   *
   * @return the transposed view
   */
  public Tensor transpose() {
    return rank() < 2 ? this : transpose(-2, -1);
  }

  /**
   * This tensor broadcast to {@code shape} (an O(1) view with stride 0 on the broadcast axes);
   * the gradient sums back.
   *
   * @param shape the target dimensions
   * @return the expanded view
   * @throws IllegalArgumentException if this shape does not broadcast to {@code shape}
   */
  public Tensor broadcastTo(int... shape) {
    return ShapeOps.expand(this, shape);
  }

  /**
   * Same as {@link #broadcastTo(int...)} (PyTorch's name).
   *
   * @param shape the target dimensions
   * @return the expanded view
   * @throws IllegalArgumentException if this shape does not broadcast to {@code shape}
   */
  public Tensor expand(int... shape) {
    return ShapeOps.expand(this, shape);
  }

  /**
   * Removes the given size-1 axes, or every size-1 axis if none are given (a view).
   *
   * @param axes the axes to remove
   * @return the squeezed view
   * @throws IllegalArgumentException if a named axis is out of range or not of size 1
   */
  public Tensor squeeze(int... axes) {
    boolean[] drop = new boolean[rank()];
    if (axes.length == 0) {
      for (int i = 0; i < drop.length; i++) drop[i] = shape.dim(i) == 1;
    } else {
      for (int a : axes) {
        int ax = shape.axis("squeeze", a);
        checkArgument(shape.dim(ax) == 1, "squeeze: axis %s has size %s in shape %s (must be 1)",
            a, shape.dim(ax), shape);
        drop[ax] = true;
      }
    }
    return squeezeAxes(drop);
  }

  private Tensor squeezeAxes(boolean[] drop) {
    int[] dims = new int[rank()];
    int n = 0;
    for (int i = 0; i < drop.length; i++) {
      if (!drop[i]) dims[n++] = shape.dim(i);
    }
    return reshape(Arrays.copyOf(dims, n));
  }

  /**
   * Inserts a size-1 axis (a view).
   *
   * @param axis its position, in {@code [-rank-1, rank]}
   * @return the unsqueezed view
   * @throws IllegalArgumentException if the axis is out of range
   */
  public Tensor unsqueeze(int axis) {
    int r = rank();
    checkArgument(axis >= -r - 1 && axis <= r, "unsqueeze: axis %s is out of range for shape %s "
        + "(allowed %s..%s)", axis, shape, -r - 1, r);
    int ax = axis < 0 ? axis + r + 1 : axis;
    int[] dims = new int[r + 1];
    for (int i = 0, j = 0; i <= r; i++) {
      dims[i] = i == ax ? 1 : shape.dim(j++);
    }
    return reshape(dims);
  }

  /**
   * Elements {@code start, start+1, ..., end-1} along an axis (a view; Python slice semantics).
   *
   * @param axis the axis
   * @param start the first index (negative counts from the end; clamped)
   * @param end the bound, excluded (negative counts from the end; clamped)
   * @return the sliced view
   * @throws IllegalArgumentException if the axis is out of range
   */
  public Tensor slice(int axis, int start, int end) {
    return slice(axis, start, end, 1);
  }

  /**
   * Elements {@code start, start+step, ... < end} along an axis (a view). Negative start/end
   * count from the end; both are clamped to the axis, as in Python.
   *
   * @param axis the axis
   * @param start the first index
   * @param end the bound, excluded
   * @param step the stride (&gt; 0)
   * @return the sliced view
   * @throws IllegalArgumentException if step &lt;= 0 or the axis is out of range
   */
  public Tensor slice(int axis, int start, int end, int step) {
    return ShapeOps.slice(this, axis, start, end, step);
  }

  /**
   * The diagonal {@code x[..., i, i + offset, ...]} of the plane {@code (axis1, axis2)}, as a view
   * whose last axis runs along the diagonal (PyTorch's {@code diagonal}).
   *
   * @param offset 0 for the main diagonal, &gt; 0 above it, &lt; 0 below
   * @param axis1 the first axis of the plane
   * @param axis2 the second axis of the plane
   * @return the diagonal view
   * @throws IllegalArgumentException if the axes are equal or out of range
   */
  public Tensor diagonal(int offset, int axis1, int axis2) {
    return ShapeOps.diagonal(this, offset, axis1, axis2);
  }

  /**
   * This tensor if it is contiguous, else a contiguous copy (differentiable).
   *
   * @return a contiguous tensor with the same values
   */
  public Tensor contiguous() {
    return isContiguous() ? this : copy();
  }

  /**
   * A differentiable copy with storage of its own (PyTorch's {@code clone}); gradient identity.
   *
   * @return the copy
   */
  public Tensor copy() {
    return ShapeOps.COPY.apply(this);
  }

  /**
   * Joins tensors along an existing axis; all other sizes must match. Mixed dtypes promote.
   *
   * @param axis the axis
   * @param tensors the tensors (at least one, rank &gt;= 1)
   * @return the concatenation
   * @throws IllegalArgumentException naming the first mismatched tensor and its shape
   */
  public static Tensor concat(int axis, Tensor... tensors) {
    return ShapeOps.concat(axis, tensors);
  }

  /**
   * Joins equally-shaped tensors along a new axis.
   *
   * @param axis the new axis's position
   * @param tensors the tensors (at least one)
   * @return the stack
   * @throws IllegalArgumentException if the shapes differ
   */
  public static Tensor stack(int axis, Tensor... tensors) {
    checkArgument(tensors.length > 0, "stack: no tensors given");
    Tensor[] u = new Tensor[tensors.length];
    for (int i = 0; i < u.length; i++) {
      checkArgument(tensors[i].shape.equals(tensors[0].shape),
          "stack: tensor %s has shape %s but tensor 0 has %s; all must be equal", i,
          tensors[i].shape, tensors[0].shape);
      u[i] = tensors[i].unsqueeze(axis);
    }
    return concat(axis, u);
  }

  // ---------------------------------------------------------------- indexing

  /**
   * {@code y[..., i, ...] = x[..., index[..., i, ...], ...]} along {@code axis} (PyTorch's
   * gather). {@code index} is an INT32/INT64 tensor of this tensor's rank with this tensor's
   * sizes on every other axis; e.g. {@code logp.gather(1, labels.unsqueeze(1))} picks each row's
   * class. Negative indices are errors.
   *
   * @param axis the axis
   * @param index the indices
   * @return the gathered values (index's shape)
   * @throws IllegalArgumentException for a non-integer index dtype, a shape mismatch or an index
   *     out of range (naming its value and position)
   */
  public Tensor gather(int axis, Tensor index) {
    return IndexOps.gather(this, axis, index);
  }

  /**
   * The slices at {@code indices} along {@code axis}, in that order (repeats allowed), e.g. the
   * rows of a mini-batch.
   *
   * @param axis the axis
   * @param indices the positions (in range, non-negative)
   * @return the selected slices
   * @throws IllegalArgumentException for an index out of range
   */
  public Tensor indexSelect(int axis, int... indices) {
    return IndexOps.indexSelect(this, axis, indices);
  }

  /**
   * The slices at the positions of a 1-d INT32/INT64 tensor along {@code axis}, e.g. embedding
   * rows.
   *
   * @param axis the axis
   * @param index 1-d integer indices
   * @return the selected slices
   * @throws IllegalArgumentException for a non-integer or non-1-d index, or an index out of range
   */
  public Tensor indexSelect(int axis, Tensor index) {
    checkArgument(index.rank() == 1, "index_select: index must be 1-d, got shape %s",
        index.shape());
    return IndexOps.indexSelect(this, axis, IndexOps.indices("index_select", index,
        shape.dim(shape.axis("index_select", axis)), shape.axis("index_select", axis), shape));
  }

  // ---------------------------------------------------------------- shape and indexing vocabulary

  /**
   * Basic indexing, NumPy's {@code x[...]}: a view (O(1), sharing the storage) selected by one
   * {@link Index} entry per axis from the left — {@link Index#at(int)} picks one position and
   * drops the axis, {@link Index#range(int, int, int)} (and {@link Index#all()},
   * {@link Index#from(int)}) keep a strided window of it, {@link Index#newAxis()} inserts a
   * size-1 axis, {@link Index#ellipsis()} stands for the axes no entry names; axes after the last
   * entry are kept whole. With {@code import static dev.jgrad.Index.*}:
   *
   * <pre>{@code
   * Tensor x = Tensor.arange(DType.FLOAT64, 12).reshape(3, 4);
   * x.index(at(1));                        // x[1]       = [4, 5, 6, 7]
   * x.index(all(), at(-1));                // x[:, -1]   = [3, 7, 11]
   * x.index(range(0, 2), range(1, END, 2)); // x[0:2, 1::2] = [[1, 3], [5, 7]]
   * x.index(ellipsis(), newAxis());        // x[..., None], shape [3, 4, 1]
   * }</pre>
   *
   * Gradients flow back into the selected positions; writes go through {@link #indexSet}.
   *
   * @param index the entries (none: the whole tensor)
   * @return the view
   * @throws IllegalArgumentException if the entries index more axes than the rank, an ellipsis
   *     repeats, or a position is out of range (naming the index, the axis and the shape)
   * @throws NullPointerException if an entry is null
   */
  public Tensor index(Index... index) {
    return IndexingOps.index("index", this, index);
  }

  /**
   * Writes {@code value} (converted to this dtype, broadcast to the indexed view's shape) into
   * the positions {@link #index(Index...)} selects, e.g. zeroing a row of a weight:
   * {@code w.indexSet(Tensor.zeros(DType.FLOAT32, 4), at(0))}. The write goes through the view to
   * this tensor's storage and bumps its version, so graphs that saved the old values refuse to
   * differentiate them; restrictions as {@link #set(Tensor)}.
   *
   * @param value the new values
   * @param index the entries, as for {@link #index(Index...)}
   * @return this tensor
   * @throws IllegalArgumentException if this tensor was produced by an op, requires grad while
   *     grad mode is on (wrap updates in {@link Autograd#noGrad()}), has expanded (stride-0)
   *     axes, the index is invalid, or value does not broadcast to the view
   */
  public Tensor indexSet(Tensor value, Index... index) {
    checkModifiableLeaf("indexSet");
    // Checked on this tensor, not the view: a row of an expanded tensor aliases all its rows.
    checkNotExpanded("indexSet");
    Tensor view;
    try (Autograd.Scope s = Autograd.noGrad()) {
      view = IndexingOps.index("indexSet", this, index);
    }
    checkArgument(value.shape().broadcastsTo(view.shape), "indexSet: value of shape %s does not "
        + "broadcast to x%s of shape %s (x has shape %s)", value.shape(), Arrays.toString(index),
        view.shape, shape);
    Tensor v;
    try (Autograd.Scope s = Autograd.noGrad()) {
      v = value.dtype() == dtype() ? value : value.to(dtype());
    }
    view.writeInPlace(v, false, 1.0);
    return this;
  }

  /**
   * {@link #indexSet(Tensor, Index...)} with one number for every selected position, e.g.
   * {@code mask.indexSet(1, all(), at(0))}.
   *
   * @param value the new value (an integer for INT32/INT64 tensors; nonzero is true for BOOL)
   * @param index the entries, as for {@link #index(Index...)}
   * @return this tensor
   * @throws IllegalArgumentException as {@link #indexSet(Tensor, Index...)}, or for a fraction
   *     written into an integer tensor
   */
  public Tensor indexSet(double value, Index... index) {
    if (dtype().isInteger()) {
      checkIntegral("indexSet", dtype(), value);
    }
    return indexSet(scalar(dtype(), value), index);
  }

  /**
   * Positions {@code start, ..., start + length - 1} of an axis, as a view (PyTorch's
   * {@code narrow}; unlike {@link #slice} nothing is clamped), e.g. {@code x.narrow(1, 2, 3)} of
   * a {@code [4, 6]} tensor is {@code x[:, 2:5]}.
   *
   * @param axis the axis; negative counts from the end
   * @param start the first position, in {@code [-n, n]} (negative counts from the end)
   * @param length how many positions (&gt;= 0)
   * @return the view
   * @throws IllegalArgumentException for a 0-d tensor, a bad axis, or a window that does not fit
   */
  public Tensor narrow(int axis, int start, int length) {
    return IndexingOps.narrow(this, axis, start, length);
  }

  /**
   * Splits an axis into pieces of {@code size} positions, the last one smaller if the size does
   * not divide the axis (PyTorch's {@code split}); each piece is a view, e.g. an axis of 5 split
   * by 2 gives pieces of 2, 2 and 1. {@link #concat} of the pieces is this tensor.
   *
   * @param size the piece size (&gt; 0)
   * @param axis the axis
   * @return the pieces in order (one empty piece for an empty axis)
   * @throws IllegalArgumentException for a 0-d tensor, a bad axis or a non-positive size
   */
  public Tensor[] split(int size, int axis) {
    return IndexingOps.split(this, size, axis);
  }

  /**
   * Splits an axis into consecutive pieces of the given sizes, each a view, e.g.
   * {@code x.split(new int[] {1, 3}, 0)} of a {@code [4, 2]} tensor gives {@code [1, 2]} and
   * {@code [3, 2]}.
   *
   * @param sizes the piece sizes (&gt;= 0), summing to the axis size
   * @param axis the axis
   * @return the pieces in order
   * @throws IllegalArgumentException for a 0-d tensor, a bad axis, or sizes that do not sum to
   *     the axis size
   */
  public Tensor[] split(int[] sizes, int axis) {
    return IndexingOps.split(this, sizes, axis);
  }

  /**
   * Splits an axis into {@code chunks} views of {@code ceil(n / chunks)} positions, the last one
   * smaller (PyTorch's {@code chunk}: fewer pieces when they run out, e.g. an axis of 5 in 4
   * chunks gives 2, 2, 1; an empty axis gives {@code chunks} empty pieces).
   *
   * @param chunks the number of pieces wanted (&gt; 0)
   * @param axis the axis
   * @return the pieces in order
   * @throws IllegalArgumentException for a 0-d tensor, a bad axis or a non-positive count
   */
  public Tensor[] chunk(int chunks, int axis) {
    return IndexingOps.chunk(this, chunks, axis);
  }

  /**
   * The slices along an axis with the axis removed, each a view: {@code unbind(0)} of a
   * {@code [3, 4]} matrix is its three rows of shape {@code [4]} ({@link #stack} undoes it).
   *
   * @param axis the axis
   * @return one view per position of the axis
   * @throws IllegalArgumentException for a 0-d tensor or a bad axis
   */
  public Tensor[] unbind(int axis) {
    return IndexingOps.unbind(this, axis);
  }

  /**
   * Reverses the order of the elements along the given axes, e.g. {@code [[1, 2], [3, 4]]}
   * flipped on axis 1 is {@code [[2, 1], [4, 3]]}. Always a copy (views never have negative
   * strides); the gradient is flipped back.
   *
   * @param axes the axes (none: every axis, as NumPy's {@code flip})
   * @return the flipped copy
   * @throws IllegalArgumentException for an axis out of range or repeated
   */
  public Tensor flip(int... axes) {
    return IndexingOps.flip(this, axes);
  }

  /**
   * Rotates the elements of an axis by {@code shift} positions: {@code y[i] = x[(i - shift) mod
   * n]}, e.g. {@code [1, 2, 3, 4]} rolled by 1 is {@code [4, 1, 2, 3]} (negative shifts roll the
   * other way). This tensor itself when nothing moves.
   *
   * @param shift the shift (any integer)
   * @param axis the axis
   * @return the rolled tensor
   * @throws IllegalArgumentException for a bad axis
   */
  public Tensor roll(int shift, int axis) {
    return IndexingOps.roll(this, new int[] {shift}, new int[] {axis});
  }

  /**
   * Rolls each of the axes by its own shift (see {@link #roll(int, int)}), e.g. an image's two
   * spatial axes: {@code x.roll(new int[] {1, -2}, new int[] {-2, -1})}.
   *
   * @param shifts one shift per axis
   * @param axes the axes (a repeated axis rolls again)
   * @return the rolled tensor
   * @throws IllegalArgumentException if the lengths differ, none are given or an axis is out of
   *     range
   */
  public Tensor roll(int[] shifts, int[] axes) {
    return IndexingOps.roll(this, shifts, axes);
  }

  /**
   * Rolls the flattened elements and restores the shape (PyTorch's {@code roll} without axes):
   * {@code [[1, 2], [3, 4]]} rolled by 1 is {@code [[4, 1], [2, 3]]}.
   *
   * @param shift the shift
   * @return the rolled tensor
   */
  public Tensor roll(int shift) {
    return numel() == 0 ? this : flatten().roll(shift, 0).reshape(shape.dims());
  }

  /**
   * Tiles this tensor {@code counts[i]} times along axis i (PyTorch's {@code Tensor.repeat}):
   * with more counts than axes, the shape is first padded with leading 1s, so a {@code [2]}
   * vector {@code [1, 2]} repeated {@code (2, 3)} is the {@code [2, 6]} matrix with rows
   * {@code [1, 2, 1, 2, 1, 2]}. The result is contiguous; its gradient sums the copies back.
   * (This is NumPy's {@code tile}; NumPy's {@code repeat}, which repeats each element, is not
   * this.)
   *
   * @param counts one count (&gt;= 0) per axis, at least {@link #rank()} of them
   * @return the tiled tensor
   * @throws IllegalArgumentException for fewer counts than axes or a negative count
   */
  public Tensor repeat(int... counts) {
    return IndexingOps.repeat("repeat", this, counts);
  }

  /**
   * {@link #repeat} that also accepts fewer counts than axes, padding them with leading 1s
   * (NumPy's and PyTorch's {@code tile}): {@code x.tile(2)} of a {@code [3, 4]} tensor repeats
   * the last axis, giving {@code [3, 8]}.
   *
   * @param counts the counts (&gt;= 0), aligned to the last axes
   * @return the tiled tensor
   * @throws IllegalArgumentException for a negative count
   */
  public Tensor tile(int... counts) {
    int r = rank();
    if (counts.length >= r) {
      return IndexingOps.repeat("tile", this, counts);
    }
    int[] full = new int[r];
    Arrays.fill(full, 1);
    System.arraycopy(counts, 0, full, r - counts.length, counts.length);
    return IndexingOps.repeat("tile", this, full);
  }

  /**
   * The lower triangle of the last two axes: {@code y[..., i, j] = x[..., i, j]} where
   * {@code j - i <= diagonal}, else 0 (also where x is NaN), e.g. {@code tril(0)} of a 3 x 3
   * matrix keeps the main diagonal and below, {@code tril(-1)} drops the diagonal too.
   *
   * @param diagonal the last diagonal kept: 0 the main one, &gt; 0 above it, &lt; 0 below
   * @return the masked copy (same shape and dtype); gradient flows to the kept elements
   * @throws IllegalArgumentException for rank &lt; 2
   */
  public Tensor tril(int diagonal) {
    return IndexingOps.triangle("tril", this, diagonal, true);
  }

  /**
   * The upper triangle of the last two axes: elements with {@code j - i >= diagonal}, 0
   * elsewhere (see {@link #tril(int)}).
   *
   * @param diagonal the first diagonal kept: 0 the main one, &gt; 0 above it, &lt; 0 below
   * @return the masked copy
   * @throws IllegalArgumentException for rank &lt; 2
   */
  public Tensor triu(int diagonal) {
    return IndexingOps.triangle("triu", this, diagonal, false);
  }

  /**
   * {@link #diag(int)} on the main diagonal.
   *
   * @return the diagonal matrix of a vector, or the diagonal of a matrix
   * @throws IllegalArgumentException unless this tensor is 1-d or 2-d
   */
  public Tensor diag() {
    return diag(0);
  }

  /**
   * PyTorch's {@code diag}: a vector of n elements becomes the square matrix of size
   * {@code n + |offset|} that holds it on diagonal {@code offset} and zeros elsewhere (a copy);
   * a matrix gives its diagonal {@code offset} as a vector (a view, {@link #diagonal}), e.g.
   * {@code Tensor.of(new double[] {1, 2}).diag(1)} is {@code [[0, 1, 0], [0, 0, 2], [0, 0, 0]]}.
   *
   * @param offset 0 for the main diagonal, &gt; 0 above it, &lt; 0 below
   * @return the matrix or the diagonal
   * @throws IllegalArgumentException unless this tensor is 1-d or 2-d
   */
  public Tensor diag(int offset) {
    return IndexingOps.diag(this, offset);
  }

  /**
   * Pads axes with {@code padding[2k]} positions before and {@code padding[2k+1]} after, pairs
   * starting from the <em>last</em> axis (PyTorch's {@code F.pad} order: {@code {left, right,
   * top, bottom}} pads the last axis by left/right and the one before by top/bottom); filled
   * as {@code mode} says ({@link PadMode#CONSTANT} with zeros). E.g. {@code [1, 2, 3]} padded by
   * {@code {2, 1}} is {@code [3, 2, 1, 2, 3, 2]} in REFLECT mode and {@code [1, 1, 1, 2, 3, 3]} in
   * REPLICATE mode. Any number of axes may be padded; gradients of the copied positions add back
   * into their sources.
   *
   * @param padding (before, after) pairs, last axis first, each &gt;= 0, at most rank pairs
   * @param mode the fill
   * @return the padded tensor (this one if all padding is 0)
   * @throws IllegalArgumentException for an odd length, too many pairs, negative padding, a
   *     REFLECT padding not smaller than its axis (e.g. {@code pad: reflect padding 3 on axis 1
   *     needs size > 3, got shape [2, 3]}) or REPLICATE padding of an empty axis
   */
  public Tensor pad(int[] padding, PadMode mode) {
    return IndexingOps.pad(this, padding, mode, 0.0);
  }

  /**
   * Constant padding with {@code value} (see {@link #pad(int[], PadMode)} for the order), e.g.
   * {@code x.pad(new int[] {1, 1}, Double.NEGATIVE_INFINITY)} before a max over windows.
   *
   * @param padding (before, after) pairs, last axis first
   * @param value the fill (an integer for INT32/INT64 tensors; nonzero is true for BOOL)
   * @return the padded tensor
   * @throws IllegalArgumentException as {@link #pad(int[], PadMode)}, or for a fraction padding
   *     an integer tensor
   */
  public Tensor pad(int[] padding, double value) {
    if (dtype().isInteger()) {
      checkIntegral("pad", dtype(), value);
    }
    return IndexingOps.pad(this, padding, PadMode.CONSTANT, value);
  }

  /**
   * NumPy's {@code take_along_axis} (PyTorch's {@code take_along_dim}): {@code y[..., i, ...] =
   * x[..., indices[..., i, ...], ...]} along {@code axis}, where x and indices have the same rank
   * and broadcast against each other on every other axis. E.g. sorting each row of x by a key:
   * {@code x.takeAlongAxis(order, 1)} with {@code order} the {@code [rows, k]} column indices;
   * or picking one class per row with a {@code [rows, 1]} index. Negative indices count from
   * the end (NumPy). The gradient adds back into the picked positions.
   *
   * @param indices INT32/INT64 indices in {@code [-n, n)}, n the axis size
   * @param axis the axis
   * @return the picked values: the broadcast shape, with the indices' size on {@code axis}
   * @throws IllegalArgumentException for a non-integer index dtype, differing ranks, shapes that
   *     do not broadcast, or an index out of range (naming its value and position)
   */
  public Tensor takeAlongAxis(Tensor indices, int axis) {
    return IndexingOps.takeAlongAxis(this, indices, axis);
  }

  /**
   * The elements where a BOOL mask holds, in row-major order, as a 1-d tensor (PyTorch's
   * {@code masked_select}; x and mask broadcast together), e.g. {@code x.maskedSelect(x.gt(0))}
   * are the positive elements. The gradient is scattered back to the selected positions (zero
   * elsewhere).
   *
   * @param mask a BOOL tensor broadcasting with this one
   * @return the selected elements, {@code [number of true positions]}
   * @throws IllegalArgumentException if mask is not BOOL or the shapes do not broadcast
   */
  public Tensor maskedSelect(Tensor mask) {
    return IndexingOps.maskedSelect(this, mask);
  }

  /**
   * The indices of the nonzero (true, NaN included) elements in row-major order, as an INT64
   * {@code [n, rank]} tensor, one row per element (PyTorch's {@code nonzero}), e.g.
   * {@code [[0, 1], [2, 0]]} gives {@code [[0, 1], [1, 0]]}. A constant.
   *
   * @return the coordinates
   */
  public Tensor nonzero() {
    return IndexingOps.NONZERO.apply(this);
  }

  // ---------------------------------------------------------------- linear algebra

  /**
   * Matrix product with NumPy's {@code matmul} rules: 1-d · 1-d is a dot product (0-d);
   * a 1-d left operand is a row, a 1-d right operand a column (the added axis is removed);
   * tensors of rank &gt;= 2 are stacks of matrices {@code [..., n, k] @ [..., k, m]} whose batch
   * dims broadcast. Transposed views are read in place (no copy).
   *
   * @param other the right operand
   * @return the product
   * @throws IllegalArgumentException e.g. {@code matmul: expected [n, k] @ [k, m], got [2, 3] @
   *     [2, 3]}, naming the shapes as given
   */
  public Tensor matmul(Tensor other) {
    return MatmulOp.matmul(this, other);
  }

  /**
   * {@code op(x) @ op(y)} where {@code op} transposes the last two axes when its flag is set,
   * e.g. a linear layer's {@code x @ Wᵀ} is {@code x.matmul(w, false, true)}. Both operands need
   * rank &gt;= 2; batch dims broadcast as in {@link #matmul(Tensor)}.
   *
   * @param other the right operand
   * @param transposeA transpose this operand's last two axes
   * @param transposeB transpose the other's last two axes
   * @return the product
   * @throws IllegalArgumentException if an operand has rank &lt; 2 or the inner sizes differ
   */
  public Tensor matmul(Tensor other, boolean transposeA, boolean transposeB) {
    checkArgument(rank() >= 2 && other.rank() >= 2, "matmul: transposed products need operands "
        + "of rank >= 2, got %s @ %s", shape, other.shape);
    return (transposeA ? transpose() : this).matmul(transposeB ? other.transpose() : other);
  }

  // ---------------------------------------------------------------- linear algebra vocabulary

  /**
   * The outer product {@code y[i, j] = x[i] · other[j]} of two vectors (PyTorch's {@code outer};
   * a composite of unsqueeze and a broadcast multiply). Mixed dtypes promote as {@link #mul}.
   *
   * @param other the second vector {@code [m]}
   * @return the {@code [n, m]} matrix
   * @throws IllegalArgumentException unless both operands are 1-d
   */
  public Tensor outer(Tensor other) {
    return LinalgOps.outer(this, other);
  }

  /**
   * The sum of the main diagonal {@code Σ_i x[..., i, i]} of each matrix of a {@code [..., m, n]}
   * stack (rectangular matrices sum their {@code min(m, n)} diagonal entries); {@code [...]} out.
   * Batched over the leading axes (PyTorch's {@code trace} takes 2-d input only). Integer and
   * bool input sum to INT64, as {@link #sum()} does.
   *
   * @return the traces
   * @throws IllegalArgumentException if the rank is below 2
   */
  public Tensor trace() {
    return LinalgOps.trace(this);
  }

  /**
   * Einstein summation: multiplies the operands' entries along the indices of {@code subscripts}
   * and sums over every index absent from the output, e.g. {@code "ij,jk->ik"} (matmul),
   * {@code "bij,bjk->bik"} (batched), {@code "ii->i"} (diagonal), {@code "ii"} (trace),
   * {@code "ij->ji"} (transpose), {@code "i,j->ij"} (outer), {@code "...ij,...j->...i"}
   * (batched matrix-vector with broadcast batch axes). Indices are the letters {@code a-z A-Z};
   * {@code ...} stands for the operand's remaining axes, which broadcast right-aligned. Without
   * {@code ->} the output is the ellipsis axes, then the indices used exactly once, sorted
   * (NumPy's rule); an explicit output without {@code ...} sums the ellipsis axes. An index
   * repeated in one operand takes its diagonal; an index of size 1 in one operand broadcasts
   * against the others. Whitespace is ignored.
   *
   * <p>A composite of diagonal, sum, permute, reshape and batched {@link #matmul}: operands are
   * contracted two at a time, the pair with the smallest result first, each pair as one matmul
   * after every index only one operand needs has been summed; its derivatives in both modes
   * follow. Operands are promoted to their common floating-point dtype.
   *
   * @param subscripts the subscript string, e.g. {@code "ij,jk->ik"}
   * @param operands one tensor per input term
   * @return the result, with the output's axes in order
   * @throws IllegalArgumentException for a malformed string or one that does not fit the
   *     operands, naming the position and the problem, e.g. {@code einsum: subscript
   *     'ij,jk->il': output index 'l' appears in no input}; for integer-only operands
   */
  public static Tensor einsum(String subscripts, Tensor... operands) {
    return Einsum.einsum(subscripts, operands);
  }

  /**
   * The determinant of each matrix of a {@code [..., n, n]} stack, {@code [...]} out, from an LU
   * factorization with partial pivoting ({@code det A = sign(P) Π U[i, i]}; 1 for n = 0).
   * Gradient {@code g · det A · A⁻ᵀ} (Jacobi's formula); it needs A invertible, and at an exactly
   * singular matrix backward throws as {@link #inverse()} does.
   *
   * @return the determinants
   * @throws IllegalArgumentException unless this is a floating-point stack of square matrices
   */
  public Tensor det() {
    return LinalgOps.det(this);
  }

  /**
   * The sign and the logarithm of the absolute determinant of each matrix of a
   * {@code [..., n, n]} stack: {@code det A = sign · exp(logabsdet)}, computed from the LU
   * factors as a sum of logarithms, so it neither overflows nor underflows where {@link #det()}
   * would. For a singular matrix the sign is 0 and logabsdet is −∞. The sign (−1, 0 or 1) is a
   * constant that never requires grad; logabsdet has gradient {@code g · A⁻ᵀ}.
   *
   * @return {@code {sign, logabsdet}}, each {@code [...]}
   * @throws IllegalArgumentException unless this is a floating-point stack of square matrices
   */
  public Tensor[] slogdet() {
    return LinalgOps.slogdet(this);
  }

  /**
   * {@code log det A} of each matrix of a {@code [..., n, n]} stack: logabsdet of
   * {@link #slogdet()} where the determinant is positive, NaN where it is negative and −∞ where
   * it is 0 (PyTorch's {@code logdet}).
   *
   * @return the log-determinants {@code [...]}
   * @throws IllegalArgumentException unless this is a floating-point stack of square matrices
   */
  public Tensor logdet() {
    return LinalgOps.logdet(this);
  }

  /**
   * The inverse {@code A⁻¹} of each matrix of a {@code [..., n, n]} stack, by LU with partial
   * pivoting. Derivatives: {@code dA⁻¹ = -A⁻¹·dA·A⁻¹}, gradient {@code -A⁻ᵀ·g·A⁻ᵀ}. To apply
   * the inverse to a matrix, {@link #solve(Tensor)} is cheaper and more accurate.
   *
   * @return the inverses, same shape
   * @throws IllegalArgumentException unless this is a floating-point stack of square matrices;
   *     for an exactly singular matrix, naming it and the zero pivot (numbered from 0), e.g.
   *     {@code inverse: matrix [3, 3] is singular (pivot 2 is 0)}
   */
  public Tensor inverse() {
    return LinalgOps.inverse(this);
  }

  /**
   * The solution X of {@code A·X = B}, where A is this {@code [..., n, n]} stack and {@code b}
   * is {@code [..., n, k]} (k right-hand sides) or a vector: {@code [n]}, or shaped like A
   * without its last axis {@code [..., n]} (PyTorch's rule), which gives X of b's shape. Batch
   * dims broadcast as in {@link #matmul(Tensor)}; each matrix of A is LU-factored once.
   * Derivatives: {@code dX = A⁻¹·(dB - dA·X)}, gradients {@code gB = A⁻ᵀ·g}, {@code gA = -gB·Xᵀ}.
   * Mixed dtypes promote.
   *
   * @param b the right-hand side(s)
   * @return X, of shape {@code [broadcast batch..., n, k]} (or {@code [..., n]} for a vector)
   * @throws IllegalArgumentException for non-square A, mismatched n, batch dims that do not
   *     broadcast, integer-only operands, or an exactly singular A (naming the matrix and pivot)
   */
  public Tensor solve(Tensor b) {
    return LinalgOps.solve(this, b);
  }

  /**
   * The lower-triangular Cholesky factor L of each symmetric positive definite matrix of a
   * {@code [..., n, n]} stack, {@code A = L·Lᵀ}, with a positive diagonal. Only the lower
   * triangle of A is read. The derivatives (Murray 2016) treat A as symmetric: the gradient
   * {@code L⁻ᵀ·sym(Φ(Lᵀ·g))·L⁻¹} is symmetric ({@code Φ} keeps the lower triangle and halves the
   * diagonal, {@code sym(X) = (X + Xᵀ)/2}) and the JVP uses the symmetric part of the tangent;
   * build A symmetric, e.g. {@code x.add(x.transpose()).mul(0.5)}, when differentiating.
   *
   * @return L, same shape
   * @throws IllegalArgumentException unless this is a floating-point stack of square matrices;
   *     for a matrix that is not positive definite, naming it and the first failing pivot
   *     {@code A[j, j] - Σ_k L[j, k]²} (numbered from 0), e.g. {@code cholesky: matrix [3, 3] is
   *     not positive definite (pivot 2 is -0.5)}
   */
  public Tensor cholesky() {
    return LinalgOps.cholesky(this);
  }

  /**
   * The solution X of {@code op(T)·X = B} for the triangle T of this {@code [..., n, n]} stack
   * (the upper or lower triangle; only that triangle is read) and {@code b} {@code [..., n, k]}:
   * {@code op(T)} is T, or Tᵀ with {@code transpose}; with {@code unitDiagonal} the diagonal is
   * taken as ones and not read. Batch dims broadcast. Gradients: {@code gB = op(T)⁻ᵀ·g}, and for
   * A {@code -gB·Xᵀ} (transposed back for {@code transpose}) on the entries T reads, 0 elsewhere.
   *
   * @param b the right-hand sides {@code [..., n, k]}
   * @param upper T is the upper triangle (else the lower)
   * @param transpose solve with Tᵀ
   * @param unitDiagonal T has ones on its diagonal
   * @return X, of shape {@code [broadcast batch..., n, k]}
   * @throws IllegalArgumentException for non-square A, b not {@code [..., n, k]}, batch dims that
   *     do not broadcast, integer-only operands, or (without unitDiagonal) a zero diagonal entry
   */
  public Tensor solveTriangular(Tensor b, boolean upper, boolean transpose,
      boolean unitDiagonal) {
    return LinalgOps.solveTriangular(this, b, upper, transpose, unitDiagonal);
  }

  /**
   * The reduced QR factorization {@code A = Q·R} of each matrix of a {@code [..., m, n]} stack,
   * by Householder reflections: Q {@code [..., m, k]} with orthonormal columns and R
   * {@code [..., k, n]} upper triangular, {@code k = min(m, n)}. Sign convention: the diagonal of
   * R is non-negative, which makes the factorization unique for full-rank A. Q and R are views
   * of one packed result. Derivatives (for any m, n; Seeger et al. 2017, Liao et al. 2019) need
   * the leading {@code k x k} block of A invertible: at a rank-deficient A they are undefined
   * and backward throws as a singular {@link #solveTriangular} does.
   *
   * @return {@code {Q, R}}
   * @throws IllegalArgumentException unless this is a floating-point stack of matrices
   */
  public Tensor[] qr() {
    return LinalgOps.qr(this);
  }

  /**
   * The eigendecomposition {@code A = V·diag(w)·Vᵀ} of each symmetric matrix of a
   * {@code [..., n, n]} stack (only the lower triangle is read): eigenvalues w {@code [..., n]}
   * ascending, orthonormal eigenvectors as the columns of V {@code [..., n, n]}, each signed so
   * that its entry of largest magnitude is positive. Householder tridiagonalization and the
   * implicit QL algorithm. w and V are views of one packed result.
   *
   * <p>Derivatives (Giles 2008) treat A as symmetric, as for {@link #cholesky()}:
   * {@code dw = diag(Vᵀ·S·V)}, {@code dV = V·(F ∘ Vᵀ·S·V)} with {@code F[i, j] = 1/(w_j - w_i)}
   * and S the symmetric part of the tangent. <b>Repeated eigenvalues:</b> V is then some
   * orthonormal basis of each eigenspace (deterministic, not unique) and not differentiable;
   * close eigenvalues give large eigenvector gradients, as they truly are. Terms with exactly
   * equal eigenvalues are taken as zero, which is exact for losses of the eigenvalues only (or
   * invariant within each eigenspace) and finite but meaningless otherwise.
   *
   * @return {@code {w, V}}
   * @throws IllegalArgumentException unless this is a floating-point stack of square matrices;
   *     for a non-finite entry in a lower triangle
   */
  public Tensor[] eigh() {
    return LinalgOps.eigh(this);
  }

  /**
   * The reduced singular value decomposition {@code A = U·diag(s)·Vᵀ} of each matrix of a
   * {@code [..., m, n]} stack, {@code k = min(m, n)}: U {@code [..., m, k]} and the rows of Vᵀ
   * {@code [..., k, n]} orthonormal, singular values s {@code [..., k]} descending and
   * non-negative. Sign convention: each column of U has its entry of largest magnitude positive
   * (the row of Vᵀ flips with it). One-sided Jacobi, accurate to working precision even for small
   * singular values. U, s and Vᵀ are views of one packed result.
   *
   * <p>Derivatives: Townsend 2016 (PyTorch's formulas). <b>Degenerate cases:</b> with repeated
   * singular values the singular vectors are some orthonormal basis of each singular space
   * (deterministic, not unique) and not differentiable; for {@code m ≠ n} neither are the vectors
   * of a zero singular value. Terms {@code 1/(s_j² - s_i²)} for exactly equal values and
   * {@code 1/s} for {@code s = 0} are taken as zero: exact for losses of s alone that are
   * symmetric in repeated values (the nuclear norm {@code Σ s} of an orthogonal matrix has
   * gradient {@code U·Vᵀ}), finite but meaningless otherwise. Close singular values give large
   * vector gradients, as they truly are; s itself has a kink at 0, like {@code |x|}.
   *
   * @return {@code {U, s, Vh}} where Vh is Vᵀ
   * @throws IllegalArgumentException unless this is a floating-point stack of matrices; for a
   *     non-finite entry
   */
  public Tensor[] svd() {
    return LinalgOps.svd(this);
  }

  // ---------------------------------------------------------------- printing

  /**
   * NumPy-like text: {@code tensor([[1.0000, 2.0000], [3.0000, 4.0000]], dtype=float32)} with
   * one row per line, a common number format, and {@code ...} for tensors over 1000 elements.
   *
   * @return the text
   */
  @Override
  public String toString() {
    return TensorFormat.format(this);
  }
}
