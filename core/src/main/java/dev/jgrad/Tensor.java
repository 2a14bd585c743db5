package dev.jgrad;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * An n-dimensional dense row-major array of {@link DType#FLOAT32} or {@link DType#FLOAT64}
 * values, and a node of the define-by-run computation graph.
 *
 * <p>Tensors are immutable values: every op returns a new tensor. When grad mode is on
 * ({@link Autograd}) and an input requires grad, the result records the op that produced it, and
 * {@link #backward()} walks those records in reverse to compute gradients:
 *
 * <pre>{@code
 * Tensor x = Tensor.scalar(1.0).requiresGrad(true);
 * Tensor y = Tensor.scalar(2.0).requiresGrad(true);
 * Tensor z = Tensor.scalar(3.0).requiresGrad(true);
 * Tensor j = x.add(y.mul(z)).mul(4);   // J = 4(x + yz) = 28
 * j.backward();                         // dJ/dx = 4, dJ/dy = 4z = 12, dJ/dz = 4y = 8
 * }</pre>
 *
 * <p><b>Broadcasting.</b> Binary ops follow NumPy: shapes align from the right and each pair of
 * sizes must be equal or 1; a broadcast operand is read with stride 0, never copied.
 *
 * <p><b>Dtypes.</b> A {@code float[]} makes a FLOAT32 tensor, a {@code double[]} a FLOAT64 one.
 * Mixing dtypes promotes to FLOAT64; a Java number argument ({@code x.mul(4)}) keeps x's dtype.
 * Gradients have their input's dtype.
 *
 * <p><b>Errors.</b> Caller mistakes throw {@link IllegalArgumentException} naming the op, the
 * shapes and the axis, e.g. {@code add: cannot broadcast [2, 3] with [4]: axis 1 has sizes 3 and
 * 4 (must be equal or 1)}. Nothing is modified when an op throws.
 *
 * <p><b>Threads.</b> A graph belongs to the thread that built it; different threads may build
 * and differentiate their own graphs at the same time, and may share leaf tensors (gradient
 * accumulation into a shared leaf is synchronized).
 */
public final class Tensor {
  private final Shape shape;
  final float[] f;
  final double[] d;
  /** The op that produced this tensor, or null for leaves and constants. */
  Node node;
  private boolean requiresGrad;
  private boolean retainGrad;
  /** Accumulated gradient (see {@link #grad()}). */
  Tensor grad;
  /**
   * In-place modification count of the storage, shared by every tensor viewing it (detach,
   * reshape); nodes remember it so backward can refuse values changed after they were used.
   */
  final int[] version;
  private String label;

  private Tensor(Shape shape, float[] f, double[] d) {
    this(shape, f, d, new int[1]);
  }

  private Tensor(Shape shape, float[] f, double[] d, int[] version) {
    this.shape = shape;
    this.f = f;
    this.d = d;
    this.version = version;
  }

  /** The same storage (and version counter) under another shape with the same element count. */
  Tensor view(Shape s) {
    return new Tensor(s, f, d, version);
  }

  /** Wraps an array (not copied) as a tensor of the given shape. */
  static Tensor wrap(Object data, Shape shape) {
    return data instanceof float[] ? new Tensor(shape, (float[]) data, null)
        : new Tensor(shape, null, (double[]) data);
  }

  /** A new tensor with zeroed storage. */
  static Tensor empty(DType dtype, Shape shape) {
    return dtype == DType.FLOAT32 ? new Tensor(shape, new float[shape.numel()], null)
        : new Tensor(shape, null, new double[shape.numel()]);
  }

  /** The backing array: {@code float[]} or {@code double[]}. */
  Object data() {
    return f != null ? f : d;
  }

  // ---------------------------------------------------------------- factories

  /**
   * A FLOAT32 tensor holding a copy of {@code values} in row-major order.
   *
   * @param shape the dimensions; {@code values.length} must equal their product (an empty shape
   *     is a 0-d scalar and takes one value)
   * @throws IllegalArgumentException if the count does not match or a dimension is negative
   */
  public static Tensor of(float[] values, int... shape) {
    Shape s = Shape.of(shape);
    checkCount(values.length, s);
    return new Tensor(s, values.clone(), null);
  }

  /** A FLOAT64 tensor holding a copy of {@code values}; see {@link #of(float[], int...)}. */
  public static Tensor of(double[] values, int... shape) {
    Shape s = Shape.of(shape);
    checkCount(values.length, s);
    return new Tensor(s, null, values.clone());
  }

  /** A 1-d FLOAT32 tensor {@code [values.length]} (copied). */
  public static Tensor of(float[] values) {
    return of(values, values.length);
  }

  /** A 1-d FLOAT64 tensor {@code [values.length]} (copied). */
  public static Tensor of(double[] values) {
    return of(values, values.length);
  }

  /**
   * A 2-d FLOAT64 tensor {@code [rows.length, rows[0].length]} (copied).
   *
   * @throws IllegalArgumentException if the rows are ragged
   */
  public static Tensor of(double[][] rows) {
    int cols = rows.length == 0 ? 0 : rows[0].length;
    double[] v = new double[rows.length * cols];
    for (int i = 0; i < rows.length; i++) {
      checkArgument(rows[i].length == cols, "of: row %s has %s values, row 0 has %s", i,
          rows[i].length, cols);
      System.arraycopy(rows[i], 0, v, i * cols, cols);
    }
    return new Tensor(Shape.of(rows.length, cols), null, v);
  }

  /** A 2-d FLOAT32 tensor {@code [rows.length, rows[0].length]} (copied). */
  public static Tensor of(float[][] rows) {
    int cols = rows.length == 0 ? 0 : rows[0].length;
    float[] v = new float[rows.length * cols];
    for (int i = 0; i < rows.length; i++) {
      checkArgument(rows[i].length == cols, "of: row %s has %s values, row 0 has %s", i,
          rows[i].length, cols);
      System.arraycopy(rows[i], 0, v, i * cols, cols);
    }
    return new Tensor(Shape.of(rows.length, cols), v, null);
  }

  private static void checkCount(int n, Shape s) {
    checkArgument(n == s.numel(), "of: %s values do not fill shape %s (%s elements)", n, s,
        s.numel());
  }

  /** A 0-d FLOAT64 tensor. */
  public static Tensor scalar(double value) {
    return new Tensor(Shape.SCALAR, null, new double[] {value});
  }

  /** A 0-d FLOAT32 tensor. */
  public static Tensor scalar(float value) {
    return new Tensor(Shape.SCALAR, new float[] {value}, null);
  }

  /** A 0-d tensor of the given dtype (value rounded to float for FLOAT32). */
  public static Tensor scalar(DType dtype, double value) {
    return full(dtype, value);
  }

  /** Zeros of the given dtype and shape. */
  public static Tensor zeros(DType dtype, int... shape) {
    return empty(dtype, Shape.of(shape));
  }

  /** Ones of the given dtype and shape. */
  public static Tensor ones(DType dtype, int... shape) {
    return full(dtype, 1.0, shape);
  }

  /** Every element equal to {@code value}. */
  public static Tensor full(DType dtype, double value, int... shape) {
    Tensor t = empty(dtype, Shape.of(shape));
    if (t.f != null) {
      Arrays.fill(t.f, (float) value);
    } else {
      Arrays.fill(t.d, value);
    }
    return t;
  }

  /**
   * {@code [start, start + step, ...]} up to but excluding {@code end}, as a 1-d tensor of
   * {@code ceil((end - start) / step)} elements (NumPy's arange).
   *
   * @throws IllegalArgumentException if step is 0 or not finite
   */
  public static Tensor arange(DType dtype, double start, double end, double step) {
    checkArgument(step != 0 && Double.isFinite(step), "arange: step must be finite and nonzero, "
        + "got %s", step);
    long n = Math.max(0, (long) Math.ceil((end - start) / step));
    checkArgument(n <= Integer.MAX_VALUE, "arange: %s elements is too many", n);
    Tensor t = empty(dtype, Shape.of((int) n));
    for (int i = 0; i < n; i++) {
      t.setFlat(i, start + i * step);
    }
    return t;
  }

  /** {@code [0, 1, ..., n-1]}. */
  public static Tensor arange(DType dtype, int n) {
    return arange(dtype, 0, n, 1);
  }

  /** The {@code n x n} identity matrix. */
  public static Tensor eye(DType dtype, int n) {
    Tensor t = empty(dtype, Shape.of(n, n));
    for (int i = 0; i < n; i++) {
      t.setFlat(i * n + i, 1.0);
    }
    return t;
  }

  /**
   * Independent uniform samples in {@code [low, high)} drawn in row-major order from
   * {@code rng}: the same generator state gives the same tensor.
   */
  public static Tensor uniform(RandomGenerator rng, DType dtype, double low, double high,
      int... shape) {
    checkArgument(low <= high, "uniform: low %s is greater than high %s", low, high);
    Tensor t = empty(dtype, Shape.of(shape));
    for (int i = 0; i < t.shape.numel(); i++) {
      double v = low + (high - low) * rng.nextDouble();
      // Rounding to float can reach high itself; step to the float below to stay half-open.
      if (dtype == DType.FLOAT32 && low < high && (float) v >= (float) high) {
        v = Math.max((float) low, Math.nextDown((float) high));
      }
      t.setFlat(i, v);
    }
    return t;
  }

  /** Independent normal samples {@code N(mean, std²)} drawn in row-major order from rng. */
  public static Tensor normal(RandomGenerator rng, DType dtype, double mean, double std,
      int... shape) {
    checkArgument(std >= 0, "normal: std must be >= 0, got %s", std);
    Tensor t = empty(dtype, Shape.of(shape));
    for (int i = 0; i < t.shape.numel(); i++) {
      t.setFlat(i, mean + std * rng.nextGaussian());
    }
    return t;
  }

  private void setFlat(int i, double v) {
    if (f != null) {
      f[i] = (float) v;
    } else {
      d[i] = v;
    }
  }

  // ---------------------------------------------------------------- properties and conversion

  /** The dimensions. */
  public Shape shape() {
    return shape;
  }

  /** Number of axes. */
  public int rank() {
    return shape.rank();
  }

  /** Size of one axis (negative counts from the end). */
  public int size(int axis) {
    return shape.dim(axis);
  }

  /** Number of elements. */
  public int numel() {
    return shape.numel();
  }

  /** FLOAT32 or FLOAT64. */
  public DType dtype() {
    return f != null ? DType.FLOAT32 : DType.FLOAT64;
  }

  /**
   * The single value of a one-element tensor.
   *
   * @throws IllegalArgumentException if the tensor has more or fewer than one element
   */
  public double item() {
    checkArgument(numel() == 1, "item: tensor of shape %s has %s elements, expected 1", shape,
        numel());
    return f != null ? f[0] : d[0];
  }

  /**
   * The element at a full index (negative indices count from the end).
   *
   * @throws IllegalArgumentException if the index has the wrong length or is out of range
   */
  public double get(int... index) {
    checkArgument(index.length == rank(), "get: index %s has %s entries for shape %s",
        Arrays.toString(index), index.length, shape);
    int flat = 0;
    int[] strides = shape.strides();
    for (int i = 0; i < index.length; i++) {
      int n = shape.dim(i);
      int j = index[i] < 0 ? index[i] + n : index[i];
      checkArgument(j >= 0 && j < n, "get: index %s is out of range for axis %s of size %s",
          index[i], i, n);
      flat += j * strides[i];
    }
    return f != null ? f[flat] : d[flat];
  }

  /** A copy of the elements in row-major order, as float (FLOAT64 values are rounded). */
  public float[] toFloatArray() {
    if (f != null) {
      return f.clone();
    }
    float[] out = new float[d.length];
    for (int i = 0; i < d.length; i++) out[i] = (float) d[i];
    return out;
  }

  /** A copy of the elements in row-major order, as double. */
  public double[] toDoubleArray() {
    if (d != null) {
      return d.clone();
    }
    double[] out = new double[f.length];
    for (int i = 0; i < f.length; i++) out[i] = f[i];
    return out;
  }

  /**
   * A copy of a 2-d tensor as rows.
   *
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

  /** True if no element is NaN or infinite. */
  public boolean allFinite() {
    if (f != null) {
      for (float v : f) {
        if (!Float.isFinite(v)) {
          return false;
        }
      }
    } else {
      for (double v : d) {
        if (!Double.isFinite(v)) {
          return false;
        }
      }
    }
    return true;
  }

  /** A name for graph export and messages (e.g. "x", "layers.0.weight"); returns this. */
  public Tensor label(String label) {
    this.label = label;
    return this;
  }

  /** The label given with {@link #label(String)}, or null. */
  public String label() {
    return label;
  }

  // ---------------------------------------------------------------- autodiff

  /**
   * Marks a leaf tensor as a variable whose gradient is wanted (or not) and returns it.
   *
   * @throws IllegalArgumentException on a tensor produced by an op (only leaves can be marked;
   *     use {@link #detach()} first)
   */
  public Tensor requiresGrad(boolean value) {
    checkArgument(node == null, "requiresGrad: only leaf tensors can be marked; this one was "
        + "produced by '%s' (detach() it first)", node == null ? "" : node.op.info().name());
    this.requiresGrad = value;
    return this;
  }

  /** True for marked leaves and for every tensor computed from one under grad mode. */
  public boolean requiresGrad() {
    return requiresGrad || node != null;
  }

  /** True if this tensor was not produced by a recorded op. */
  public boolean isLeaf() {
    return node == null;
  }

  /**
   * The gradient accumulated by {@link #backward()}, or null if none yet. Leaves that require
   * grad accumulate; other tensors only if {@link #retainGrad()} was called.
   */
  public Tensor grad() {
    return grad;
  }

  /** Resets the accumulated gradient to none (null). */
  public void zeroGrad() {
    grad = null;
  }

  /** Asks backward to also store this non-leaf tensor's gradient in {@link #grad()}. */
  public Tensor retainGrad() {
    retainGrad = true;
    return this;
  }

  boolean retainsGrad() {
    return retainGrad;
  }

  /**
   * The same values (shared storage, not copied) as a constant: no graph history, does not
   * require grad. Gradients do not flow through a detached tensor.
   */
  public Tensor detach() {
    return new Tensor(shape, f, d, version);
  }

  // ---------------------------------------------------------------- in-place updates

  /**
   * Overwrites this leaf's values with {@code src} (converted to this dtype, broadcast to this
   * shape) — for optimizers and initializers. Graphs that used the old values can no longer be
   * differentiated (backward says so).
   *
   * @throws IllegalArgumentException if this tensor was produced by an op, if it requires grad
   *     while grad mode is on (wrap updates in {@link Autograd#noGrad()}), or if src does not
   *     broadcast to this shape
   */
  public Tensor set(Tensor src) {
    checkInPlace("set");
    checkArgument(src.shape.broadcastsTo(shape), "set: cannot broadcast %s to %s", src.shape,
        shape);
    Tensor v;
    try (Autograd.Scope s = Autograd.noGrad()) {
      v = src.to(dtype()).broadcastTo(shape.dims());
    }
    System.arraycopy(v.data(), 0, data(), 0, numel());
    version[0]++;
    return this;
  }

  /**
   * {@code this ← this + alpha·other} in place (other broadcast to this shape), e.g. the SGD
   * step {@code w.addInPlace(w.grad(), -lr)}. Same restrictions as {@link #set(Tensor)}.
   */
  public Tensor addInPlace(Tensor other, double alpha) {
    checkInPlace("addInPlace");
    if (other.shape.equals(shape) && other.dtype() == dtype()) {
      // The optimizer's common case: one fused pass, no temporaries.
      if (f != null) {
        float a = (float) alpha;
        for (int i = 0; i < f.length; i++) f[i] += a * other.f[i];
      } else {
        for (int i = 0; i < d.length; i++) d[i] += alpha * other.d[i];
      }
      version[0]++;
      return this;
    }
    Tensor v;
    try (Autograd.Scope s = Autograd.noGrad()) {
      Shape out = Shape.broadcast("addInPlace", shape, other.shape);
      checkArgument(out.equals(shape), "addInPlace: cannot broadcast %s to %s", other.shape,
          shape);
      v = add(other.to(dtype()).mul(alpha));
    }
    System.arraycopy(v.data(), 0, data(), 0, numel());
    version[0]++;
    return this;
  }

  /** {@code this ← this · c} in place. Same restrictions as {@link #set(Tensor)}. */
  public Tensor mulInPlace(double c) {
    checkInPlace("mulInPlace");
    Tensor v;
    try (Autograd.Scope s = Autograd.noGrad()) {
      v = mul(c);
    }
    System.arraycopy(v.data(), 0, data(), 0, numel());
    version[0]++;
    return this;
  }

  private void checkInPlace(String op) {
    checkArgument(node == null, "%s: only leaf tensors can be modified in place; this one was "
        + "produced by '%s'", op, node == null ? "" : node.op.info().name());
    checkArgument(!(requiresGrad && Autograd.isGradEnabled()), "%s: in-place update of a leaf "
        + "that requires grad (shape %s) while grad mode is on; wrap it in Autograd.noGrad()",
        op, shape);
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
   * {@code gradOutput · d this / d leaf} into each leaf's {@link #grad()}.
   *
   * @throws IllegalArgumentException if gradOutput's shape differs or this does not require grad
   */
  public void backward(Tensor gradOutput) {
    checkArgument(gradOutput != null, "backward: gradOutput is null");
    backward(gradOutput, false);
  }

  /**
   * As {@link #backward(Tensor)}; with {@code createGraph} the backward pass is itself recorded,
   * so the accumulated gradients can be differentiated again. {@code gradOutput} may be null for
   * a one-element tensor.
   */
  public void backward(Tensor gradOutput, boolean createGraph) {
    checkArgument(requiresGrad(), "backward: tensor of shape %s does not require grad (it is a "
        + "constant, or was computed under noGrad or from detached inputs)", shape);
    Tensor[] roots = {this};
    Tensor[] seeds = Autograd.seeds("backward", roots,
        gradOutput == null ? null : List.of(gradOutput));
    Engine.run(roots, seeds, null, createGraph);
  }

  // ---------------------------------------------------------------- elementwise

  private Tensor unary(UnaryOps.Row row) {
    return UnaryOps.apply(row, this);
  }

  /** {@code -x}. */
  public Tensor neg() {
    return unary(UnaryOps.NEG);
  }

  /** {@code e^x}. */
  public Tensor exp() {
    return unary(UnaryOps.EXP);
  }

  /** Natural log; NaN for {@code x < 0}, -Inf at 0. */
  public Tensor log() {
    return unary(UnaryOps.LOG);
  }

  /** {@code log(1 + x)}, accurate near 0. */
  public Tensor log1p() {
    return unary(UnaryOps.LOG1P);
  }

  /** {@code e^x - 1}, accurate near 0. */
  public Tensor expm1() {
    return unary(UnaryOps.EXPM1);
  }

  /** Square root. */
  public Tensor sqrt() {
    return unary(UnaryOps.SQRT);
  }

  /** {@code |x|}; gradient {@code sign(x)} (0 at 0). */
  public Tensor abs() {
    return unary(UnaryOps.ABS);
  }

  /** {@code x²} (= x·x). */
  public Tensor square() {
    return mul(this);
  }

  /** {@code 1/x}. */
  public Tensor reciprocal() {
    return pow(-1.0);
  }

  /** Sine. */
  public Tensor sin() {
    return unary(UnaryOps.SIN);
  }

  /** Cosine. */
  public Tensor cos() {
    return unary(UnaryOps.COS);
  }

  /** Hyperbolic tangent; gradient {@code 1 - tanh²}. */
  public Tensor tanh() {
    return unary(UnaryOps.TANH);
  }

  /** {@code 1 / (1 + e^-x)}, computed without overflow; gradient {@code σ(1 - σ)}. */
  public Tensor sigmoid() {
    return unary(UnaryOps.SIGMOID);
  }

  /** {@code max(x, 0)}; gradient 1 for x > 0, else 0 (0 at the kink). */
  public Tensor relu() {
    return unary(UnaryOps.RELU);
  }

  /** {@code x} for x > 0, else {@code slope·x}. */
  public Tensor leakyRelu(double slope) {
    return UnaryOps.apply(UnaryOps.LEAKY_RELU, this, slope, 0);
  }

  /** {@code log(1 + e^x)} computed as {@code max(x,0) + log1p(e^-|x|)}; gradient {@code σ(x)}. */
  public Tensor softplus() {
    return unary(UnaryOps.SOFTPLUS);
  }

  /**
   * Clips to {@code [min, max]}; gradient 1 inside (bounds included), 0 outside.
   *
   * @throws IllegalArgumentException if min > max
   */
  public Tensor clamp(double min, double max) {
    checkArgument(min <= max, "clamp: min %s is greater than max %s", min, max);
    return UnaryOps.apply(UnaryOps.CLAMP, this, min, max);
  }

  /** {@code x^p} for a constant exponent; gradient {@code p·x^(p-1)}. */
  public Tensor pow(double p) {
    return UnaryOps.apply(UnaryOps.POW, this, p, 0);
  }

  /** -1, 0 or 1. Not differentiable: the result is a constant (zero gradient). */
  public Tensor sign() {
    return unary(UnaryOps.SIGN);
  }

  /** Heaviside step: 1 where x > 0, else 0. Not differentiable (a constant). */
  public Tensor step() {
    return unary(UnaryOps.STEP);
  }

  /** Converts to another dtype (a no-op if equal); gradients are converted back. */
  public Tensor to(DType dtype) {
    return ShapeOps.cast(this, dtype);
  }

  private Tensor binary(BinaryOps.Row row, Tensor other) {
    DType t = DType.promote(dtype(), other.dtype());
    return BinaryOps.apply(row, to(t), other.to(t));
  }

  private Tensor binary(BinaryOps.Row row, double other) {
    return BinaryOps.apply(row, this, scalar(dtype(), other));
  }

  /** {@code x + y} with broadcasting. */
  public Tensor add(Tensor other) {
    return binary(BinaryOps.ADD, other);
  }

  /** {@code x + c}, keeping x's dtype. */
  public Tensor add(double c) {
    return binary(BinaryOps.ADD, c);
  }

  /** {@code x - y} with broadcasting. */
  public Tensor sub(Tensor other) {
    return binary(BinaryOps.SUB, other);
  }

  /** {@code x - c}. */
  public Tensor sub(double c) {
    return binary(BinaryOps.SUB, c);
  }

  /** {@code x · y} elementwise with broadcasting. */
  public Tensor mul(Tensor other) {
    return binary(BinaryOps.MUL, other);
  }

  /** {@code x · c}. */
  public Tensor mul(double c) {
    return binary(BinaryOps.MUL, c);
  }

  /** {@code x / y} with broadcasting. */
  public Tensor div(Tensor other) {
    return binary(BinaryOps.DIV, other);
  }

  /** {@code x / c}. */
  public Tensor div(double c) {
    return binary(BinaryOps.DIV, c);
  }

  /**
   * {@code x^y} elementwise with broadcasting; gradients {@code y·x^(y-1)} and {@code x^y·log x}
   * (defined for x > 0; use {@link #pow(double)} for a constant exponent of any base).
   */
  public Tensor pow(Tensor exponent) {
    return binary(BinaryOps.POW, exponent);
  }

  /** Elementwise maximum with broadcasting; ties split the gradient evenly. */
  public Tensor maximum(Tensor other) {
    return binary(BinaryOps.MAXIMUM, other);
  }

  /** Elementwise minimum with broadcasting; ties split the gradient evenly. */
  public Tensor minimum(Tensor other) {
    return binary(BinaryOps.MINIMUM, other);
  }

  /** 1 where {@code x < y} else 0, in the promoted dtype. A constant (not differentiable). */
  public Tensor lt(Tensor other) {
    return binary(BinaryOps.LT, other);
  }

  /** 1 where {@code x < c} else 0. */
  public Tensor lt(double c) {
    return binary(BinaryOps.LT, c);
  }

  /** 1 where {@code x <= y} else 0. A constant. */
  public Tensor le(Tensor other) {
    return binary(BinaryOps.LE, other);
  }

  /** 1 where {@code x <= c} else 0. */
  public Tensor le(double c) {
    return binary(BinaryOps.LE, c);
  }

  /** 1 where x > y else 0. A constant. */
  public Tensor gt(Tensor other) {
    return binary(BinaryOps.GT, other);
  }

  /** 1 where x > c else 0. */
  public Tensor gt(double c) {
    return binary(BinaryOps.GT, c);
  }

  /** 1 where x >= y else 0. A constant. */
  public Tensor ge(Tensor other) {
    return binary(BinaryOps.GE, other);
  }

  /** 1 where x >= c else 0. */
  public Tensor ge(double c) {
    return binary(BinaryOps.GE, c);
  }

  /** 1 where x == y else 0. A constant. */
  public Tensor eq(Tensor other) {
    return binary(BinaryOps.EQ, other);
  }

  /** 1 where x == c else 0. */
  public Tensor eq(double c) {
    return binary(BinaryOps.EQ, c);
  }

  /** 1 where x != y else 0. A constant. */
  public Tensor ne(Tensor other) {
    return binary(BinaryOps.NE, other);
  }

  /** 1 where x != c else 0. */
  public Tensor ne(double c) {
    return binary(BinaryOps.NE, c);
  }

  /**
   * {@code cond != 0 ? a : b} elementwise, all three broadcast together. The condition is a
   * constant; gradients flow to a where it holds and to b elsewhere.
   */
  public static Tensor where(Tensor cond, Tensor a, Tensor b) {
    DType t = DType.promote(a.dtype(), b.dtype());
    return BinaryOps.where(cond, a.to(t), b.to(t));
  }

  // ---------------------------------------------------------------- reductions

  /** Sum of all elements (0-d). */
  public Tensor sum() {
    return ReduceOps.reduce(ReduceOps.SUM, this, new int[0], false);
  }

  /** Sum over the given axes (all if none), dropping them. */
  public Tensor sum(int... axes) {
    return sum(axes, false);
  }

  /**
   * Sum over {@code axes} (negative count from the end; empty = all); with {@code keepdims} the
   * reduced axes stay as size 1.
   *
   * @throws IllegalArgumentException for an axis out of range or repeated
   */
  public Tensor sum(int[] axes, boolean keepdims) {
    return ReduceOps.reduce(ReduceOps.SUM, this, axes, keepdims);
  }

  /** Mean of all elements. */
  public Tensor mean() {
    return mean(new int[0], false);
  }

  /** Mean over the given axes (all if none). */
  public Tensor mean(int... axes) {
    return mean(axes, false);
  }

  /** {@code sum(axes, keepdims) / (number of elements reduced)}. */
  public Tensor mean(int[] axes, boolean keepdims) {
    boolean[] r = ReduceOps.reducedAxes("mean", shape, axes);
    long count = 1;
    for (int i = 0; i < r.length; i++) {
      count *= r[i] ? shape.dim(i) : 1;
    }
    return sum(axes, keepdims).div((double) count);
  }

  /** Largest element (0-d). */
  public Tensor max() {
    return max(new int[0], false);
  }

  /**
   * Largest value over {@code axes}; the gradient goes to the maximal elements, split evenly
   * among ties.
   *
   * @throws IllegalArgumentException for a bad axis or a reduced axis of size 0
   */
  public Tensor max(int[] axes, boolean keepdims) {
    return ReduceOps.reduce(ReduceOps.MAX, this, axes, keepdims);
  }

  /** Largest value along one axis. */
  public Tensor max(int axis) {
    return max(new int[] {axis}, false);
  }

  /** Smallest element (0-d). */
  public Tensor min() {
    return min(new int[0], false);
  }

  /** Smallest value over {@code axes}; see {@link #max(int[], boolean)}. */
  public Tensor min(int[] axes, boolean keepdims) {
    return ReduceOps.reduce(ReduceOps.MIN, this, axes, keepdims);
  }

  /** Smallest value along one axis. */
  public Tensor min(int axis) {
    return min(new int[] {axis}, false);
  }

  /**
   * {@code log Σ exp(x)} over {@code axes}, computed as {@code m + log Σ exp(x - m)} with
   * {@code m} the (detached) max, so it is exact for logits of ±1000; gradient softmax(x).
   */
  public Tensor logsumexp(int[] axes, boolean keepdims) {
    boolean[] reduced = ReduceOps.reducedAxes("logsumexp", shape, axes);
    Tensor m = max(axes, true).detach();
    if (!m.allFinite()) {
      // All -Inf (or Inf) along an axis: shift by 0 there so the result is -Inf/Inf, not NaN.
      m = where(m.abs().lt(Double.POSITIVE_INFINITY), m, scalar(dtype(), 0.0));
    }
    Tensor lse = sub(m).exp().sum(axes, true).log().add(m);
    return keepdims ? lse : lse.squeezeAxes(reduced);
  }

  /** {@link #logsumexp(int[], boolean)} along one axis, dropping it. */
  public Tensor logsumexp(int axis) {
    return logsumexp(new int[] {axis}, false);
  }

  /**
   * Softmax along an axis: {@code exp(x - m) / Σ exp(x - m)} with the max m detached (it cancels
   * mathematically), so rows sum to 1 even for logits of ±1000.
   */
  public Tensor softmax(int axis) {
    shape.axis("softmax", axis);
    Tensor e = sub(max(new int[] {axis}, true).detach()).exp();
    return e.div(e.sum(new int[] {axis}, true));
  }

  /** {@code x - logsumexp(x)} along an axis: stable log-probabilities. */
  public Tensor logSoftmax(int axis) {
    shape.axis("logSoftmax", axis);
    return sub(logsumexp(new int[] {axis}, true));
  }

  /**
   * Index of the largest element along {@code axis} (first wins ties), as integral values in
   * this dtype. Not differentiable.
   */
  public Tensor argmax(int axis) {
    return ReduceOps.argExtreme(true, this, axis, false);
  }

  /** Flat row-major index of the largest element (0-d). */
  public Tensor argmax() {
    return ReduceOps.argExtreme(true, this, null, false);
  }

  /** Index of the smallest element along {@code axis}. Not differentiable. */
  public Tensor argmin(int axis) {
    return ReduceOps.argExtreme(false, this, axis, false);
  }

  /**
   * Sums this tensor down to {@code shape} — the inverse of broadcasting {@code shape} up to
   * this tensor's shape (what the engine uses to route broadcast gradients).
   *
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

  // ---------------------------------------------------------------- shape

  /**
   * The same elements in a new shape (one dimension may be -1 and is inferred). Shares storage.
   *
   * @throws IllegalArgumentException if the element counts differ
   */
  public Tensor reshape(int... shape) {
    return ShapeOps.reshape(this, shape);
  }

  /** A 1-d view of all elements. */
  public Tensor flatten() {
    return reshape(numel());
  }

  /**
   * Reorders axes: result axis i is input axis {@code axes[i]}.
   *
   * @throws IllegalArgumentException unless axes is a permutation of the rank
   */
  public Tensor permute(int... axes) {
    return ShapeOps.permute(this, axes);
  }

  /** Swaps two axes. */
  public Tensor transpose(int a, int b) {
    int[] p = new int[rank()];
    for (int i = 0; i < p.length; i++) p[i] = i;
    int x = shape.axis("transpose", a);
    int y = shape.axis("transpose", b);
    p[x] = y;
    p[y] = x;
    return permute(p);
  }

  /** Swaps the last two axes (the matrix transpose); 0-d and 1-d tensors are returned as is. */
  public Tensor transpose() {
    return rank() < 2 ? this : transpose(-2, -1);
  }

  /** Materializes broadcasting to {@code shape}; gradient sums back. */
  public Tensor broadcastTo(int... shape) {
    return ShapeOps.broadcastTo(this, shape);
  }

  /** Removes the given size-1 axes, or every size-1 axis if none are given. */
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

  /** Inserts a size-1 axis at {@code axis} (in {@code [-rank-1, rank]}). */
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

  /** Elements {@code start, start+1, ..., end-1} along an axis (Python slice semantics). */
  public Tensor slice(int axis, int start, int end) {
    return slice(axis, start, end, 1);
  }

  /**
   * Elements {@code start, start+step, ... < end} along an axis. Negative start/end count from
   * the end; both are clamped to the axis, as in Python.
   *
   * @throws IllegalArgumentException if {@code step <= 0} or the axis is out of range
   */
  public Tensor slice(int axis, int start, int end, int step) {
    return ShapeOps.slice(this, axis, start, end, step);
  }

  /**
   * Joins tensors along an existing axis; all other sizes must match. Mixed dtypes promote.
   *
   * @throws IllegalArgumentException naming the first mismatched tensor and its shape
   */
  public static Tensor concat(int axis, Tensor... tensors) {
    return ShapeOps.concat(axis, tensors);
  }

  /** Joins equally-shaped tensors along a new axis. */
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
   * gather). {@code index} holds integer values, has this tensor's rank and its sizes on every
   * other axis; e.g. {@code logp.gather(1, labels.unsqueeze(1))} picks each row's class.
   *
   * @throws IllegalArgumentException for a shape mismatch or an index that is not an integer in
   *     range (naming its value and position)
   */
  public Tensor gather(int axis, Tensor index) {
    return IndexOps.gather(this, axis, index);
  }

  /**
   * The slices at {@code indices} along {@code axis}, in that order (repeats allowed), e.g. the
   * rows of a mini-batch.
   *
   * @throws IllegalArgumentException for an index out of range
   */
  public Tensor indexSelect(int axis, int... indices) {
    return IndexOps.indexSelect(this, axis, indices);
  }

  // ---------------------------------------------------------------- linear algebra

  /**
   * Matrix product with NumPy's {@code matmul} rules: 1-d · 1-d is a dot product (0-d);
   * a 1-d left operand is a row, a 1-d right operand a column (the added axis is removed);
   * tensors of rank >= 2 are stacks of matrices {@code [..., n, k] @ [..., k, m]} whose batch
   * dims broadcast.
   *
   * @throws IllegalArgumentException e.g. {@code matmul: expected [n, k] @ [k, m], got [2, 3] @
   *     [2, 3]}
   */
  public Tensor matmul(Tensor other) {
    checkArgument(rank() > 0 && other.rank() > 0, "matmul: operands must be at least 1-d, got "
        + "%s @ %s", shape, other.shape);
    DType t = DType.promote(dtype(), other.dtype());
    Tensor a = to(t);
    Tensor b = other.to(t);
    if (a.rank() == 1 && b.rank() == 1) {
      checkArgument(a.numel() == b.numel(), "matmul: expected [k] @ [k], got %s @ %s", shape,
          other.shape);
    }
    Tensor a2 = a.rank() == 1 ? a.unsqueeze(0) : a;
    Tensor b2 = b.rank() == 1 ? b.unsqueeze(1) : b;
    Tensor c = MatmulOp.apply(a2, b2, false, false);
    if (b.rank() == 1) {
      c = c.squeeze(-1);
    }
    if (a.rank() == 1) {
      c = c.squeeze(b.rank() == 1 ? -1 : -2);
    }
    return c;
  }

  /**
   * {@code op(x) @ op(y)} where {@code op} transposes the last two axes when its flag is set,
   * without copying: e.g. a linear layer's {@code x @ Wᵀ} is {@code x.matmul(w, false, true)}.
   * Both operands need rank >= 2; batch dims broadcast as in {@link #matmul(Tensor)}.
   *
   * @throws IllegalArgumentException if an operand has {@code rank < 2} or the inner sizes differ
   */
  public Tensor matmul(Tensor other, boolean transposeA, boolean transposeB) {
    checkArgument(rank() >= 2 && other.rank() >= 2, "matmul: transposed products need operands "
        + "of rank >= 2, got %s @ %s", shape, other.shape);
    DType t = DType.promote(dtype(), other.dtype());
    return MatmulOp.apply(to(t), other.to(t), transposeA, transposeB);
  }

  // ---------------------------------------------------------------- printing

  /**
   * NumPy-like text: {@code tensor([[1.0000, 2.0000], [3.0000, 4.0000]], dtype=float32)} with
   * one row per line, a common number format, and {@code ...} for tensors over 1000 elements.
   */
  @Override
  public String toString() {
    return TensorFormat.format(this);
  }
}
